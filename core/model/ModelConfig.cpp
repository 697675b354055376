#include "core/model/ModelConfig.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/TextSource.h"

#include <algorithm>

namespace focus::model {

using json = nlohmann::json;

int ModelConfig::maxKmer() const {
    int m = 0;
    for (const KmerTable& t : kmers) m = std::max(m, t.k);
    return m;
}

void ModelConfig::validate() const {
    auto need = [](bool ok, const std::string& what) {
        if (!ok) throw Error("model config: " + what);
    };
    need(format == "focus-dna-lm", "format is '" + format + "', expected 'focus-dna-lm'");
    need(formatVersion == 1, "format_version " + std::to_string(formatVersion) + " is not supported (1)");
    need(dim >= 8 && dim <= 16384, "dim must be in 8..16384");
    need(layers >= 1 && layers <= 256, "layers must be in 1..256");
    need(heads >= 1 && dim % heads == 0, "heads must divide dim");
    need(headDim() % 2 == 0, "dim / heads must be even (rotary embedding pairs)");
    need(kvHeads >= 1 && heads % kvHeads == 0, "kv_heads must divide heads");
    need(mlpHidden >= 1 && mlpHidden <= 1 << 20, "mlp_hidden must be in 1..1048576");
    need(ropeTheta > 1, "rope_theta must be > 1");
    need(normEps > 0 && normEps < 1, "norm_eps must be in (0, 1)");
    need(maxContext >= 16 && maxContext <= 1 << 24, "max_context must be in 16..16777216");
    for (const KmerTable& t : kmers) {
        need(t.k >= 1 && t.k <= 12, "k-mer size " + std::to_string(t.k) + " is outside 1..12");
        need(t.width >= 1 && t.width <= dim, "k-mer table width must be in 1..dim");
        need(std::count_if(kmers.begin(), kmers.end(), [&](const KmerTable& o) { return o.k == t.k; }) == 1,
             "k-mer size " + std::to_string(t.k) + " is listed twice");
    }
}

json ModelConfig::toJson() const {
    json kmerList = json::array();
    for (const KmerTable& t : kmers) kmerList.push_back({{"k", t.k}, {"width", t.width}});
    return {{"format", format},          {"format_version", formatVersion}, {"dim", dim},
            {"layers", layers},          {"heads", heads},                  {"kv_heads", kvHeads},
            {"mlp_hidden", mlpHidden},   {"rope_theta", ropeTheta},         {"norm_eps", normEps},
            {"max_context", maxContext}, {"kmers", kmerList},               {"provenance", provenance},
            {"vocabulary", {"A", "C", "G", "T", "N", "<bos>", "<pad>", "<sum>"}},
            {"output", {"A", "C", "G", "T"}}};
}

ModelConfig ModelConfig::fromJson(const json& j, const std::string& sourceName) {
    ModelConfig c;
    try {
        if (!j.is_object()) throw Error("not a JSON object");
        c.format = j.at("format").get<std::string>();
        c.formatVersion = j.at("format_version").get<int>();
        c.dim = j.at("dim").get<int64_t>();
        c.layers = j.at("layers").get<int64_t>();
        c.heads = j.at("heads").get<int64_t>();
        c.kvHeads = j.value("kv_heads", c.heads);
        c.mlpHidden = j.at("mlp_hidden").get<int64_t>();
        c.ropeTheta = j.value("rope_theta", c.ropeTheta);
        c.normEps = j.value("norm_eps", c.normEps);
        c.maxContext = j.at("max_context").get<int64_t>();
        c.kmers.clear();
        for (const json& t : j.value("kmers", json::array()))
            c.kmers.push_back({t.at("k").get<int>(), t.at("width").get<int64_t>()});
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

ModelConfig ModelConfig::readFile(const std::string& path) {
    const std::string text = io::readTextFile(path, {1 << 20});
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(path + ": not valid JSON: " + e.what());
    }
    return fromJson(j, path);
}

void ModelConfig::writeFile(const std::string& path) const {
    validate();
    const std::string text = toJson().dump(2) + "\n";
    io::writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace focus::model
