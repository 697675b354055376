// The architecture of a StripedHyena 2 model (Evo 2; issue 19), the second model family in core.
// Its keys are Evo 2's own, with the reference implementation's meanings and defaults
// (Zymrael/vortex: vortex/model/model.py, layers.py, attention.py; learnt there, written here),
// so the official YAML files (evo2-1b-8k.yml, evo2-7b-1m.yml, ...) are read as they are and
// config.json keeps them verbatim under "evo2":
//
//   { "architecture": "striped_hyena2", "format_version": 1,
//     "evo2": { "hidden_size": 1920, "attn_layer_idxs": [3, 10, 17, 24], ... },
//     "provenance": { "weights_sha256": ..., "source": ... } }
//
// Execution switches of the reference (use_flash_attn, use_flashfft, prefill_style, ...) do not
// change the function the model computes and are kept untouched; switches that would change it
// and that this implementation does not compute (long_fir_threshold, smeared_gqa, ...) are
// refused with the key's name; FP8 input projections are read (the 1B shape is measurable) and
// refused when a model is built (requireComputable). No LibTorch here: tools and fuzzers use it.
#pragma once

#include "core/model/ModelConfig.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace focus::model {

struct SafeTensorsHeader;

enum class HybridLayerKind {
    Attention,    // multi-head attention with RoPE (attn_layer_idxs)
    HyenaLong,    // Hyena-LI: long implicit filter in modal form (hcl_layer_idxs)
    HyenaMedium,  // Hyena-MR: explicit FIR, hcm_filter_length (hcm_layer_idxs)
    HyenaShort,   // Hyena-SE: explicit FIR, hcs_filter_length (hcs_layer_idxs)
};
const char* layerKindName(HybridLayerKind kind);  // "attention", "hyena-li", "hyena-mr", "hyena-se"

struct StripedHyenaConfig {
    int64_t vocabSize = 512;
    int64_t hidden = 640;
    int64_t layers = 11;
    int64_t heads = 10;
    int64_t projGroups = 1;  // kv heads = heads / proj_groups
    std::vector<HybridLayerKind> kinds;
    int64_t numFilters = 640;
    int64_t stateSize = 16;
    int64_t shortFilterLength = 3;
    bool shortFilterBias = false;
    int64_t hclGroups = 640;
    int64_t hcmLength = 128, hcmGroups = 64;
    int64_t hcsLength = 7, hcsGroups = 64;
    int64_t innerMlp = 1792;
    std::string mlpActivation = "gelu";  // or "silu"
    bool evo2StyleActivations = false;   // layers > 0 use the identity instead of the activation
    double eps = 1e-6;
    double ropeBase = 1e6;        // the reference's default when rotary_emb_base is absent
    double ropeScale = 1.0;       // linear position interpolation: positions / scale
    bool columnSplitHyena = true;  // the reference's default
    bool interleave = false;
    bool flipX1X2 = false;
    bool qkvBias = true, mhaOutBias = true, hyenaOutBias = false;
    bool tieEmbeddings = true, finalNorm = true;
    bool columnSplit = true;  // checkpoint Wqkv rows per head (q, k, v); the converter reorders them
    int64_t maxSeqlen = 8192;
    bool fp8InputProjections = false;  // read, never computed: requireComputable() refuses it
    // Ours, not Evo 2's (config.json "kmer_embeddings", beside "evo2"): k-mer input tables as the
    // transformer has them (ModelConfig.h), added to the byte embedding. The k-mers end at each
    // token (bases A/C/G/T in either case; any other byte, BOS included, breaks a k-mer), so the
    // model stays causal and one token per base; a stream carries the last max k - 1 codes.
    std::vector<KmerTable> kmers;
    nlohmann::json evo2 = nlohmann::json::object();  // every key as read, for config.json
    nlohmann::json provenance = nlohmann::json::object();

    int64_t headDim() const { return hidden / heads; }
    int64_t kvHeads() const { return heads / projGroups; }
    std::vector<int64_t> attentionLayers() const;  // layer indices, ascending
    // The explicit filter of a Hyena-MR / SE layer is an FFT convolution with a D skip term when
    // its length is >= 128, a cross-correlation without one otherwise (the reference decides by
    // length, not by the layer's list).
    static bool explicitFilterIsLong(int64_t length) { return length >= 128; }
    int64_t filterLength(int64_t layer) const;  // 0 for attention and Hyena-LI
    int64_t filterGroups(int64_t layer) const;

    // Every parameter in our layout (Evo 2's names; Wqkv rows q, k, v: see scripts/convert-evo2.py)
    // with its shape, computed without allocating anything.
    std::map<std::string, std::vector<int64_t>> parameterShapes() const;
    int64_t parameterCount() const;
    void checkWeights(const SafeTensorsHeader& header, const std::string& path) const;

    // Streaming state per sequence (batch row), in bytes: the attention layers' K and V per token
    // held at `bytesPerValue` (2 for bf16, 4 for fp32), and the Hyena layers' fixed state, which
    // this implementation holds in fp32 whatever the weights (short-filter tails of K - 1 inputs
    // over 3 x hidden channels, inner FIR tails of length - 1 over hidden, the modal state of
    // state_size per channel; with k-mer tables, the last max k - 1 base codes as int64).
    // HybridStreamState reports the same numbers from what it holds.
    int64_t attentionKvBytesPerToken(int64_t bytesPerValue) const;
    int64_t convolutionStateBytes() const;

    void validate() const;  // throws focus::Error naming the key
    // Shapes and memory need only validate(); running the model also needs this: throws for the
    // keys this implementation reads but does not compute (FP8 input projections).
    void requireComputable() const;
    nlohmann::json toJson() const;
    // From Evo 2 keys (a parsed YAML file or config.json's "evo2" object).
    static StripedHyenaConfig fromEvo2Keys(const nlohmann::json& keys, const std::string& sourceName);
    static StripedHyenaConfig fromJson(const nlohmann::json& j, const std::string& sourceName);
    static StripedHyenaConfig readYaml(const std::string& path);  // an official Evo 2 config file
    static StripedHyenaConfig readFile(const std::string& path);  // config.json
    void writeFile(const std::string& path) const;                // atomic
};

// The "architecture" of a config.json: "striped_hyena2", or "focus-dna-lm" for the transformer
// (whose files carry "format" instead). Throws focus::Error for an unreadable file.
std::string modelArchitecture(const std::string& configPath);

// A YAML document (block or flow mappings and sequences of scalars, as Evo 2's configs are) as JSON,
// through yaml-cpp: integers stay integers, true/false booleans, null null.
nlohmann::json yamlFileToJson(const std::string& path);

}  // namespace focus::model
