#include "core/model/StripedHyenaConfig.h"

#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/io/AtomicFile.h"
#include "core/io/StrictJson.h"
#include "core/io/TextSource.h"
#include "core/model/SafeTensors.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace focus::model {

using json = nlohmann::json;

namespace {

constexpr IntRange kWidth{1, 65536};
constexpr IntRange kLayers{1, 512};
constexpr IntRange kHeads{1, 1024};
constexpr IntRange kFilterLength{1, 8192};
constexpr IntRange kStateSize{1, 1024};
constexpr IntRange kInnerMlp{1, 1 << 20};
constexpr IntRange kVocab{256, 1 << 20};  // byte-level tokens: every byte needs a row
constexpr IntRange kSeqlen{16, int64_t(1) << 32};

// Evo 2's keys may be absent or null (YAML's empty value): the reference's default then.
bool given(const json& k, const char* key) { return k.contains(key) && !k.at(key).is_null(); }

int64_t integerKey(const json& k, const char* key, const IntRange& range, std::optional<int64_t> fallback = {}) {
    if (given(k, key)) return io::integerField(k, key, range);
    if (!fallback) throw Error(std::string("'") + key + "' is missing");
    return *fallback;
}

double realKey(const json& k, const char* key, double fallback) { return given(k, key) ? io::realField(k, key, fallback) : fallback; }

bool boolKey(const json& k, const char* key, bool fallback) {
    if (!given(k, key)) return fallback;
    const json& v = k.at(key);
    if (!v.is_boolean()) throw Error(std::string("'") + key + "' is " + v.dump() + ", not true or false");
    return v.get<bool>();
}

std::vector<int64_t> indexList(const json& k, const char* key, int64_t layers) {
    if (!given(k, key)) return {};
    const json& v = k.at(key);
    if (!v.is_array()) throw Error(std::string("'") + key + "' is " + v.dump() + ", not a list of layer indices");
    std::vector<int64_t> out;
    for (const json& e : v) {
        if (!e.is_number_integer() || e.get<int64_t>() < 0 || e.get<int64_t>() >= layers)
            throw Error(std::string("'") + key + "' lists " + e.dump() + "; layer indices are 0.." + std::to_string(layers - 1));
        out.push_back(e.get<int64_t>());
    }
    return out;
}

json yamlNodeToJson(const YAML::Node& n, const std::string& where) {
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Sequence: {
        json a = json::array();
        for (const YAML::Node& e : n) a.push_back(yamlNodeToJson(e, where));
        return a;
    }
    case YAML::NodeType::Map: {
        json o = json::object();
        for (const auto& kv : n) {
            const std::string key = kv.first.as<std::string>();
            if (o.contains(key)) throw Error(where + ": the key '" + key + "' appears twice");
            o[key] = yamlNodeToJson(kv.second, where);
        }
        return o;
    }
    case YAML::NodeType::Scalar: {
        const std::string s = n.Scalar();
        if (n.Tag() == "!") return s;  // quoted: a string, whatever it looks like
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
        if (s == "null" || s == "~" || s.empty()) return nullptr;
        int64_t i = 0;
        if (YAML::convert<int64_t>::decode(n, i) && s.find_first_of(".eE") == std::string::npos) return i;
        double d = 0;
        if (YAML::convert<double>::decode(n, d)) return d;
        return s;
    }
    }
    return nullptr;
}

}  // namespace

const char* layerKindName(HybridLayerKind kind) {
    switch (kind) {
    case HybridLayerKind::Attention: return "attention";
    case HybridLayerKind::HyenaLong: return "hyena-li";
    case HybridLayerKind::HyenaMedium: return "hyena-mr";
    case HybridLayerKind::HyenaShort: return "hyena-se";
    }
    return "?";
}

json yamlFileToJson(const std::string& path) {
    const std::string text = io::readTextFile(path, {1 << 20});
    try {
        const YAML::Node root = YAML::Load(text);
        json j = yamlNodeToJson(root, path);
        if (!j.is_object()) throw Error(path + ": not a YAML mapping of keys to values");
        return j;
    } catch (const YAML::Exception& e) {
        throw Error(path + ": not valid YAML: " + e.what());
    }
}

