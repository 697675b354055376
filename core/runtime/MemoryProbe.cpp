#include "core/runtime/MemoryProbe.h"

#include <cstdio>
#include <cstring>

namespace focus::runtime {
namespace {

int64_t statusKilobytes(const char* key) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    int64_t kb = 0;
    const size_t n = std::strlen(key);
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, key, n) == 0) {
            std::sscanf(line + n, "%lld", reinterpret_cast<long long*>(&kb));
            break;
        }
    }
    std::fclose(f);
    return kb;
}

}  // namespace

int64_t residentBytes() { return statusKilobytes("VmRSS:") * 1024; }
int64_t peakResidentBytes() { return statusKilobytes("VmHWM:") * 1024; }

bool resetPeakResident() {
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    const bool ok = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && ok;
}

}  // namespace focus::runtime
