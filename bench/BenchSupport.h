// What the benchmarks share: the CPU's matmul ceiling measured in the run itself (so each table
// carries its own baseline) and comma-separated option lists. Include after LibTorch.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace focus::bench {

// GFLOP/s of a 1024^3 fp32 matmul on the current thread count (one warm-up, ten timed).
inline double matmulCeilingGflops() {
    const torch::Tensor a = torch::randn({1024, 1024}), b = torch::randn({1024, 1024});
    torch::Tensor c = torch::matmul(a, b);
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) c = torch::matmul(a, b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 10;
    return 2.0 * 1024 * 1024 * 1024 / seconds / 1e9;
}

// "10000,100000" -> {"10000", "100000"}
inline std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream list(s);
    std::string item;
    while (std::getline(list, item, ',')) out.push_back(item);
    return out;
}

inline std::vector<int64_t> splitIntegers(const std::string& s) {
    std::vector<int64_t> out;
    for (const std::string& item : splitList(s)) out.push_back(std::stoll(item));
    return out;
}

}  // namespace focus::bench
