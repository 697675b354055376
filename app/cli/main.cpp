// `focus`: the headless command line for scripts and cluster jobs. No Qt.
#include "app/cli/Commands.h"
#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/runtime/ProcessTuning.h"

#include <htslib/hts.h>

#include <unistd.h>

#include <csignal>
#include <iostream>

namespace focus::cli {

namespace {
CancelToken* interruptTarget = nullptr;
volatile std::sig_atomic_t interruptSignal = 0;
extern "C" void onInterrupt(int signal) {
    interruptSignal = signal;
    if (interruptTarget) interruptTarget->cancel();  // an atomic store: async-signal-safe
    std::signal(signal, SIG_DFL);  // a second one ends the process at once (writes are atomic: nothing half-written)
}
}  // namespace

char** savedArgv = nullptr;

bool& quietOutput() {
    static bool quiet = false;
    return quiet;
}

ProgressBar::ProgressBar(std::string label, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), terminal_(::isatty(2) != 0), quiet_(quietOutput()), last_(start_) {}

void ProgressBar::operator()(int64_t done, int64_t total) {
    if (finished_ || quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const auto interval = terminal_ ? std::chrono::duration_cast<std::chrono::milliseconds>(kTerminalInterval)
                                    : std::chrono::duration_cast<std::chrono::milliseconds>(kLogInterval);
    if (done < total && (drawn_ || !terminal_) && now - last_ < interval) return;
    last_ = now;
    const double f = total > 0 ? double(done) / double(total) : 1.0;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? double(done) / seconds : 0.0;
    if (terminal_) {
        const int width = 30;
        const int filled = int(f * width);
        std::fprintf(stderr, "\r%s [%s%s] %5.1f%%  %lld/%lld %s  %.0f %s/s ", label_.c_str(), std::string(size_t(filled), '#').c_str(),
                     std::string(size_t(width - filled), '.').c_str(), 100.0 * f, (long long)done, (long long)total, unit_.c_str(), rate,
                     unit_.c_str());
        drawn_ = true;
        if (done >= total) std::fputc('\n', stderr);
    } else {
        std::fprintf(stderr, "%s: %.1f%%  %lld/%lld %s  %.0f %s/s  %.0f s\n", label_.c_str(), 100.0 * f, (long long)done,
                     (long long)total, unit_.c_str(), rate, unit_.c_str(), seconds);
    }
    if (done >= total) finished_ = true;
}

void ProgressBar::stop() {
    if (terminal_ && drawn_ && !finished_) std::fputc('\n', stderr);
    finished_ = true;
}

void beforeModelWork() {
    if (savedArgv) runtime::useSleepingThreadWaits(savedArgv, /*holdSignals=*/true);
    // Signals are caught from here on (after the re-exec, which resets handlers): one arriving
    // while the model loads stops the command at its first check, with the same message.
    (void)interruptToken();
}

CancelToken interruptToken() {
    static CancelToken token;
    if (!interruptTarget) {
        interruptTarget = &token;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        runtime::releaseHeldSignals();  // one that arrived during the re-execution is handled now
    }
    return token;
}

// What a stopped command says, and its exit status (128 + the signal, as shells report it).
int reportCancelled(const Cancelled& c) {
    const int signal = interruptSignal;
    const std::string why = signal == SIGINT    ? "interrupted (SIGINT)"
                            : signal == SIGTERM ? "terminated (SIGTERM)"
                                                : "cancelled";
    if (c.saved.empty())
        std::cerr << "focus: " << why << "; nothing was written (outputs are written only when a command completes)\n";
    else
        std::cerr << "focus: " << why << "; " << c.saved << "; run the same command to resume\n";
    return signal ? 128 + signal : 130;
}

}  // namespace focus::cli

int main(int argc, char** argv) {
    focus::runtime::tuneAllocatorForTensors();
    focus::cli::savedArgv = argv;  // for beforeModelWork()

    CLI::App app{"focus: score DNA with a language model and compress long context with FOCUS"};
    app.set_version_flag("--version",
                         std::string("focus " FOCUS_VERSION " (HTSlib ") + hts_version() + ")");
    app.require_subcommand(1);
    app.fallthrough();  // --quiet may follow the subcommand
    app.add_flag("-q,--quiet", focus::cli::quietOutput(), "No progress and no notes on stderr (errors and results stay)");
    focus::cli::addGenomeCommands(app);
    focus::cli::addScoreCommands(app);
    focus::cli::addVariantCommands(app);
    focus::cli::addAdapterCommands(app);
    focus::cli::addTrainCommands(app, argc, argv);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const focus::Cancelled& c) {
        return focus::cli::reportCancelled(c);
    } catch (const focus::Error& e) {
        std::cerr << "focus: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "focus: internal error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
