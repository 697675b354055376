#include "core/model/SafeTensors.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/StrictJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sys/stat.h>

namespace focus::model {
namespace {

using json = nlohmann::json;

struct DTypeInfo {
    DType type;
    const char* name;
    size_t size;
};
constexpr DTypeInfo kDTypes[] = {{DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
                                 {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::U8, "U8", 1}};

uint64_t readLittleEndian64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

}  // namespace

const char* dtypeName(DType t) {
    for (const auto& d : kDTypes)
        if (d.type == t) return d.name;
    return "?";
}

size_t dtypeSize(DType t) {
    for (const auto& d : kDTypes)
        if (d.type == t) return d.size;
    return 0;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string o = "[";
    for (size_t i = 0; i < shape.size(); ++i) o += (i ? ", " : "") + std::to_string(shape[i]);
    return o + "]";
}

int64_t TensorRecord::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

const TensorRecord& SafeTensors::at(const std::string& name) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end()) throw Error(source_ + ": tensor '" + name + "' is missing");
    return it->second;
}

void SafeTensors::add(const std::string& name, TensorRecord record) {
    if (record.bytes.size() != size_t(record.numel()) * dtypeSize(record.dtype))
        throw Error("tensor '" + name + "': byte count does not match its shape and dtype");
    tensors_[name] = std::move(record);
}

namespace {

// The JSON header (the text after the 8-byte length): an object, no key twice in one object.
template <typename Fail>
json parseHeader(std::string_view headerText, const Fail& fail) {
    json header;
    try {
        header = io::parseStrictJson(headerText);
    } catch (const Error& e) {
        throw fail(std::string("header ") + (std::string(e.what()).rfind("not valid", 0) == 0 ? "is " : "") + e.what());
    }
    if (!header.is_object()) throw fail("header is not a JSON object");
    return header;
}

// "__metadata__": an object of strings.
template <typename Fail>
std::map<std::string, std::string> metadataOf(const json& entry, const Fail& fail) {
    if (!entry.is_object()) throw fail("__metadata__ is not an object");
    std::map<std::string, std::string> out;
    for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string()) throw fail("metadata '" + m.key() + "' is not a string");
        out[m.key()] = m.value().get<std::string>();
    }
    return out;
}

// The 8-byte length of a header, checked against the limit and the bytes after it.
template <typename Fail>
uint64_t headerLength(const unsigned char* first8, uint64_t bytesAfter, const SafeTensorsLimits& limits,
                      const Fail& fail) {
    const uint64_t headerBytes = readLittleEndian64(first8);
    if (headerBytes > limits.maxHeaderBytes)
        throw fail("header of " + std::to_string(headerBytes) + " bytes is over the limit of " +
                   std::to_string(limits.maxHeaderBytes) + " (not a safetensors file, or a hostile one)");
    if (headerBytes > bytesAfter)
        throw fail("header says " + std::to_string(headerBytes) + " bytes but the file has only " +
                   std::to_string(bytesAfter) + " after the length (truncated)");
    return headerBytes;
}

