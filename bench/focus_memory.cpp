// KV memory, process peak and speed of full attention (the growing, unbounded cache: the cost a
// long-context model pays, as in the paper), the sliding window and attention sinks (W = the
// model's trained context), and FOCUS, for regions of growing length, measured in the same run.
//
// Each (mode, length) runs in a child process of its own (this binary re-executed with --one), so
// its peak RSS is its own: the parent reads it from wait4()'s rusage. (Measuring in one process
// cannot do this: the heap a previous run freed stays resident, and the kernel's high-water reset
// cannot go below what is resident.) KV bytes are exact, from the caches.
//
// Full attention runs up to --full-max bases. Beyond that it is not run (quadratic time: hours on
// a CPU) and its KV bytes are the exact formula (bytes per token x tokens held), marked so; its
// peak RSS there is bounded below by that KV alone, which is what the growth comparison uses.
// A StripedHyena 2 model (issue 20) needs no adapter (ADAPTER "none": FOCUS runs its training-free
// settings on the attention layers); its Hyena layers' fixed state is a column of its own and is
// added to the KV bytes in the "KV peak + state" column and the full / mode ratio.
//   bench_focus_memory MODEL_DIR ADAPTER FASTA CONTIG START [--sizes 10000,100000,1000000]
//                      [--full-max 100000] [--modes full,window,sinks,focus,focus-reach,focus-best]
//                      [--threads N] [--json FILE]
// focus: the adapter's own settings (--preset trained: the paper's O(N/k) entries); focus-reach:
// the same with kmer_mean entries seen no further back than the trained context, the rest dropped
// (ours; flat memory); focus-best: the default preset since issue 18 (best, or the adapter's
// recommendation).
#include "core/common/Error.h"
#include "core/focus/FocusConfig.h"
#include "core/io/AtomicFile.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Compare.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

using namespace focus;

namespace {

const double kMiB = 1048576.0;

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream list(s);
    std::string item;
    while (std::getline(list, item, ',')) out.push_back(item);
    return out;
}

// The child: score one region in one mode and write its stats as JSON to `resultPath`.
int runOne(const char* model, const char* adapter, const char* fastaPath, const std::string& contig, int64_t start,
           const std::string& mode, int64_t size, int threads, const std::string& resultPath) {
    scoring::Scorer scorer(model);
    scoring::ScoreOptions o;
    o.threads = threads;
    o.prefixBases = 0;
    // focus-reach: FOCUS with kmer_mean entries seen no further back than the trained context
    // (ours; the summaries beyond it are dropped, so memory stays flat).
    const bool reach = mode == "focus-reach", best = mode == "focus-best";
    o.mode = scoring::contextModeFromName(reach || best ? "focus" : mode);
    const bool withAdapter = std::string(adapter) != "none";
    if (o.mode == scoring::ContextMode::Focus && withAdapter) scorer.loadAdapter(adapter);
    if (o.mode == scoring::ContextMode::Focus && !best && withAdapter) o.focusPreset = "trained";
    if (reach) {
        o.focusEntries = "kmer_mean";
        o.focusReachTokens = scorer.trainedContext();
    }
    genome::FastaOptions fo;
    fo.maxRegionBases = 100'000'000;
    const genome::FastaSource fasta(fastaPath, fo);
    const scoring::ScoreResult r = scorer.score(fasta, genome::GenomicRegion{contig, start, start + size}, o);
    nlohmann::json j = scoring::scoreStatsJson(r.stats);  // the CLI's mode object
    j["mode"] = mode;                                      // "focus-reach" as the bench names it
    j["kv_bytes_per_token"] = scorer.kvBytesPerToken();
    io::writeFileAtomically(resultPath, [&](std::ostream& out) { out << j.dump() << "\n"; });
    return 0;
}

// The parent: run one (mode, size) in a child process; its stats plus the child's peak RSS.
nlohmann::json runChild(const char* self, char** argv, const std::string& mode, int64_t size, int threads) {
    char tmpl[] = "/tmp/bench_focus_memory.XXXXXX";
    const int fd = mkstemp(tmpl);
    if (fd < 0) throw Error("cannot create a temporary file for a child's result");
    close(fd);
    const std::string result = tmpl, sizeText = std::to_string(size), threadText = std::to_string(threads);
    std::vector<const char*> args{self, argv[1], argv[2], argv[3], argv[4], argv[5], "--one", mode.c_str(),
                                  sizeText.c_str(), "--threads", threadText.c_str(), "--result", result.c_str(), nullptr};
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw Error("fork failed");
    if (pid == 0) {
        execv(self, const_cast<char* const*>(args.data()));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) < 0) throw Error("wait4 failed");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::remove(result.c_str());
        throw Error("the " + mode + " run at " + sizeText + " bases failed (exit status " + std::to_string(status) + ")");
    }
    std::ifstream in(result);
    nlohmann::json j = nlohmann::json::parse(in);
    std::remove(result.c_str());
    j["peak_rss_bytes"] = int64_t(usage.ru_maxrss) * 1024;  // Linux reports KiB
    j["measured"] = true;
    return j;
}

