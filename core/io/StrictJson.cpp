#include "core/io/StrictJson.h"

#include "core/common/Error.h"

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

}  // namespace focus::io