// Every check of the format on a header whose data section has dataBytes bytes.
template <typename Fail>
SafeTensorsHeader checkHeader(std::string_view headerText, uint64_t dataBytes, const Fail& fail) {
    const json header = parseHeader(headerText, fail);
    SafeTensorsHeader out;
    out.dataBytes = dataBytes;
    struct Span {
        uint64_t begin, end;
        std::string name;
    };
    std::vector<Span> spans;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const json& entry = it.value();
        if (name == "__metadata__") {
            out.metadata = metadataOf(entry, fail);
            continue;
        }
        auto tensorFail = [&](const std::string& why) { return fail("tensor '" + name + "': " + why); };
        if (!entry.is_object()) throw tensorFail("entry is not an object");
        if (!entry.contains("dtype") || !entry["dtype"].is_string()) throw tensorFail("dtype missing");
        if (!entry.contains("shape") || !entry["shape"].is_array()) throw tensorFail("shape missing");
        if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
            throw tensorFail("data_offsets must be [begin, end]");
        TensorInfo info;
        const std::string dtype = entry["dtype"].get<std::string>();
        const DTypeInfo* type = nullptr;
        for (const auto& d : kDTypes)
            if (dtype == d.name) type = &d;
        if (!type) throw tensorFail("unsupported dtype '" + dtype + "' (F32, F16, BF16, I64, I32, U8)");
        info.dtype = type->type;
        uint64_t count = 1;
        for (const json& d : entry["shape"]) {
            if (!d.is_number_unsigned()) throw tensorFail("shape holds a value that is not a non-negative integer");
            const uint64_t dim = d.get<uint64_t>();
            if (dim > uint64_t(std::numeric_limits<int64_t>::max()) ||
                (dim != 0 && count > std::numeric_limits<uint64_t>::max() / dim))
                throw tensorFail("shape is too large");
            count *= dim;
            info.shape.push_back(static_cast<int64_t>(dim));
        }
        const json& offsets = entry["data_offsets"];
        if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            throw tensorFail("data_offsets are not non-negative integers");
        info.begin = offsets[0].get<uint64_t>();
        info.end = offsets[1].get<uint64_t>();
        if (info.end < info.begin) throw tensorFail("data_offsets end before they begin");
        if (info.end > dataBytes)
            throw tensorFail("data ends at byte " + std::to_string(info.end) + " but the data section has " +
                             std::to_string(dataBytes) + " bytes (truncated file?)");
        if (count > std::numeric_limits<uint64_t>::max() / type->size || count * type->size != info.end - info.begin)
            throw tensorFail("holds " + std::to_string(info.end - info.begin) + " bytes but its shape and dtype need " +
                             std::to_string(count * type->size));
        spans.push_back({info.begin, info.end, name});
        out.tensors.emplace(name, std::move(info));
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t covered = 0;
    for (const Span& s : spans) {
        if (s.begin < covered) throw fail("tensor '" + s.name + "' overlaps another tensor's bytes");
        if (s.begin > covered) throw fail("bytes " + std::to_string(covered) + ".." + std::to_string(s.begin) +
                                          " before tensor '" + s.name + "' belong to no tensor");
        covered = s.end;
    }
    if (covered != dataBytes)
        throw fail(std::to_string(dataBytes - covered) + " bytes at the end belong to no tensor");
    return out;
}

}  // namespace

