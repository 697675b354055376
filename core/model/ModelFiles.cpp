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

namespace focus::model {

std::string sha256Hex(const std::string& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256 failed");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string sha256OfFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return sha256Hex(bytes);
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

LoadedModel loadModel(const std::string& directory) {
    struct stat st {};
    if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error("model '" + directory + "' is not a directory (expected config.json + model.safetensors)");
    LoadedModel m;
    m.directory = directory;
    m.config = ModelConfig::readFile(directory + "/config.json");
    const std::string weightsPath = directory + "/model.safetensors";
    // The config against the weights' header first: nothing is read or allocated for a config that
    // asks for tensors the file does not hold (a 12-mer table is 17 GB; 256 layers of 4,096, 5 GB).
    m.config.checkWeights(SafeTensors::readHeader(weightsPath), weightsPath);
    const SafeTensors weights = SafeTensors::readFile(weightsPath);
    m.weightsSha256 = sha256OfFile(weightsPath);
    const std::string expected = m.config.provenance.value("weights_sha256", "");
    if (!expected.empty() && expected != m.weightsSha256)
        throw Error(weightsPath + ": SHA-256 " + m.weightsSha256 + " differs from " + expected +
                    " recorded in config.json (weights from another model, or a damaged file)");

    m.module = DnaLm(m.config);
    loadParameters(*m.module, weights, weightsPath, "config.json");
    m.module->eval();
    return m;
}

std::string saveModel(const std::string& directory, DnaLm& module, ModelConfig config, WeightDType dtype) {
    if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST)
        throw Error("cannot create model directory '" + directory + "': " + std::strerror(errno));
    SafeTensors weights;
    for (const auto& p : module->named_parameters()) weights.add(p.key(), toRecord(p.value(), dtype));
    weights.metadata()["format"] = "focus-dna-lm";
    const std::string bytes = weights.serialize();
    const std::string sha = sha256Hex(bytes);
    io::writeFileAtomically(directory + "/model.safetensors",
                            [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
    config.provenance["weights_sha256"] = sha;
    config.provenance["weights_dtype"] = dtype == WeightDType::F32 ? "F32" : dtype == WeightDType::F16 ? "F16" : "BF16";
    config.writeFile(directory + "/config.json");
    return sha;
}

}  // namespace focus::model