std::string mib(double bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, bytes >= 100 * kMiB ? "%.0f MiB" : "%.1f MiB", bytes / kMiB);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 6) {
        std::fprintf(stderr,
                     "usage: %s MODEL_DIR ADAPTER FASTA CONTIG START [--sizes ..] [--full-max N] [--modes ..] "
                     "[--threads N] [--json FILE]\n",
                     argv[0]);
        return 2;
    }
    std::vector<int64_t> sizes{10'000, 100'000, 1'000'000};
    std::vector<std::string> modes{"full", "window", "sinks", "focus", "focus-reach", "focus-best"};
    int64_t fullMax = 100'000;
    int threads = 2;
    std::string jsonPath, oneMode, resultPath;
    int64_t oneSize = 0;
    for (int i = 6; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--one" && i + 2 < argc) {
            oneMode = argv[++i];
            oneSize = std::stoll(argv[++i]);
        } else if (!hasValue) {
            std::fprintf(stderr, "bench_focus_memory: %s needs a value\n", arg.c_str());
            return 2;
        } else if (arg == "--sizes") {
            sizes.clear();
            for (const std::string& s : splitList(argv[++i])) sizes.push_back(std::stoll(s));
        } else if (arg == "--modes") {
            modes = splitList(argv[++i]);
        } else if (arg == "--full-max") {
            fullMax = std::stoll(argv[++i]);
        } else if (arg == "--threads") {
            threads = std::atoi(argv[++i]);
        } else if (arg == "--json") {
            jsonPath = argv[++i];
        } else if (arg == "--result") {
            resultPath = argv[++i];
        } else {
            std::fprintf(stderr, "bench_focus_memory: unknown option %s\n", arg.c_str());
            return 2;
        }
    }
    try {
        if (!oneMode.empty())
            return runOne(argv[1], argv[2], argv[3], argv[4], std::stoll(argv[5]), oneMode, oneSize, threads, resultPath);

        char self[4096];
        const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) throw Error("cannot find this executable (/proc/self/exe)");
        self[n] = '\0';

        std::printf("%s:%s+, no prefix; %d threads; each run in a process of its own. full = the growing, unbounded "
                    "cache (run up to %lld bases); window / sinks: W = the model's trained context\n\n",
                    argv[4], argv[5], threads, (long long)fullMax);
        std::printf("| region | mode | KV final | KV peak | Hyena state | KV peak + state | full / mode (KV peak + state) | bases/s | seconds | peak RSS |\n"
                    "|---|---|---|---|---|---|---|---|---|---|\n");
        nlohmann::json runs = nlohmann::json::array();
        std::map<int64_t, std::map<std::string, nlohmann::json>> byMode;
        int64_t perToken = 0, stateBytes = 0;
        // KV peak plus the Hyena layers' state (0 for the transformer): what a stream holds at most.
        auto held = [](const nlohmann::json& j) {
            return j["kv_bytes_peak"].get<double>() + double(j.value("convolution_state_bytes", int64_t(0)));
        };
        for (const int64_t size : sizes) {
            // Full last, so that its bytes can come from the formula when it is not run.
            std::vector<std::string> order;
            for (const std::string& m : modes)
                if (m != "full") order.push_back(m);
            if (std::find(modes.begin(), modes.end(), "full") != modes.end()) order.push_back("full");
            for (const std::string& mode : order) {
                nlohmann::json j;
                if (mode == "full" && size > fullMax) {
                    if (perToken == 0) throw Error("no measured run to take full attention's bytes per token from");
                    // BOS + the first size - 1 bases (the last base's own output is not needed).
                    j = {{"mode", mode}, {"bases", size}, {"kv_bytes_final", perToken * size},
                         {"kv_bytes_peak", perToken * size}, {"convolution_state_bytes", stateBytes}, {"measured", false}};
                } else {
                    j = runChild(self, argv, mode, size, threads);
                    perToken = j["kv_bytes_per_token"].get<int64_t>();
                    stateBytes = j.value("convolution_state_bytes", int64_t(0));
                }
                byMode[size][mode] = j;
                runs.push_back(j);
            }
            const bool haveFull = byMode[size].count("full") > 0;
            for (const std::string& mode : order) {
                const nlohmann::json& j = byMode[size][mode];
                const double peak = j["kv_bytes_peak"].get<double>();
                std::string ratio = "-";
                if (haveFull) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.1fx", held(byMode[size]["full"]) / held(j));
                    ratio = buf;
                }
                std::string speed = "not run", seconds = "-", rss = "-";
                if (j["measured"].get<bool>()) {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%.0f", double(size) / j["seconds"].get<double>());
                    speed = buf;
                    std::snprintf(buf, sizeof buf, "%.1f", j["seconds"].get<double>());
                    seconds = buf;
                    rss = mib(j["peak_rss_bytes"].get<double>());
                }
                const std::string formula = j["measured"].get<bool>() ? "" : " (formula)";
                std::printf("| %lld kb | %s | %s%s | %s%s | %s | %s | %s | %s | %s | %s |\n", (long long)(size / 1000), mode.c_str(),
                            mib(j["kv_bytes_final"].get<double>()).c_str(), formula.c_str(), mib(peak).c_str(),
                            formula.c_str(), mib(double(j.value("convolution_state_bytes", int64_t(0)))).c_str(),
                            mib(held(j)).c_str(), ratio.c_str(), speed.c_str(), seconds.c_str(), rss.c_str());
            }
            std::fflush(stdout);
        }

        // The acceptance ratios, from the rows above.
        std::printf("\n");
        nlohmann::json summary = nlohmann::json::object();
        for (const char* fm : {"focus", "focus-reach", "focus-best"})
        for (const int64_t size : sizes) {
            auto& m = byMode[size];
            if (!m.count("full") || !m.count(fm)) continue;
            const std::string key = std::string(fm) + "_" + std::to_string(size);
            const double r = held(m["full"]) / held(m[fm]);
            std::printf("full / %s KV (peak, + Hyena state) at %lld kb: %.1fx%s\n", fm, (long long)(size / 1000), r,
                        m["full"]["measured"].get<bool>() ? "" : " (full by formula)");
            summary["kv_ratio_" + key] = r;
            if (m["full"]["measured"].get<bool>()) {
                const double s = m["full"]["seconds"].get<double>() / m[fm]["seconds"].get<double>();
                std::printf("%s speed / full speed at %lld kb: %.2fx\n", fm, (long long)(size / 1000), s);
                summary["speedup_" + key] = s;
            }
        }
        for (const char* fm : {"focus", "focus-reach", "focus-best"})
        for (size_t i = 0; i + 1 < sizes.size(); ++i) {
            const int64_t a = sizes[i], b = sizes[i + 1];
            auto& ma = byMode[a];
            auto& mb = byMode[b];
            if (!ma.count(fm) || !mb.count(fm)) continue;
            const std::string key = std::string(fm) + "_" + std::to_string(a) + "_" + std::to_string(b);
            const double t = mb[fm]["seconds"].get<double>() / ma[fm]["seconds"].get<double>();
            std::printf("%s time(%lld kb) / time(%lld kb): %.2f (length ratio %.0f)\n", fm, (long long)(b / 1000),
                        (long long)(a / 1000), t, double(b) / double(a));
            summary["time_ratio_" + key] = t;
            if (!ma.count("full") || !mb.count("full")) continue;
            const double focusGrowth =
                mb[fm]["peak_rss_bytes"].get<double>() - ma[fm]["peak_rss_bytes"].get<double>();
            // Full's growth: measured when both ends ran, else at least its KV growth (what the
            // cache must hold; exact whether run or by formula).
            const bool bothRan = ma["full"]["measured"].get<bool>() && mb["full"]["measured"].get<bool>();
            const double fullGrowth =
                bothRan ? mb["full"]["peak_rss_bytes"].get<double>() - ma["full"]["peak_rss_bytes"].get<double>()
                        : mb["full"]["kv_bytes_peak"].get<double>() - ma["full"]["kv_bytes_peak"].get<double>();
            std::printf("peak RSS growth %lld kb -> %lld kb: %s %s, full %s%s: %s / full = %.4f\n",
                        (long long)(a / 1000), (long long)(b / 1000), fm, mib(focusGrowth).c_str(),
                        bothRan ? "" : ">= ", mib(fullGrowth).c_str(), fm, focusGrowth / fullGrowth);
            summary["rss_growth_" + key] = {{fm, focusGrowth}, {"full", fullGrowth}, {"full_is_lower_bound", !bothRan}};
        }
        if (!jsonPath.empty())
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) {
                out << nlohmann::json{{"threads", threads}, {"contig", argv[4]}, {"start", std::stoll(argv[5])},
                                      {"runs", runs}, {"summary", summary}}
                           .dump(2)
                    << "\n";
            });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_focus_memory: %s\n", e.what());
        return 1;
    }
    return 0;
}
