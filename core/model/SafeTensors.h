// Our own reader and writer for the safetensors format (no pickle, ever): an 8-byte little-endian
// header length N, N bytes of JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]},
// "__metadata__": {string: string}}, then the raw little-endian, row-major tensor bytes.
// Written by hand because no Debian package reads it from C++. The reader is defensive, as for a
// hostile file: header size capped, every offset inside the data section, tensors disjoint and
// covering the data section, byte counts equal to shape x dtype size (overflow-checked),
// metadata values strings, no key twice in one JSON object (JSON parsers disagree on which wins). Every refusal names the file, the tensor and the problem.
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
std::string shapeText(const std::vector<int64_t>& shape);  // "[4, 256]", for messages

struct TensorRecord {
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::vector<uint8_t> bytes;  // little-endian, row-major
    int64_t numel() const;
};

// A tensor as the header describes it (its bytes not read).
struct TensorInfo {
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;  // byte offsets in the data section
};

// The checked header of a file: every tensor's entry and the metadata. dataBytes is the size of
// the data section, which the tensors cover exactly.
struct SafeTensorsHeader {
    std::map<std::string, TensorInfo> tensors;
    std::map<std::string, std::string> metadata;
    uint64_t dataBytes = 0;
};

struct SafeTensorsLimits {
    uint64_t maxHeaderBytes = 16u << 20;   // the format's own readers cap it at 100 MB; ours are small
    uint64_t maxFileBytes = uint64_t(4) << 30;
};

// The header holds exactly `expected` (name -> shape), each F32, F16 or BF16: checked before any
// tensor is read or a model built. Throws focus::Error "PATH: tensor 'NAME' ..." naming
// `describer` (what implies the shapes, e.g. "config.json").
void checkTensorShapes(const SafeTensorsHeader& header, const std::map<std::string, std::vector<int64_t>>& expected,
                       const std::string& path, const std::string& describer);

class SafeTensors {
public:
    // Throws focus::Error "SOURCE: ..." on any problem.
    static SafeTensors parse(std::string_view bytes, const std::string& sourceName,
                             const SafeTensorsLimits& limits = {});
    static SafeTensors readFile(const std::string& path, const SafeTensorsLimits& limits = {});
    // The header alone (a model's or a checkpoint's tensors can be large), checked as parse()
    // checks it, against the file's real size: read it to decide whether the tensors are worth
    // reading. Throws focus::Error "PATH: ...".
    static SafeTensorsHeader readHeader(const std::string& path, const SafeTensorsLimits& limits = {});
    // The same from the first bytes of a file of fileBytes bytes in all (at least the length and
    // the header; the data section need not be there).
    static SafeTensorsHeader parseHeader(std::string_view fileStart, uint64_t fileBytes, const std::string& sourceName,
                                         const SafeTensorsLimits& limits = {});
    // The "__metadata__" strings of readHeader(path).
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
