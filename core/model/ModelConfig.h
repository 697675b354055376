// The architecture of a DNA LM and where it came from, as stored in a model directory's
// config.json. Validation happens here, once: every loader, trainer and tool gets a config whose
// numbers are consistent (heads divide the width, kv heads divide heads, k-mer sizes 1..12, ...)
// or a focus::Error that names the field. Numbers in the file must be JSON integers where the
// field is one (1e300 or 2.5 for a layer count is refused, never converted). Unknown fields are
// kept in `provenance` untouched.
#pragma once

#include "core/common/Limits.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace focus::model {

struct SafeTensorsHeader;

// The ranges config.json's numbers (and the train-model options that set them) must lie in.
struct ModelLimits {
    static constexpr IntRange formatVersion{1, 1};
    static constexpr IntRange dim{1, 16384};
    static constexpr IntRange kmerWidth{1, 16384};  // a k-mer table's own width (<= dim)
    static constexpr IntRange layers{1, 256};
    static constexpr IntRange heads{1, 1024};
    static constexpr IntRange mlpHidden{1, 1 << 20};
    static constexpr IntRange maxContext{16, 1 << 24};
    static constexpr IntRange kmerK{1, 12};
    static constexpr IntRange kmerTables{0, 12};
    static constexpr RealRange ropeTheta{1.0, 1e12};  // and above 1
    static constexpr RealRange normEps{0.0, 1.0};     // both ends excluded
};

// One k-mer input table: 4^k + 1 rows of `width`, projected to the model width when narrower.
struct KmerTable {
    int k = 0;
    int64_t width = 0;
};

// "4,6,8:32" -> k-mer tables (K alone: a table of the model's width `dim`); "" -> none. Spaces
// around items are ignored. Throws focus::Error naming the text and the item.
std::vector<KmerTable> parseKmerTables(const std::string& text, int64_t dim);
// The k-mer tables are one concept for both model families (the transformer's "kmers", the
// StripedHyena's "kmer_embeddings"): their checks, parameter shapes and JSON live here.
int maxKmer(const std::vector<KmerTable>& tables);
// Throws focus::Error (no file prefix) for a k outside ModelLimits::kmerK, a width outside 1..dim,
// a k listed twice, or more than ModelLimits::kmerTables tables.
void validateKmerTables(const std::vector<KmerTable>& tables, int64_t dim);
// kmer_emb{k}.weight [4^k + 1, width], and kmer_proj{k}.weight [dim, width] when width < dim.
void addKmerShapes(std::map<std::string, std::vector<int64_t>>& shapes, const std::vector<KmerTable>& tables, int64_t dim);
nlohmann::json kmerTablesToJson(const std::vector<KmerTable>& tables);
// A JSON list of {"k", "width"} objects under `key`; throws focus::Error naming the key.
std::vector<KmerTable> kmerTablesFromJson(const nlohmann::json& list, const std::string& key);

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
    // Every parameter tensor the model built from this config has, by name (as model.safetensors
    // names them), with its shape: computed, not allocated, so a hostile config can be checked
    // against the weights' header before anything is built. DnaLm's constructor must agree
    // (test_dnalm checks it), and parameterCount() is their total.
    std::map<std::string, std::vector<int64_t>> parameterShapes() const;
    int64_t parameterCount() const;
    // The weights file's header holds exactly parameterShapes(), each in F32, F16 or BF16: checked
    // before the tensors are read or the model is built. Throws focus::Error "PATH: tensor ...".
    void checkWeights(const SafeTensorsHeader& header, const std::string& path) const;

    // Throws focus::Error naming the field and the rule it breaks.
    void validate() const;
    nlohmann::json toJson() const;
    static ModelConfig fromJson(const nlohmann::json& j, const std::string& sourceName);
    static ModelConfig readFile(const std::string& path);
    void writeFile(const std::string& path) const;  // atomic
};

}  // namespace focus::model
