// Our own reader and writer for the safetensors format (no pickle, ever): an 8-byte little-endian
// header length N, N bytes of JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]},
// "__metadata__": {string: string}}, then the raw little-endian, row-major tensor bytes.
// Written by hand because no Debian package reads it from C++. The reader is defensive, as for a
// hostile file: header size capped, every offset inside the data section, tensors disjoint and
// covering the data section, byte counts equal to shape x dtype size (overflow-checked),
// metadata values strings. Every refusal names the file, the tensor and the problem.
// Torch-free on purpose: the fuzzer and tools use it without LibTorch.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace focus::model {

enum class DType { F32, F16, BF16, I64, I32, U8 };

const char* dtypeName(DType t);       // "F32", ...
size_t dtypeSize(DType t);            // bytes per element

struct TensorRecord {
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::vector<uint8_t> bytes;  // little-endian, row-major
    int64_t numel() const;
};

struct SafeTensorsLimits {
    uint64_t maxHeaderBytes = 16u << 20;   // the format's own readers cap it at 100 MB; ours are small
    uint64_t maxFileBytes = uint64_t(4) << 30;
};

class SafeTensors {
public:
    // Throws focus::Error "SOURCE: ..." on any problem.
    static SafeTensors parse(std::string_view bytes, const std::string& sourceName,
                             const SafeTensorsLimits& limits = {});
    static SafeTensors readFile(const std::string& path, const SafeTensorsLimits& limits = {});
    // The "__metadata__" strings from the header alone (a checkpoint's tensors can be large);
    // the header is checked as parse() checks it. Throws focus::Error "PATH: ...".
    static std::map<std::string, std::string> readMetadata(const std::string& path,
                                                           const SafeTensorsLimits& limits = {});

    // Atomic (temporary file + rename). Tensor names are written in sorted order.
    void writeFile(const std::string& path) const;
    std::string serialize() const;

    const std::map<std::string, TensorRecord>& tensors() const { return tensors_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    std::map<std::string, std::string>& metadata() { return metadata_; }

    bool contains(const std::string& name) const { return tensors_.count(name) != 0; }
    // Throws focus::Error naming the tensor when it is absent.
    const TensorRecord& at(const std::string& name) const;
    void add(const std::string& name, TensorRecord record);

    const std::string& sourceName() const { return source_; }

private:
    std::string source_;
    std::map<std::string, TensorRecord> tensors_;
    std::map<std::string, std::string> metadata_;
};

}  // namespace focus::model