std::vector<int64_t> StripedHyenaConfig::attentionLayers() const {
    std::vector<int64_t> out;
    for (int64_t l = 0; l < int64_t(kinds.size()); ++l)
        if (kinds[size_t(l)] == HybridLayerKind::Attention) out.push_back(l);
    return out;
}

int64_t StripedHyenaConfig::filterLength(int64_t layer) const {
    const HybridLayerKind k = kinds.at(size_t(layer));
    return k == HybridLayerKind::HyenaMedium ? hcmLength : k == HybridLayerKind::HyenaShort ? hcsLength : 0;
}

int64_t StripedHyenaConfig::filterGroups(int64_t layer) const {
    switch (kinds.at(size_t(layer))) {
    case HybridLayerKind::HyenaLong: return hclGroups;
    case HybridLayerKind::HyenaMedium: return hcmGroups;
    case HybridLayerKind::HyenaShort: return hcsGroups;
    case HybridLayerKind::Attention: return 0;
    }
    return 0;
}

void StripedHyenaConfig::validate() const {
    auto need = [](bool ok, const std::string& what) {
        if (!ok) throw Error("StripedHyena 2 config: " + what);
    };
    auto inRange = [](const IntRange& r, int64_t v, const std::string& key) {
        if (!r.contains(v)) throw Error("StripedHyena 2 config: " + key + " is " + std::to_string(v) + "; it must be in " + rangeText(r));
    };
    inRange(kVocab, vocabSize, "vocab_size");
    inRange(kWidth, hidden, "hidden_size");
    inRange(kLayers, layers, "num_layers");
    inRange(kHeads, heads, "num_attention_heads");
    need(hidden % heads == 0, "num_attention_heads must divide hidden_size");
    need(headDim() % 2 == 0, "hidden_size / num_attention_heads must be even (rotary pairs)");
    need(projGroups >= 1 && heads % projGroups == 0, "proj_groups must divide num_attention_heads");
    need(int64_t(kinds.size()) == layers, "every layer 0..num_layers-1 needs exactly one kind");
    inRange(kWidth, numFilters, "num_filters");
    need(hidden % numFilters == 0, "num_filters must divide hidden_size");
    inRange(kStateSize, stateSize, "state_size");
    inRange(kFilterLength, shortFilterLength, "short_filter_length");
    inRange(kFilterLength, hcmLength, "hcm_filter_length");
    inRange(kFilterLength, hcsLength, "hcs_filter_length");
    for (const auto& [groups, key] : {std::pair{hclGroups, "hcl_filter_groups"}, std::pair{hcmGroups, "hcm_filter_groups"},
                                      std::pair{hcsGroups, "hcs_filter_groups"}}) {
        inRange(kWidth, groups, key);
        need(hidden % groups == 0, std::string(key) + " must divide hidden_size");
    }
    inRange(kInnerMlp, innerMlp, "inner_mlp_size");
    need(mlpActivation == "gelu" || mlpActivation == "silu", "mlp_activation is '" + mlpActivation + "' (gelu or silu)");
    need(eps > 0 && eps < 1, "eps must be in (0, 1)");
    need(std::isfinite(ropeBase) && ropeBase > 1 && ropeBase <= 1e12, "rotary_emb_base must be in (1, 1e12]");
    need(std::isfinite(ropeScale) && ropeScale > 0 && ropeScale <= 1e9, "rotary_emb_scaling_factor must be in (0, 1e9]");
    inRange(kSeqlen, maxSeqlen, "max_seqlen");
    need(!columnSplitHyena || (3 * hidden) % heads == 0, "column_split_hyena needs num_attention_heads to divide the projections");
    try {
        validateKmerTables(kmers, hidden);
    } catch (const Error& e) {
        need(false, std::string("kmer_embeddings: ") + e.what());
    }
}

