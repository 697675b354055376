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
extern "C" void onInterrupt(int) {
    if (interruptTarget) interruptTarget->cancel();  // an atomic store: async-signal-safe
}
}  // namespace

CancelToken interruptToken() {
    static CancelToken token;
    if (!interruptTarget) {
        interruptTarget = &token;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    return token;
}

}  // namespace focus::cli

int main(int argc, char** argv) {
    focus::runtime::tuneAllocatorForTensors();

    CLI::App app{"focus: score DNA with a language model and compress long context with FOCUS"};
    app.set_version_flag("--version",
                         std::string("focus " FOCUS_VERSION " (HTSlib ") + hts_version() + ")");
    app.require_subcommand(1);
    focus::cli::addGenomeCommands(app);
    focus::cli::addScoreCommands(app);
    focus::cli::addTrainCommands(app, argc, argv);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const focus::Cancelled&) {
        std::cerr << "focus: cancelled (progress is checkpointed; run the same command to resume)\n";
        return 130;
    } catch (const focus::Error& e) {
        std::cerr << "focus: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "focus: internal error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