SafeTensors SafeTensors::parse(std::string_view bytes, const std::string& sourceName,
                               const SafeTensorsLimits& limits) {
    auto fail = [&](const std::string& why) -> Error { return Error(sourceName + ": " + why); };
    if (bytes.size() < 8) throw fail("too short for a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
    const uint64_t headerBytes =
        headerLength(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size() - 8, limits, fail);
    const std::string_view data = bytes.substr(8 + headerBytes);
    SafeTensorsHeader header = checkHeader(bytes.substr(8, headerBytes), data.size(), fail);

    SafeTensors out;
    out.source_ = sourceName;
    out.metadata_ = std::move(header.metadata);
    for (auto& [name, info] : header.tensors) {
        TensorRecord rec;
        rec.dtype = info.dtype;
        rec.shape = std::move(info.shape);
        rec.bytes.assign(data.begin() + static_cast<std::ptrdiff_t>(info.begin),
                         data.begin() + static_cast<std::ptrdiff_t>(info.end));
        out.tensors_.emplace(name, std::move(rec));
    }
    return out;
}

SafeTensorsHeader SafeTensors::parseHeader(std::string_view fileStart, uint64_t fileBytes, const std::string& sourceName,
                                           const SafeTensorsLimits& limits) {
    auto fail = [&](const std::string& why) -> Error { return Error(sourceName + ": " + why); };
    if (fileStart.size() < 8 || fileBytes < fileStart.size()) throw fail("too short for a safetensors file");
    const uint64_t headerBytes =
        headerLength(reinterpret_cast<const unsigned char*>(fileStart.data()), fileBytes - 8, limits, fail);
    if (fileStart.size() - 8 < headerBytes) throw fail("header is truncated");
    return checkHeader(fileStart.substr(8, headerBytes), fileBytes - 8 - headerBytes, fail);
}

SafeTensorsHeader SafeTensors::readHeader(const std::string& path, const SafeTensorsLimits& limits) {
    auto fail = [&](const std::string& why) -> Error { return Error(path + ": " + why); };
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw Error("'" + path + "' is not a regular file");
    const uint64_t fileBytes = uint64_t(st.st_size);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    std::string start(8, '\0');
    in.read(start.data(), 8);
    if (in.gcount() != 8 || fileBytes < 8) throw fail("too short for a safetensors file");
    const uint64_t headerBytes = headerLength(reinterpret_cast<const unsigned char*>(start.data()), fileBytes - 8, limits, fail);
    start.resize(size_t(8 + headerBytes));
    in.read(start.data() + 8, static_cast<std::streamsize>(headerBytes));
    if (in.gcount() != static_cast<std::streamsize>(headerBytes)) throw fail("header is truncated");
    return parseHeader(start, fileBytes, path, limits);
}

std::map<std::string, std::string> SafeTensors::readMetadata(const std::string& path, const SafeTensorsLimits& limits) {
    return readHeader(path, limits).metadata;
}

SafeTensors SafeTensors::readFile(const std::string& path, const SafeTensorsLimits& limits) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw Error("'" + path + "' is not a regular file");
    if (uint64_t(st.st_size) > limits.maxFileBytes)
        throw Error("'" + path + "' is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                    std::to_string(limits.maxFileBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    std::string bytes(static_cast<size_t>(st.st_size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size())) throw Error("cannot read '" + path + "'");
    return parse(bytes, path, limits);
}

std::string SafeTensors::serialize() const {
    json header = json::object();
    if (!metadata_.empty()) header["__metadata__"] = metadata_;
    uint64_t offset = 0;
    for (const auto& [name, rec] : tensors_) {
        header[name] = {{"dtype", dtypeName(rec.dtype)}, {"shape", rec.shape},
                        {"data_offsets", {offset, offset + rec.bytes.size()}}};
        offset += rec.bytes.size();
    }
    std::string text = header.dump();
    // Pad the header with spaces so the data section starts 8-byte aligned (as the reference writer does).
    while ((8 + text.size()) % 8 != 0) text += ' ';
    std::string out(8, '\0');
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out[size_t(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    out += text;
    out.reserve(out.size() + offset);
    for (const auto& [name, rec] : tensors_) out.append(reinterpret_cast<const char*>(rec.bytes.data()), rec.bytes.size());
    return out;
}

void SafeTensors::writeFile(const std::string& path) const {
    const std::string bytes = serialize();
    io::writeFileAtomically(path, [&](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

void checkTensorShapes(const SafeTensorsHeader& header, const std::map<std::string, std::vector<int64_t>>& expected,
                       const std::string& path, const std::string& describer) {
    for (const auto& [name, shape] : expected) {
        const auto it = header.tensors.find(name);
        if (it == header.tensors.end())
            throw Error(path + ": tensor '" + name + "' is missing (" + describer + " implies it: " + shapeText(shape) + ")");
        const TensorInfo& t = it->second;
        if (t.dtype != DType::F32 && t.dtype != DType::F16 && t.dtype != DType::BF16)
            throw Error(path + ": tensor '" + name + "' has dtype " + dtypeName(t.dtype) + " (F32, F16 or BF16 expected)");
        if (t.shape != shape)
            throw Error(path + ": tensor '" + name + "' has shape " + shapeText(t.shape) + " but " + describer + " implies " +
                        shapeText(shape));
    }
    for (const auto& [name, info] : header.tensors)
        if (!expected.count(name)) throw Error(path + ": unexpected tensor '" + name + "' (" + describer + " does not describe it)");
}

}  // namespace focus::model
