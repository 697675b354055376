#include "core/io/Location.h"

#include <htslib/hfile.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace focus::io {

bool isUrl(std::string_view location) {
    const size_t colon = location.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(location[0])) return false;
    for (size_t i = 1; i < colon; ++i) {
        const char c = location[i];
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

std::string withoutQuery(std::string_view location) {
    if (!isUrl(location)) return std::string(location);
    return std::string(location.substr(0, location.find_first_of("?#")));
}

std::string fileNameOf(std::string_view location) {
    std::string path = withoutQuery(location);
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string companionOf(std::string_view location, std::string_view suffix) {
    if (!isUrl(location)) return std::string(location) + std::string(suffix);
    const size_t query = location.find_first_of("?#");
    if (query == std::string_view::npos) return std::string(location) + std::string(suffix);
    return std::string(location.substr(0, query)) + std::string(suffix) + std::string(location.substr(query));
}

std::string whyUnreadable(const std::string& location) {
    if (!isUrl(location)) {
        struct stat st {};
        if (::stat(location.c_str(), &st) != 0) return std::strerror(errno);
        if (S_ISDIR(st.st_mode)) return "it is a directory";
        if (::access(location.c_str(), R_OK) != 0) return std::strerror(errno);
        return {};
    }
    errno = 0;
    std::unique_ptr<hFILE, int (*)(hFILE*)> h(hopen(location.c_str(), "r"), hclose);
    if (!h) return errno ? std::strerror(errno) : "the server did not send it";
    char byte = 0;
    if (hpeek(h.get(), &byte, 1) < 0) return errno ? std::strerror(errno) : "the server sent nothing";
    return {};
}

}  // namespace focus::io
