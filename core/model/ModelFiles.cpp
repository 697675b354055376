#include "core/model/ModelFiles.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/model/SafeTensors.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sys/stat.h>
#include <vector>

namespace focus::model {

namespace {

std::string hexDigest(const unsigned char* digest, unsigned int length) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace

std::string sha256Hex(const std::string& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256 failed");
    return hexDigest(digest, length);
}

std::string sha256OfFile(const std::string& path) {
    // Streamed in 1 MiB pieces: a model's weights (or a genome) are never held whole for this.
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) throw Error("SHA-256 failed");
    std::vector<char> buffer(size_t(1) << 20);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        const std::streamsize n = in.gcount();
        if (n > 0 && EVP_DigestUpdate(context.get(), buffer.data(), size_t(n)) != 1) throw Error("SHA-256 failed");
    }
    if (in.bad()) throw Error("cannot read '" + path + "': " + std::strerror(errno));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1) throw Error("SHA-256 failed");
    return hexDigest(digest, length);
}

TensorRecord toRecord(const torch::Tensor& t, WeightDType dtype) {
    TensorRecord r;
    torch::Tensor c;
    if (t.scalar_type() == torch::kLong) {
        r.dtype = DType::I64;
        c = t.detach().cpu().contiguous();
    } else {
        switch (dtype) {
            case WeightDType::F32: r.dtype = DType::F32; c = t.detach().cpu().to(torch::kFloat).contiguous(); break;
            case WeightDType::F16: r.dtype = DType::F16; c = t.detach().cpu().to(torch::kHalf).contiguous(); break;
            case WeightDType::BF16: r.dtype = DType::BF16; c = t.detach().cpu().to(torch::kBFloat16).contiguous(); break;
        }
    }
    r.shape.assign(c.sizes().begin(), c.sizes().end());
    const auto* p = static_cast<const uint8_t*>(c.data_ptr());
    r.bytes.assign(p, p + c.numel() * int64_t(c.element_size()));  // x86-64 and CUDA hosts are little-endian
    return r;
}

torch::Tensor fromRecord(const TensorRecord& r) {
    torch::ScalarType type;
    switch (r.dtype) {
        case DType::F32: type = torch::kFloat; break;
        case DType::F16: type = torch::kHalf; break;
        case DType::BF16: type = torch::kBFloat16; break;
        case DType::I64: type = torch::kLong; break;
        default: throw Error(std::string("unsupported tensor dtype ") + dtypeName(r.dtype));
    }
    torch::Tensor t = torch::empty(r.shape, torch::TensorOptions().dtype(type));
    std::memcpy(t.data_ptr(), r.bytes.data(), r.bytes.size());
    return type == torch::kLong ? t : t.to(torch::kFloat);
}

void loadParameters(torch::nn::Module& module, const SafeTensors& weights, const std::string& source,
                    const std::string& describer) {
    torch::NoGradGuard noGrad;
    std::set<std::string> expectedNames;
    for (auto& p : module.named_parameters()) {
        const std::string& name = p.key();
        expectedNames.insert(name);
        if (!weights.contains(name)) throw Error(source + ": tensor '" + name + "' is missing");
        const TensorRecord& rec = weights.at(name);
        if (rec.dtype != DType::F32 && rec.dtype != DType::F16 && rec.dtype != DType::BF16)
            throw Error(source + ": tensor '" + name + "' has dtype " + dtypeName(rec.dtype) +
                        " (F32, F16 or BF16 expected)");
        const std::vector<int64_t> shape(p.value().sizes().begin(), p.value().sizes().end());
        if (rec.shape != shape)
            throw Error(source + ": tensor '" + name + "' has shape " + shapeText(rec.shape) + " but " + describer +
                        " implies " + shapeText(shape));
        const torch::Tensor value = fromRecord(rec);
        if (!torch::isfinite(value).all().item<bool>())
            throw Error(source + ": tensor '" + name + "' holds NaN or infinite values");
        p.value().copy_(value);
    }
    for (const auto& [name, rec] : weights.tensors())
        if (!expectedNames.count(name))
            throw Error(source + ": unexpected tensor '" + name + "' (" + describer + " does not describe it)");
}

void requireModelDirectory(const std::string& directory) {
    struct stat st {};
    if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error("model '" + directory + "' is not a directory (expected config.json + model.safetensors)");
}

ModelWeights readModelWeights(const std::string& directory, const nlohmann::json& provenance,
                              const std::function<void(const SafeTensorsHeader&, const std::string&)>& checkHeader) {
    ModelWeights w;
    w.path = directory + "/model.safetensors";
    checkHeader(SafeTensors::readHeader(w.path), w.path);
    w.tensors = SafeTensors::readFile(w.path);
    w.sha256 = sha256OfFile(w.path);
    const std::string expected = provenance.value("weights_sha256", "");
    if (!expected.empty() && expected != w.sha256)
        throw Error(w.path + ": SHA-256 " + w.sha256 + " differs from " + expected +
                    " recorded in config.json (weights from another model, or a damaged file)");
    return w;
}

const char* weightDTypeName(WeightDType dtype) {
    return dtype == WeightDType::F32 ? "F32" : dtype == WeightDType::F16 ? "F16" : "BF16";
}

std::string writeModelWeights(const std::string& directory, torch::nn::Module& module, WeightDType dtype,
                              const std::string& format, const std::function<bool(const std::string&)>& keepF32) {
    if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST)
        throw Error("cannot create model directory '" + directory + "': " + std::strerror(errno));
    SafeTensors weights;
    for (const auto& p : module.named_parameters())
        weights.add(p.key(), toRecord(p.value(), keepF32 && keepF32(p.key()) ? WeightDType::F32 : dtype));
    weights.metadata()["format"] = format;
    const std::string bytes = weights.serialize();
    io::writeFileAtomically(directory + "/model.safetensors",
                            [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
    return sha256Hex(bytes);
}

LoadedModel loadModel(const std::string& directory) {
    requireModelDirectory(directory);
    LoadedModel m;
    m.directory = directory;
    m.config = ModelConfig::readFile(directory + "/config.json");
    const ModelWeights w = readModelWeights(directory, m.config.provenance, [&](const SafeTensorsHeader& h, const std::string& path) {
        m.config.checkWeights(h, path);
    });
    m.weightsSha256 = w.sha256;
    m.module = DnaLm(m.config);
    loadParameters(*m.module, w.tensors, w.path, "config.json");
    m.module->eval();
    return m;
}

std::string saveModel(const std::string& directory, DnaLm& module, ModelConfig config, WeightDType dtype) {
    const std::string sha = writeModelWeights(directory, *module, dtype, "focus-dna-lm");
    config.provenance["weights_sha256"] = sha;
    config.provenance["weights_dtype"] = weightDTypeName(dtype);
    config.writeFile(directory + "/config.json");
    return sha;
}

}  // namespace focus::model
