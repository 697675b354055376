#include "core/train/Checkpoint.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"
#include "core/model/SafeTensors.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

namespace focus::train {

using json = nlohmann::json;

namespace {

// 17 significant digits: a double reads back bit for bit.
std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// F32 little-endian values, all finite (and >= 0 when nonNegative).
bool finiteValues(const model::TensorRecord& rec, bool nonNegative) {
    for (size_t i = 0; i + 4 <= rec.bytes.size(); i += 4) {
        float v;
        std::memcpy(&v, rec.bytes.data() + i, 4);  // x86-64 and CUDA hosts are little-endian
        if (!std::isfinite(v) || (nonNegative && v < 0)) return false;
    }
    return true;
}

}  // namespace

std::map<std::string, std::string> checkpointMetadata(const RunState& s, int64_t adamSteps, const std::mt19937_64& rng,
                                                      const json& fingerprint) {
    std::ostringstream rngText;
    rngText << rng;
    return {{"step", std::to_string(s.step)},
            {"adam_t", std::to_string(adamSteps)},
            {"tokens", std::to_string(s.tokens)},
            {"seconds", exact(s.seconds)},
            {"rng", rngText.str()},
            {"fingerprint", fingerprint.dump()},
            {"log", s.log.dump()},
            {"interval_loss", exact(s.intervalLoss)},
            {"interval_steps", std::to_string(s.intervalSteps)},
            {"pending_entry", s.pendingEntry.dump()}};
}

CheckpointState checkCheckpoint(const model::SafeTensors& file, const std::string& path, const ParameterShapes& params,
                                const json& fingerprint, int64_t maxStep) {
    const auto& meta = file.metadata();
    auto damaged = [&](const std::string& what) { return Error(path + ": " + what + "; delete it to start over"); };
    auto get = [&](const std::string& key) -> const std::string& {
        auto it = meta.find(key);
        if (it == meta.end()) throw damaged("metadata '" + key + "' is missing");
        return it->second;
    };
    CheckpointState out;
    json written;
    try {
        written = json::parse(get("fingerprint"));
        out.run.log = json::parse(get("log"));
        // Written by runs before interval and pending state were kept: none of either.
        if (meta.count("pending_entry")) out.run.pendingEntry = json::parse(get("pending_entry"));
    } catch (const json::exception& e) {
        throw damaged(std::string("damaged metadata (") + e.what() + ")");
    }
    if (written != fingerprint)
        throw Error(path + " was written by a run with other settings; resume with the same options, or choose "
                           "another output (or delete the checkpoint)");
    if (!out.run.log.is_array()) throw damaged("its log is not a list");
    if (!out.run.pendingEntry.is_null() && !out.run.pendingEntry.is_object())
        throw damaged("its pending log entry is not an object");

    std::set<std::string> expected;
    for (const auto& [name, shape] : params) {
        for (const char* kind : {"param/", "adam_m/", "adam_v/"}) {
            const std::string key = kind + name;
            expected.insert(key);
            if (!file.contains(key)) throw damaged("tensor '" + key + "' is missing");
            const model::TensorRecord& rec = file.at(key);
            if (rec.dtype != model::DType::F32)
                throw damaged("tensor '" + key + "' has dtype " + model::dtypeName(rec.dtype) + " (F32 expected)");
            if (rec.shape != shape)
                throw damaged("tensor '" + key + "' has shape " + model::shapeText(rec.shape) + " but the run's '" + name +
                              "' is " + model::shapeText(shape));
            const bool moments = std::strcmp(kind, "adam_v/") == 0;
            if (!finiteValues(rec, moments))
                throw damaged("tensor '" + key + "' holds " + (moments ? "NaN, infinite or negative" : "NaN or infinite") +
                              " values");
        }
    }
    for (const auto& [name, rec] : file.tensors())
        if (!expected.count(name)) throw damaged("unexpected tensor '" + name + "' (the run has no such parameter)");

    auto counter = [&](const std::string& key, int64_t max) {
        int64_t v = 0;
        if (io::parseInteger(get(key), v) != io::IntegerParse::Ok || v < 0 || v > max)
            throw damaged("metadata '" + key + "' is " + io::quotedField(get(key)) + ", not a whole number in 0.." +
                          std::to_string(max));
        return v;
    };
    auto real = [&](const std::string& key) {
        const std::optional<double> v = io::parseFiniteNumber(get(key));
        if (!v || *v < 0)
            throw damaged("metadata '" + key + "' is " + io::quotedField(get(key)) + ", not a finite number >= 0");
        return *v;
    };
    const int64_t limit = std::numeric_limits<int64_t>::max();
    out.run.step = counter("step", maxStep);
    out.adamSteps = counter("adam_t", limit);
    out.run.tokens = counter("tokens", limit);
    out.run.seconds = real("seconds");
    if (meta.count("interval_loss")) out.run.intervalLoss = real("interval_loss");
    if (meta.count("interval_steps")) out.run.intervalSteps = counter("interval_steps", out.run.step);
    std::istringstream rngText(get("rng"));
    rngText >> out.rng;
    if (!rngText) throw damaged("its RNG state is damaged");
    return out;
}

std::string checkpointNote(const std::string& path, int64_t nextStep, int64_t steps) {
    return "checkpoint at step " + std::to_string(nextStep) + " of " + std::to_string(steps) + " in " + path;
}

}  // namespace focus::train
