// libFuzzer entry point for loading a model directory's two files together, as loadModel does
// before it builds anything: config.json (strict JSON, every field's type and range) and the
// safetensors header of model.safetensors, checked against the tensors the config implies.
// Input: config.json's text, a NUL byte, then the weights file. Any input is accepted (and then
// describes exactly the config's parameters) or refused with focus::Error; a crash, sanitizer
// report, a huge allocation or another exception is a finding.
#include "core/common/Error.h"
#include "core/io/StrictJson.h"
#include "core/model/ModelConfig.h"
#include "core/model/SafeTensors.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace focus::model;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t nul = input.find('\0');
    if (nul == std::string_view::npos) return 0;
    const std::string_view configText = input.substr(0, nul), weights = input.substr(nul + 1);
    try {
        const ModelConfig config = ModelConfig::fromJson(focus::io::parseStrictJson(configText), "config.json");
        const SafeTensorsHeader header = SafeTensors::parseHeader(weights, weights.size(), "model.safetensors");
        config.checkWeights(header, "model.safetensors");
        // Accepted: the header holds exactly the config's parameters.
        int64_t count = 0;
        for (const auto& [name, info] : header.tensors) {
            int64_t n = 1;
            for (int64_t d : info.shape) n *= d;
            count += n;
        }
        if (count != config.parameterCount()) std::abort();
    } catch (const focus::Error&) {
    }
    return 0;
}