std::map<std::string, std::vector<int64_t>> StripedHyenaConfig::parameterShapes() const {
    validate();
    std::map<std::string, std::vector<int64_t>> s;
    s["embedding_layer.weight"] = {vocabSize, hidden};
    addKmerShapes(s, kmers, hidden);
    if (!tieEmbeddings) s["unembed.weight"] = {vocabSize, hidden};
    if (finalNorm) s["norm.scale"] = {hidden};
    const int64_t hd = headDim();
    for (int64_t l = 0; l < layers; ++l) {
        const std::string b = "blocks." + std::to_string(l) + ".";
        s[b + "pre_norm.scale"] = {hidden};
        s[b + "post_norm.scale"] = {hidden};
        s[b + "mlp.l1.weight"] = {innerMlp, hidden};
        s[b + "mlp.l2.weight"] = {innerMlp, hidden};
        s[b + "mlp.l3.weight"] = {hidden, innerMlp};
        const HybridLayerKind kind = kinds[size_t(l)];
        if (kind == HybridLayerKind::Attention) {
            s[b + "inner_mha_cls.Wqkv.weight"] = {(heads + 2 * kvHeads()) * hd, hidden};
            if (qkvBias) s[b + "inner_mha_cls.Wqkv.bias"] = {(heads + 2 * kvHeads()) * hd};
            s[b + "inner_mha_cls.out_proj.weight"] = {hidden, hidden};
            if (mhaOutBias) s[b + "inner_mha_cls.out_proj.bias"] = {hidden};
            continue;
        }
        s[b + "projections.weight"] = {3 * hidden, hidden};
        if (qkvBias) s[b + "projections.bias"] = {3 * hidden};
        s[b + "out_filter_dense.weight"] = {hidden, hidden};
        if (hyenaOutBias) s[b + "out_filter_dense.bias"] = {hidden};
        s[b + "filter.short_filter_weight"] = {3 * hidden, 1, shortFilterLength};
        if (shortFilterBias) s[b + "filter.short_filter_bias"] = {3 * hidden};
        if (kind == HybridLayerKind::HyenaLong) {
            s[b + "filter.log_poles"] = {hclGroups, stateSize, 1};
            s[b + "filter.residues"] = {hclGroups, stateSize};
            s[b + "filter.D"] = {hidden};
        } else {
            const int64_t len = filterLength(l);
            s[b + "filter.h"] = {filterGroups(l), 1, len};
            if (explicitFilterIsLong(len)) s[b + "filter.D"] = {hidden};
        }
    }
    return s;
}

int64_t StripedHyenaConfig::parameterCount() const {
    int64_t n = 0;
    for (const auto& [name, shape] : parameterShapes()) {
        int64_t c = 1;
        for (int64_t d : shape) c *= d;
        n += c;
    }
    return n;
}

void StripedHyenaConfig::checkWeights(const SafeTensorsHeader& header, const std::string& path) const {
    checkTensorShapes(header, parameterShapes(), path, "config.json");
}

void StripedHyenaConfig::requireComputable() const {
    if (fp8InputProjections)
        throw Error("StripedHyena 2 config: 'use_fp8_input_projections' is true: the reference runs the Hyena input "
                    "projections in FP8 (E4M3, Transformer Engine delayed scaling) and FOCUS Browser does not emulate "
                    "FP8; the Evo 2 1B checkpoint needs it for accuracy. 7B and 40B run in bf16 without it, as the "
                    "evo2 package itself falls back: convert those with scripts/convert-evo2.py --without-fp8");
}

int64_t StripedHyenaConfig::attentionKvBytesPerToken(int64_t bytesPerValue) const {
    return 2 * int64_t(attentionLayers().size()) * kvHeads() * headDim() * bytesPerValue;
}

int64_t StripedHyenaConfig::convolutionStateBytes() const {
    int64_t values = 0;
    for (int64_t l = 0; l < layers; ++l) {
        const HybridLayerKind kind = kinds[size_t(l)];
        if (kind == HybridLayerKind::Attention) continue;
        values += (shortFilterLength - 1) * 3 * hidden;
        values += kind == HybridLayerKind::HyenaLong ? stateSize * hidden : (filterLength(l) - 1) * hidden;
    }
    return values * 4 + (kmers.empty() ? 0 : int64_t(maxKmer(kmers) - 1) * 8);
}

