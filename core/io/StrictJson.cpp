#include "core/io/StrictJson.h"

#include "core/common/Error.h"
#include "core/io/TextSource.h"

#include <set>
#include <string>
#include <vector>

namespace focus::io {

nlohmann::json parseStrictJson(std::string_view text) {
    using json = nlohmann::json;
    std::vector<std::set<std::string>> keysByDepth;  // one set per object being read
    std::string duplicate;
    const json::parser_callback_t noDuplicates = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            keysByDepth.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            if (!keysByDepth.empty()) keysByDepth.pop_back();
        } else if (event == json::parse_event_t::key && !keysByDepth.empty() && duplicate.empty()) {
            if (!keysByDepth.back().insert(parsed.get<std::string>()).second) duplicate = parsed.get<std::string>();
        }
        return true;
    };
    json j;
    try {
        j = json::parse(text.begin(), text.end(), noDuplicates);
    } catch (const json::exception& e) {
        throw Error(std::string("not valid JSON: ") + e.what());
    }
    if (!duplicate.empty()) throw Error("holds the key '" + duplicate + "' twice in one object");
    return j;
}

nlohmann::json readStrictJsonFile(const std::string& path, size_t maxBytes) {
    const std::string text = readTextFile(path, {int64_t(maxBytes)});
    try {
        return parseStrictJson(text);
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

int64_t integerField(const nlohmann::json& j, const char* key, const IntRange& range) {
    const nlohmann::json& v = j.at(key);
    if (!v.is_number_integer()) throw Error(std::string("'") + key + "' is " + v.dump() + ", not a whole number");
    if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(range.max))
        throw Error(std::string("'") + key + "' is " + v.dump() + "; it must be in " + rangeText(range));
    const int64_t n = v.get<int64_t>();
    if (!range.contains(n)) throw Error(std::string("'") + key + "' is " + v.dump() + "; it must be in " + rangeText(range));
    return n;
}

double realField(const nlohmann::json& j, const char* key, double fallback) {
    if (!j.contains(key)) return fallback;
    const nlohmann::json& v = j.at(key);
    if (!v.is_number()) throw Error(std::string("'") + key + "' is " + v.dump() + ", not a number");
    return v.get<double>();
}

}  // namespace focus::io
