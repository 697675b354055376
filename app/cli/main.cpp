// `focus`: the headless command line for scripts and cluster jobs. No Qt.
#include "app/cli/Commands.h"
#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/runtime/ProcessTuning.h"

#include <htslib/hts.h>

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

void beforeModelWork() {
    if (savedArgv) runtime::useSleepingThreadWaits(savedArgv);
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