StripedHyenaConfig StripedHyenaConfig::fromEvo2Keys(const json& k, const std::string& sourceName) {
    StripedHyenaConfig c;
    try {
        if (!k.is_object()) throw Error("the Evo 2 keys are not a mapping");
        // Keys whose reference meaning this implementation does not compute: refused, named.
        c.fp8InputProjections = boolKey(k, "use_fp8_input_projections", false);
        if (k.contains("long_fir_threshold") && !k.at("long_fir_threshold").is_null())
            throw Error("'long_fir_threshold' truncates the Hyena-LI filter; not supported");
        if (boolKey(k, "smeared_gqa", false)) throw Error("'smeared_gqa' is not supported");
        if (boolKey(k, "use_laughing_hyena", false)) throw Error("'use_laughing_hyena' (distilled filters) is not supported");
        if (k.contains("tokenizer_type") && k.at("tokenizer_type") != "CharLevelTokenizer")
            throw Error("'tokenizer_type' is " + k.at("tokenizer_type").dump() + " (CharLevelTokenizer expected)");
        c.layers = integerKey(k, "num_layers", kLayers);
        c.vocabSize = integerKey(k, "vocab_size", kVocab);
        c.hidden = integerKey(k, "hidden_size", kWidth);
        c.heads = integerKey(k, "num_attention_heads", kHeads);
        c.projGroups = integerKey(k, "proj_groups", kHeads, 1);
        c.numFilters = integerKey(k, "num_filters", kWidth, c.hidden);
        c.stateSize = integerKey(k, "state_size", kStateSize);
        c.shortFilterLength = integerKey(k, "short_filter_length", kFilterLength);
        c.shortFilterBias = boolKey(k, "short_filter_bias", false);
        // The reference gives Hyena-LI layers hidden_size filters whatever hcl_filter_groups says.
        c.hclGroups = integerKey(k, "hcl_filter_groups", kWidth, c.hidden);
        if (c.hclGroups != c.hidden)
            throw Error("'hcl_filter_groups' is " + std::to_string(c.hclGroups) + " but the reference builds Hyena-LI "
                        "layers with hidden_size (" + std::to_string(c.hidden) + ") filters and ignores the key");
        c.hcmLength = integerKey(k, "hcm_filter_length", kFilterLength, 128);
        c.hcmGroups = integerKey(k, "hcm_filter_groups", kWidth, c.hidden);
        c.hcsLength = integerKey(k, "hcs_filter_length", kFilterLength, 7);
        c.hcsGroups = integerKey(k, "hcs_filter_groups", kWidth, c.hidden);
        // The reference's default GLU width: 2 * hidden * 4 / 3 rounded up to a multiple.
        const int64_t multiple = integerKey(k, "inner_size_multiple_of", kInnerMlp, 64) *
                                 integerKey(k, "model_parallel_size", {1, 1}, 1);
        const int64_t inner = int64_t(2 * c.hidden * 4 / 3);
        c.innerMlp = integerKey(k, "inner_mlp_size", kInnerMlp, multiple * ((inner + multiple - 1) / multiple));
        c.mlpActivation = k.value("mlp_activation", std::string("gelu"));
        c.evo2StyleActivations = boolKey(k, "evo2_style_activations", false);
        if (!k.contains("eps")) throw Error("'eps' is missing");
        c.eps = realKey(k, "eps", 0.0);
        c.ropeBase = realKey(k, "rotary_emb_base", 1e6);
        c.ropeScale = boolKey(k, "use_interpolated_rotary_pos_emb", false) ? realKey(k, "rotary_emb_scaling_factor", 1.0) : 1.0;
        c.columnSplitHyena = boolKey(k, "column_split_hyena", true);
        c.columnSplit = boolKey(k, "column_split", true);
        c.interleave = boolKey(k, "interleave", false);
        c.flipX1X2 = boolKey(k, "hyena_flip_x1x2", false);
        c.qkvBias = boolKey(k, "qkv_proj_bias", true);
        c.mhaOutBias = boolKey(k, "mha_out_proj_bias", true);
        c.hyenaOutBias = boolKey(k, "hyena_out_proj_bias", false);
        c.tieEmbeddings = boolKey(k, "tie_embeddings", false);
        c.finalNorm = boolKey(k, "final_norm", true);
        c.maxSeqlen = integerKey(k, "max_seqlen", kSeqlen, 8192);
        std::vector<int> seen(size_t(c.layers), 0);
        c.kinds.assign(size_t(c.layers), HybridLayerKind::Attention);
        for (const auto& [key, kind] : {std::pair{"attn_layer_idxs", HybridLayerKind::Attention},
                                        std::pair{"hcl_layer_idxs", HybridLayerKind::HyenaLong},
                                        std::pair{"hcm_layer_idxs", HybridLayerKind::HyenaMedium},
                                        std::pair{"hcs_layer_idxs", HybridLayerKind::HyenaShort}})
            for (int64_t l : indexList(k, key, c.layers)) {
                if (seen[size_t(l)]++) throw Error("layer " + std::to_string(l) + " is listed under two kinds ('" + key + "')");
                c.kinds[size_t(l)] = kind;
            }
        for (int64_t l = 0; l < c.layers; ++l)
            if (!seen[size_t(l)])
                throw Error("layer " + std::to_string(l) + " is in none of attn_layer_idxs, hcl_layer_idxs, "
                            "hcm_layer_idxs, hcs_layer_idxs (an unknown layer kind)");
        c.evo2 = k;
    } catch (const json::exception& e) {
        throw Error(sourceName + ": " + e.what());
    } catch (const Error& e) {
        throw Error(sourceName + ": " + e.what());
    }
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error(sourceName + ": " + e.what());
    }
    return c;
}

