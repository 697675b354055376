// libFuzzer entry point for the training checkpoint reader: a safetensors file checked against a
// small run (parameters "w" [2, 3] and "b" [3], a fixed fingerprint, at most 100 steps) exactly as a
// resuming trainer checks it before copying anything. Accepted means every tensor of the run is
// there, F32, of its shape and finite, and the counters are in range; anything else is refused
// with focus::Error. A crash, sanitizer report or another exception is a finding.
#include "core/common/Error.h"
#include "core/model/SafeTensors.h"
#include "core/train/Checkpoint.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace focus;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const train::ParameterShapes params{{"w", {2, 3}}, {"b", {3}}};
    static const nlohmann::json fingerprint = {{"seed", 1}};
    try {
        const model::SafeTensors file = model::SafeTensors::parse(bytes, "fuzz.checkpoint.safetensors");
        const train::CheckpointState s = train::checkCheckpoint(file, "fuzz.checkpoint.safetensors", params, fingerprint, 100);
        if (s.run.step < 0 || s.run.step > 100 || file.tensors().size() != 3 * params.size()) std::abort();
        if (s.run.intervalSteps < 0 || s.run.intervalSteps > s.run.step || !s.run.log.is_array()) std::abort();
    } catch (const Error&) {
    }
    return 0;
}
