// The architecture of a DNA LM and where it came from, as stored in a model directory's
// config.json. Validation happens here, once: every loader, trainer and tool gets a config whose
// numbers are consistent (heads divide the width, kv heads divide heads, k-mer sizes 1..12, ...)
// or a focus::Error that names the field. Unknown fields are kept in `provenance` untouched.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace focus::model {

// One k-mer input table: 4^k + 1 rows of `width`, projected to the model width when narrower.
struct KmerTable {
    int k = 0;
    int64_t width = 0;
};

struct ModelConfig {
    std::string format = "focus-dna-lm";
    int formatVersion = 1;
    int64_t dim = 256;
    int64_t layers = 6;
    int64_t heads = 4;
    int64_t kvHeads = 4;       // grouped-query attention when < heads
    int64_t mlpHidden = 704;   // SwiGLU hidden width
    double ropeTheta = 10000.0;
    double normEps = 1e-5;
    int64_t maxContext = 2048;  // the context the model was trained at (C)
    std::vector<KmerTable> kmers{{4, 256}, {6, 256}, {8, 32}};
    nlohmann::json provenance = nlohmann::json::object();  // data, steps, seed, losses, command

    int64_t headDim() const { return dim / heads; }
    int maxKmer() const;

    // Throws focus::Error naming the field and the rule it breaks.
    void validate() const;
    nlohmann::json toJson() const;
    static ModelConfig fromJson(const nlohmann::json& j, const std::string& sourceName);
    static ModelConfig readFile(const std::string& path);
    void writeFile(const std::string& path) const;  // atomic
};

}  // namespace focus::model