json StripedHyenaConfig::toJson() const {
    json j = {{"architecture", "striped_hyena2"}, {"format_version", 1}, {"evo2", evo2}, {"provenance", provenance}};
    if (!kmers.empty()) j["kmer_embeddings"] = kmerTablesToJson(kmers);
    return j;
}

StripedHyenaConfig StripedHyenaConfig::fromJson(const json& j, const std::string& sourceName) {
    if (!j.is_object() || j.value("architecture", std::string()) != "striped_hyena2")
        throw Error(sourceName + ": not a StripedHyena 2 config (\"architecture\": \"striped_hyena2\" expected)");
    if (!j.contains("format_version") || j.at("format_version") != 1)
        throw Error(sourceName + ": format_version " + (j.contains("format_version") ? j.at("format_version").dump() : "(missing)") +
                    " is not supported (1)");
    if (!j.contains("evo2")) throw Error(sourceName + ": the \"evo2\" keys are missing");
    StripedHyenaConfig c = fromEvo2Keys(j.at("evo2"), sourceName);
    try {
        if (j.contains("kmer_embeddings")) c.kmers = kmerTablesFromJson(j.at("kmer_embeddings"), "kmer_embeddings");
        validateKmerTables(c.kmers, c.hidden);
    } catch (const Error& e) {
        throw Error(sourceName + ": " + e.what());
    }
    c.provenance = j.value("provenance", json::object());
    if (!c.provenance.is_object()) throw Error(sourceName + ": \"provenance\" is not an object");
    return c;
}

StripedHyenaConfig StripedHyenaConfig::readYaml(const std::string& path) { return fromEvo2Keys(yamlFileToJson(path), path); }

StripedHyenaConfig StripedHyenaConfig::readFile(const std::string& path) { return fromJson(io::readStrictJsonFile(path), path); }

void StripedHyenaConfig::writeFile(const std::string& path) const {
    validate();
    const std::string text = toJson().dump(2) + "\n";
    io::writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

std::string modelArchitecture(const std::string& configPath) {
    const json j = io::readStrictJsonFile(configPath);
    if (!j.is_object()) throw Error(configPath + ": not a JSON object");
    if (j.contains("architecture") && j.at("architecture").is_string()) return j.at("architecture").get<std::string>();
    if (j.contains("format") && j.at("format").is_string()) return j.at("format").get<std::string>();
    throw Error(configPath + ": neither \"architecture\" nor \"format\" says what model this is");
}

}  // namespace focus::model
