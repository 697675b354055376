# FOCUS Browser: the two commands of the README, and the steps they are made of.
#   make run    install what is missing, fetch data, build, launch on the demo region
#   make test   the same set-up, then the whole test suite (what CI runs)
# Every step is idempotent and quick when there is nothing to do.

SHELL      := /bin/bash
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
GENERATOR  := $(if $(shell command -v ninja 2>/dev/null),-G Ninja,)
CMAKE_ARGS ?=
DEMO_FASTA := data/genomes/20.fa.gz
DEMO_LOCUS := 20:5,075,000-5,125,000
FUZZ_SECONDS ?= 60
# ccache hits across checkouts in different folders (CI builds in a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)

.PHONY: run test bench deps data configure build fuzz clean help

help:
	@echo "make run | make test | make bench | make fuzz | make deps | make data | make build | make clean"

deps:
	bash scripts/install-deps.sh

data: deps
	bash scripts/fetch-data.sh

configure: deps
	@if [ ! -f $(BUILD)/CMakeCache.txt ]; then \
	  cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS); fi

build: configure
	cmake --build $(BUILD) --parallel $(JOBS)

DEMO_ARGS  := --genome $(DEMO_FASTA) --model models/demo --adapter models/demo/focus-k100-corrected.safetensors \
              --annotations data/annotations/interval-exome.target-267.bed --locus "$(DEMO_LOCUS)"

# The browser on the demo. Without a display (ssh, CI) it scores the demo region headless,
# writes a snapshot and the FOCUS track, and says where they are.
run: data build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/app/focus-browser $(DEMO_ARGS); \
	else \
	  echo "No display: scoring $(DEMO_LOCUS) headless (QT_QPA_PLATFORM=offscreen)"; \
	  QT_QPA_PLATFORM=offscreen $(BUILD)/app/focus-browser $(DEMO_ARGS) \
	    --snapshot $(BUILD)/demo-snapshot.png --export-bedgraph $(BUILD)/demo-focus.bedGraph --quit-when-done && \
	  echo "Wrote $(BUILD)/demo-snapshot.png and $(BUILD)/demo-focus.bedGraph"; \
	fi

test: data build
	cd $(BUILD) && ctest --output-on-failure --parallel $(JOBS) --timeout 1800

# Benchmarks print Markdown tables (copied into docs/benchmarks.md with the machine and date).
bench: data build
	$(BUILD)/bench/bench_fasta_fetch data/genomes/20.fa.gz
	$(BUILD)/bench/bench_focus_memory models/demo models/demo/focus-k100.safetensors data/genomes/20.fa.gz \
	  20 35000000 --sizes 10000,100000,1000000 --full-max 100000

# libFuzzer, FUZZ_SECONDS each, with ASan+UBSan: the locus parser, the BED / GFF3 / GTF readers, the
# safetensors reader, the command port's line reader, config.json + the weights header, the
# training checkpoint reader and FOCUS adapter metadata. Inputs up to 4 KB; checkpoints up to 16 KB
# (a valid one holds the 6.5-KB text of its RNG state).
FUZZ_TARGETS := locus bed gff3 gtf safetensors commandport modelconfig checkpoint adapter
fuzz: deps
	@if [ ! -f $(BUILD)-fuzz/CMakeCache.txt ]; then \
	  CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DFOCUS_FUZZ=ON -DFOCUS_BUILD_GUI=OFF -DFOCUS_BUILD_TESTS=OFF -DFOCUS_WITH_TORCH=OFF; fi
	cmake --build $(BUILD)-fuzz --parallel $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)-fuzz/corpus/$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  case $$t in checkpoint) len=16384;; *) len=4096;; esac; \
	  $(BUILD)-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$$len -timeout=10 \
	    -artifact_prefix=$(BUILD)-fuzz/fuzz_$$t- -print_final_stats=1 \
	    $(BUILD)-fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done' ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz
