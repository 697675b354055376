// Scoring speed when the machine is shared: `focus score --mode window` on a region, run (1) alone,
// (2) beside a process that keeps one core busy (like `yes > /dev/null`), (3) as two jobs at once,
// each with the thread count given; bases/s from each job's own JSON (scoring time, model load
// excluded) and the ratio to the idle run measured in the same run. Each row is run twice: as
// shipped (the CLI makes its OpenMP threads sleep when they wait: runtime::useSleepingThreadWaits)
// and with libgomp's default of spinning for ~3 ms first (GOMP_SPINCOUNT=300000, which the CLI
// leaves alone), the state before the fix.
//   bench_contention FOCUS_CLI MODEL_DIR FASTA LOCUS [--threads 1,2] [--json FILE]
#include "core/io/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

struct Setup {
    std::string cli, model, fasta, locus;
};

// One scoring job as a child process; returns its pid.
pid_t startJob(const Setup& s, int threads, const std::string& json, bool spinFirst) {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    if (spinFirst) ::setenv("GOMP_SPINCOUNT", "300000", 1);
    const std::string t = std::to_string(threads), out = json + ".bedGraph";
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::execl(s.cli.c_str(), s.cli.c_str(), "score", "--model", s.model.c_str(), "--fasta", s.fasta.c_str(), "--region",
            s.locus.c_str(), "--mode", "window", "--threads", t.c_str(), "--out", out.c_str(), "--json", json.c_str(),
            static_cast<char*>(nullptr));
    _exit(127);
}

// A process that keeps one core busy until killed.
pid_t startBusyLoop() {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    volatile unsigned long spin = 0;
    for (;;) ++spin;
}

double basesPerSecond(const std::string& json) {
    std::ifstream in(json);
    const nlohmann::json j = nlohmann::json::parse(in);
    return j.at("bases").get<double>() / j.at("seconds").get<double>();
}

// Runs `jobs` jobs at once (plus a busy loop when asked) and returns each job's bases/s.
std::vector<double> scenario(const Setup& s, int threads, int jobs, bool busy, bool spinFirst) {
    const pid_t hog = busy ? startBusyLoop() : 0;
    std::vector<pid_t> pids;
    std::vector<std::string> files;
    for (int j = 0; j < jobs; ++j) {
        files.push_back("/tmp/bench_contention." + std::to_string(::getpid()) + "." + std::to_string(j) + ".json");
        pids.push_back(startJob(s, threads, files.back(), spinFirst));
    }
    std::vector<double> out;
    for (size_t j = 0; j < pids.size(); ++j) {
        int status = 0;
        ::waitpid(pids[j], &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("a scoring job failed");
        out.push_back(basesPerSecond(files[j]));
        std::remove(files[j].c_str());
        std::remove((files[j] + ".bedGraph").c_str());
    }
    if (hog) {
        ::kill(hog, SIGKILL);
        ::waitpid(hog, nullptr, 0);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s FOCUS_CLI MODEL_DIR FASTA LOCUS [--threads 1,2] [--json FILE]\n", argv[0]);
        return 2;
    }
    const Setup s{argv[1], argv[2], argv[3], argv[4]};
    std::vector<int> threadCounts{1, 2};
    std::string jsonPath;
    for (int i = 5; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads")) {
            threadCounts.clear();
            std::stringstream list(argv[i + 1]);
            std::string item;
            while (std::getline(list, item, ',')) threadCounts.push_back(std::stoi(item));
        } else if (!std::strcmp(argv[i], "--json")) {
            jsonPath = argv[i + 1];
        }
    }
    try {
        nlohmann::json rows = nlohmann::json::array();
        std::printf("%s, %s, %ld cores\n\n", s.locus.c_str(), s.model.c_str(), ::sysconf(_SC_NPROCESSORS_ONLN));
        std::printf("| threads waiting | threads per job | idle bases/s | beside a busy process | ratio | two jobs at once (each) | ratio |\n"
                    "|---|---|---|---|---|---|---|\n");
        for (const bool spinFirst : {false, true}) {
            for (const int threads : threadCounts) {
                const double idle = scenario(s, threads, 1, false, spinFirst)[0];
                const double besideBusy = scenario(s, threads, 1, true, spinFirst)[0];
                const std::vector<double> two = scenario(s, threads, 2, false, spinFirst);
                const double slowerOfTwo = std::min(two[0], two[1]);
                const char* waiting = spinFirst ? "spin ~3 ms first (libgomp default, before)" : "sleep (as shipped)";
                std::printf("| %s | %d | %.0f | %.0f | %.2fx slower | %.0f / %.0f | %.2fx slower |\n", waiting, threads, idle,
                            besideBusy, idle / besideBusy, two[0], two[1], idle / slowerOfTwo);
                std::fflush(stdout);
                rows.push_back({{"waiting", spinFirst ? "spin" : "sleep"}, {"threads", threads}, {"idle", idle},
                                {"beside_busy", besideBusy}, {"two_jobs", two}});
            }
        }
        if (!jsonPath.empty())
            focus::io::writeFileAtomically(jsonPath, [&](std::ostream& out) { out << rows.dump(2) << "\n"; });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_contention: %s\n", e.what());
        return 1;
    }
    return 0;
}
