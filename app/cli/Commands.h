// The `focus` command line: each area registers its subcommands on the CLI11 app. A command's
// callback throws focus::Error on bad input; main() prints it as "focus: error: ..." and exits 1.
#pragma once

#include "core/common/Progress.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace focus::scoring {
class Scorer;
struct ScoreOptions;
}  // namespace focus::scoring

namespace focus::cli {

// A token that SIGINT / SIGTERM cancel (installed on first use): long commands stop at their next
// safe point, checkpoint, and exit 130; running the same command again resumes.
CancelToken interruptToken();

// Called by a command before it loads a model: the first time, the CLI re-executes itself with
// sleeping OpenMP waits (runtime::useSleepingThreadWaits; a second start of LibTorch, so only
// commands that run a model pay for it, after their options were parsed and checked).
void beforeModelWork();
extern char** savedArgv;  // main()'s argv

// --mode and --adapter as score, compare and vep take them: sets o.mode, loads the adapter
// (StripedHyena models run FOCUS without one), and refuses FOCUS settings in another mode.
void applyContextMode(scoring::Scorer& scorer, const std::string& mode, const std::string& adapter, scoring::ScoreOptions& o);
// The FOCUS inference settings (--preset, --carry, --positions, ...), each prefixed by `lead`.
void addFocusSettings(CLI::App* cmd, scoring::ScoreOptions& o, const std::string& lead);

// A progress bar on stderr, redrawn at most ~10 times a second:
// LABEL [#####.....]  42.0%  done/total UNIT  rate UNIT/s. (score, compare and ism; drawn also
// into a pipe, where the last state ends the line, as test_cli_model expects.)
class ProgressBar {
public:
    explicit ProgressBar(std::string label, std::string unit = "bases") : label_(std::move(label)), unit_(std::move(unit)) {}
    void operator()(int64_t done, int64_t total) {
        if (finished_) return;
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const double f = total > 0 ? double(done) / double(total) : 1.0;
        const int width = 30;
        const int filled = int(f * width);
        const double seconds = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "\r%s [%s%s] %5.1f%%  %lld/%lld %s  %.0f %s/s ", label_.c_str(),
                     std::string(size_t(filled), '#').c_str(), std::string(size_t(width - filled), '.').c_str(), 100.0 * f,
                     (long long)done, (long long)total, unit_.c_str(), seconds > 0 ? double(done) / seconds : 0.0, unit_.c_str());
        if (done >= total) std::fputc('\n', stderr), finished_ = true;
    }

private:
    std::string label_, unit_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

// focus fetch FASTA LOCUS...   focus contigs FASTA
void addGenomeCommands(CLI::App& app);
// focus score ...
void addScoreCommands(CLI::App& app);
// focus vep ...   focus ism ...   (variant effects, issue 21)
void addVariantCommands(CLI::App& app);
// focus adapter --model DIR --adapter FILE [--recommend PRESET|JSON]
void addAdapterCommands(CLI::App& app);
// focus train-model ...   (argc/argv are recorded in the model's provenance)
void addTrainCommands(CLI::App& app, int argc, char** argv);

}  // namespace focus::cli
