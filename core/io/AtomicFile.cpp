#include "core/io/AtomicFile.h"

#include "core/common/Error.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace focus::io {

std::string temporaryPathFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

void replaceFile(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(from.c_str());
        throw Error("cannot replace '" + to + "': " + why);
    }
}

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const std::string tmp = temporaryPathFor(path);
    auto fail = [&](const std::string& what) {
        const std::string why = errno ? std::string(": ") + std::strerror(errno) : std::string();
        std::remove(tmp.c_str());
        throw Error("cannot write '" + path + "': " + what + why);
    };
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot create a temporary file in its directory");
        errno = 0;
        try {
            write(out);
        } catch (...) {
            out.close();
            std::remove(tmp.c_str());
            throw;
        }
        out.flush();
        if (!out) fail("write failed");
        out.close();
        if (out.fail()) fail("close failed");
    }
    // Flush the data to disk before the rename makes it visible under the real name.
    const int fd = ::open(tmp.c_str(), O_RDONLY);
    if (fd < 0) fail("cannot reopen the temporary file");
    errno = 0;
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) fail("fsync failed");
    replaceFile(tmp, path);
}

}  // namespace focus::io
