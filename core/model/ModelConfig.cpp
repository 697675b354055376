#include "core/model/ModelConfig.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/StrictJson.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <limits>

namespace focus::model {

using json = nlohmann::json;

std::vector<KmerTable> parseKmerTables(const std::string& text, int64_t dim) {
    std::vector<KmerTable> out;
    size_t begin = 0;
    while (begin <= text.size()) {
        const size_t comma = std::min(text.find(',', begin), text.size());
        const std::string_view item = io::trimmed(std::string_view(text).substr(begin, comma - begin));
        begin = comma + 1;
        if (item.empty()) continue;
        const size_t colon = item.find(':');
        int64_t k = 0, width = dim;
        if (io::parseInteger(io::trimmed(item.substr(0, colon)), k) != io::IntegerParse::Ok ||
            (colon != std::string_view::npos &&
             io::parseInteger(io::trimmed(item.substr(colon + 1)), width) != io::IntegerParse::Ok))
            throw Error("k-mer tables '" + text + "': expected K[:WIDTH],... (K alone: a table of the model's width), got '" +
                        std::string(item) + "'");
        requireInRange(ModelLimits::kmerK, k, "k-mer tables '" + text + "': k");
        requireInRange(ModelLimits::kmerWidth, width, "k-mer tables '" + text + "': a table width");
        out.push_back({int(k), width});
    }
    return out;
}

int maxKmer(const std::vector<KmerTable>& tables) {
    int m = 0;
    for (const KmerTable& t : tables) m = std::max(m, t.k);
    return m;
}

int ModelConfig::maxKmer() const { return model::maxKmer(kmers); }

void validateKmerTables(const std::vector<KmerTable>& tables, int64_t dim) {
    requireInRange(ModelLimits::kmerTables, int64_t(tables.size()), "the number of k-mer tables");
    for (const KmerTable& t : tables) {
        if (!ModelLimits::kmerK.contains(t.k))
            throw Error("k-mer size " + std::to_string(t.k) + " is outside " + rangeText(ModelLimits::kmerK));
        if (t.width < 1 || t.width > dim) throw Error("k-mer table width must be in 1..dim");
        if (std::count_if(tables.begin(), tables.end(), [&](const KmerTable& o) { return o.k == t.k; }) != 1)
            throw Error("k-mer size " + std::to_string(t.k) + " is listed twice");
    }
}

void addKmerShapes(std::map<std::string, std::vector<int64_t>>& shapes, const std::vector<KmerTable>& tables, int64_t dim) {
    for (const KmerTable& t : tables) {
        shapes["kmer_emb" + std::to_string(t.k) + ".weight"] = {(int64_t(1) << (2 * t.k)) + 1, t.width};
        if (t.width != dim) shapes["kmer_proj" + std::to_string(t.k) + ".weight"] = {dim, t.width};
    }
}

json kmerTablesToJson(const std::vector<KmerTable>& tables) {
    json list = json::array();
    for (const KmerTable& t : tables) list.push_back({{"k", t.k}, {"width", t.width}});
    return list;
}

std::vector<KmerTable> kmerTablesFromJson(const json& list, const std::string& key) {
    if (!list.is_array()) throw Error("'" + key + "' is not a list");
    if (!ModelLimits::kmerTables.contains(int64_t(list.size())))
        throw Error("'" + key + "' lists " + std::to_string(list.size()) + " tables; at most " +
                    std::to_string(ModelLimits::kmerTables.max));
    std::vector<KmerTable> out;
    for (const json& t : list) {
        if (!t.is_object()) throw Error("an entry of '" + key + "' is not an object");
        out.push_back({int(io::integerField(t, "k", ModelLimits::kmerK)), io::integerField(t, "width", ModelLimits::kmerWidth)});
    }
    return out;
}

void ModelConfig::validate() const {
    auto need = [](bool ok, const std::string& what) {
        if (!ok) throw Error("model config: " + what);
    };
    auto inRange = [](const IntRange& r, int64_t v, const std::string& field) {
        if (!r.contains(v)) throw Error("model config: " + field + " is " + std::to_string(v) + "; it must be in " + rangeText(r));
    };
    need(format == "focus-dna-lm", "format is '" + format + "', expected 'focus-dna-lm'");
    need(formatVersion == 1, "format_version " + std::to_string(formatVersion) + " is not supported (1)");
    inRange(ModelLimits::dim, dim, "dim");
    inRange(ModelLimits::layers, layers, "layers");
    inRange(ModelLimits::heads, heads, "heads");
    need(dim % heads == 0, "heads must divide dim");
    need(headDim() % 2 == 0, "dim / heads must be even (rotary embedding pairs)");
    need(kvHeads >= 1 && heads % kvHeads == 0, "kv_heads must divide heads");
    inRange(ModelLimits::mlpHidden, mlpHidden, "mlp_hidden");
    need(ropeTheta > 1 && ModelLimits::ropeTheta.contains(ropeTheta), "rope_theta must be in (1, 1e12]");
    need(normEps > 0 && normEps < 1, "norm_eps must be in (0, 1)");
    inRange(ModelLimits::maxContext, maxContext, "max_context");
    try {
        validateKmerTables(kmers, dim);
    } catch (const Error& e) {
        need(false, e.what());
    }
}

std::map<std::string, std::vector<int64_t>> ModelConfig::parameterShapes() const {
    validate();  // the products below stay far from overflow inside the limits
    const int64_t hd = headDim();
    std::map<std::string, std::vector<int64_t>> shapes;
    shapes["tok_emb.weight"] = {kVocabSize, dim};
    addKmerShapes(shapes, kmers, dim);
    for (int64_t l = 0; l < layers; ++l) {
        const std::string b = "blocks." + std::to_string(l) + ".";
        shapes[b + "attn_norm.weight"] = {dim};
        shapes[b + "attn.wq.weight"] = {heads * hd, dim};
        shapes[b + "attn.wk.weight"] = {kvHeads * hd, dim};
        shapes[b + "attn.wv.weight"] = {kvHeads * hd, dim};
        shapes[b + "attn.wo.weight"] = {dim, heads * hd};
        shapes[b + "mlp_norm.weight"] = {dim};
        shapes[b + "mlp.w1.weight"] = {mlpHidden, dim};
        shapes[b + "mlp.w2.weight"] = {dim, mlpHidden};
        shapes[b + "mlp.w3.weight"] = {mlpHidden, dim};
    }
    shapes["norm.weight"] = {dim};
    shapes["head.weight"] = {kNumBases, dim};
    return shapes;
}

void ModelConfig::checkWeights(const SafeTensorsHeader& header, const std::string& path) const {
    checkTensorShapes(header, parameterShapes(), path, "config.json");
}

int64_t ModelConfig::parameterCount() const {
    int64_t n = 0;
    for (const auto& [name, shape] : parameterShapes()) {
        int64_t c = 1;
        for (int64_t d : shape) c *= d;
        n += c;
    }
    return n;
}

json ModelConfig::toJson() const {
    const json kmerList = kmerTablesToJson(kmers);
    return {{"format", format},          {"format_version", formatVersion}, {"dim", dim},
            {"layers", layers},          {"heads", heads},                  {"kv_heads", kvHeads},
            {"mlp_hidden", mlpHidden},   {"rope_theta", ropeTheta},         {"norm_eps", normEps},
            {"max_context", maxContext}, {"kmers", kmerList},               {"provenance", provenance},
            {"vocabulary", {"A", "C", "G", "T", "N", "<bos>", "<pad>", "<sum>"}},
            {"output", {"A", "C", "G", "T"}}};
}

using io::integerField;
using io::realField;

ModelConfig ModelConfig::fromJson(const json& j, const std::string& sourceName) {
    ModelConfig c;
    try {
        if (!j.is_object()) throw Error("not a JSON object");
        c.format = j.at("format").get<std::string>();
        c.formatVersion = int(integerField(j, "format_version", {std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}));
        if (c.format == "focus-dna-lm" && !ModelLimits::formatVersion.contains(c.formatVersion))
            throw Error("format_version " + std::to_string(c.formatVersion) + " is not supported (1)");
        c.dim = integerField(j, "dim", ModelLimits::dim);
        c.layers = integerField(j, "layers", ModelLimits::layers);
        c.heads = integerField(j, "heads", ModelLimits::heads);
        c.kvHeads = j.contains("kv_heads") ? integerField(j, "kv_heads", ModelLimits::heads) : c.heads;
        c.mlpHidden = integerField(j, "mlp_hidden", ModelLimits::mlpHidden);
        c.ropeTheta = realField(j, "rope_theta", c.ropeTheta);
        c.normEps = realField(j, "norm_eps", c.normEps);
        c.maxContext = integerField(j, "max_context", ModelLimits::maxContext);
        c.kmers = kmerTablesFromJson(j.value("kmers", json::array()), "kmers");
        c.provenance = j.value("provenance", json::object());
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

ModelConfig ModelConfig::readFile(const std::string& path) { return fromJson(io::readStrictJsonFile(path), path); }

void ModelConfig::writeFile(const std::string& path) const {
    validate();
    const std::string text = toJson().dump(2) + "\n";
    io::writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace focus::model
