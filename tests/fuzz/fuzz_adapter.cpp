// libFuzzer entry point for a FOCUS adapter's metadata: the safetensors file is parsed, its
// __metadata__ read as loadAdapter reads it (format, every FocusConfig key with its range, the
// training record), and the token layout built for a model trained at 2,048 tokens and asked the
// questions the scorer and the memory formula ask, at a million bases. Refusals are focus::Error;
// a crash, an overflow (UBSan), a retained count above the peak or another exception is a finding.
#include "core/common/Error.h"
#include "core/focus/FocusConfig.h"
#include "core/model/SafeTensors.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace focus;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const model::SafeTensorsHeader header = model::SafeTensors::parseHeader(bytes, bytes.size(), "fuzz.safetensors");
        const compress::AdapterMetadata meta = compress::parseAdapterMetadata(header.metadata, "fuzz.safetensors");
        const compress::FocusLayout layout(meta.config, 2048);
        for (const int64_t bases : {int64_t(1), meta.config.windowBases, int64_t(1'000'000)}) {
            const int64_t retained = layout.retainedTokensAfter(bases);
            const int64_t peak = layout.peakTokensUpTo(bases);
            if (retained < 1 || retained > peak) std::abort();
        }
        const int64_t t = layout.baseToken(999'999);
        const int64_t m = layout.windowOf(t);
        for (int64_t e = layout.firstVisibleEntry(m); e <= layout.lastVisibleEntry(m); e += std::max<int64_t>(1, layout.lastVisibleEntry(m) / 16 + 1))
            (void)layout.entryPosition(m, e);
        (void)layout.tokenPosition(m, layout.offsetInWindow(t));
    } catch (const Error&) {
    }
    return 0;
}
