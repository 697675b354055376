// A model on disk is a directory: config.json (architecture, vocabulary, provenance) and
// model.safetensors (F32, F16 or BF16 weights). Loading checks everything a truncated, edited or
// hostile file could get wrong, and names the file, the tensor and the problem: every tensor the
// config implies present with exactly its shape, nothing unexpected, all values finite, and the
// weights' SHA-256 equal to the one config.json records (so a config from one model and weights
// from another are caught). Saving writes both files atomically, the weights first.
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/model/DnaLm.h"
#include "core/model/ModelConfig.h"
#include "core/model/SafeTensors.h"

#include <functional>
#include <string>

namespace focus::model {

enum class WeightDType { F32, F16, BF16 };

struct LoadedModel {
    DnaLm module{nullptr};
    ModelConfig config;
    std::string directory;
    std::string weightsSha256;  // of model.safetensors, hex
};

// Throws focus::Error. The module comes back in eval mode, float32, on the CPU.
LoadedModel loadModel(const std::string& directory);

// Writes directory/model.safetensors then directory/config.json (creating the directory).
// The config's provenance gets "weights_sha256" and "weights_dtype". Returns the SHA-256.
std::string saveModel(const std::string& directory, DnaLm& module, ModelConfig config, WeightDType dtype);

// What every model directory gets, whatever the family (the transformer here, StripedHyena in
// StripedHyena.cpp): the directory must exist; its weights' header is checked by `checkHeader`
// (the config's shapes: nothing is read or allocated for a config that asks for tensors the file
// does not hold; a 12-mer table is 17 GB, 256 layers of 4,096 5 GB) before the tensors are read;
// then their SHA-256 must equal the one config.json records in `provenance` (weights from another
// model, or a damaged file). Throws focus::Error naming the path.
void requireModelDirectory(const std::string& directory);
struct ModelWeights {
    SafeTensors tensors;
    std::string sha256;
    std::string path;  // directory/model.safetensors
};
ModelWeights readModelWeights(const std::string& directory, const nlohmann::json& provenance,
                              const std::function<void(const SafeTensorsHeader&, const std::string&)>& checkHeader);
// Writes directory/model.safetensors (the directory created; atomic) from `module`'s parameters at
// `dtype`, with metadata format = `format`; returns its SHA-256. config.json is the caller's, after.
// Tensors for which `keepF32` (when given) is true are written as F32 whatever `dtype` is.
std::string writeModelWeights(const std::string& directory, torch::nn::Module& module, WeightDType dtype,
                              const std::string& format, const std::function<bool(const std::string&)>& keepF32 = {});
const char* weightDTypeName(WeightDType dtype);  // "F32", "F16", "BF16"

// Tensor <-> safetensors record conversions shared with checkpoints and adapters.
TensorRecord toRecord(const torch::Tensor& t, WeightDType dtype);
torch::Tensor fromRecord(const TensorRecord& r);  // float32 for F32/F16/BF16 records; I64 as kLong

// Copies every named parameter of `module` from `weights`; refuses a missing or unexpected tensor,
// a dtype other than F32/F16/BF16, a shape other than the module's, and NaN/infinite values, with
// a message naming `source` (the file), the tensor and `describer` (what implies the shapes).
void loadParameters(torch::nn::Module& module, const SafeTensors& weights, const std::string& source,
                    const std::string& describer);

std::string sha256Hex(const std::string& bytes);
std::string sha256OfFile(const std::string& path);

}  // namespace focus::model
