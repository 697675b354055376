// libFuzzer entry point for the safetensors reader: any input is either a well-formed file whose
// tensors all lie inside it and agree with their shapes, or refused with focus::Error; a crash,
// sanitizer report or other exception is a finding. What parses must also survive a round trip.
#include "core/common/Error.h"
#include "core/model/SafeTensors.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using focus::model::SafeTensors;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const SafeTensors st = SafeTensors::parse(bytes, "fuzz.safetensors");
        for (const auto& [name, rec] : st.tensors())
            if (rec.bytes.size() != size_t(rec.numel()) * focus::model::dtypeSize(rec.dtype)) std::abort();
        const SafeTensors again = SafeTensors::parse(st.serialize(), "again");
        if (again.tensors().size() != st.tensors().size() || again.metadata() != st.metadata()) std::abort();
    } catch (const focus::Error&) {
    }
    return 0;
}
