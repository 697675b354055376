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

// `focus --quiet` (or -q, anywhere on the line): no progress and no notes on stderr; errors and
// the results a command writes stay.
bool& quietOutput();

// Progress of a long command on stderr. On a terminal: a bar redrawn in place at most ~10 times a
// second, LABEL [#####.....]  42.0%  done/total UNIT  rate UNIT/s. Into a pipe or a file (cluster
// logs, where carriage returns make a mess): a plain line in the same words every 10 s and one at
// the end. Nothing with --quiet. One class for score, compare, vep and ism.
class ProgressBar {
public:
    explicit ProgressBar(std::string label, std::string unit = "bases");
    void operator()(int64_t done, int64_t total);
    // Ends a bar cut short (cancelled) so the next message starts on its own line.
    void stop();
    static constexpr std::chrono::milliseconds kTerminalInterval{100};
    static constexpr std::chrono::seconds kLogInterval{10};

private:
    std::string label_, unit_;
    bool terminal_ = false, quiet_ = false, finished_ = false, drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_;
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
