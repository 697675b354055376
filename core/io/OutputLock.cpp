#include "core/io/OutputLock.h"

#include "core/common/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace focus::io {
namespace {

std::string holderOf(int fd) {
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string pid = n > 0 ? std::string(buf, size_t(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid.empty() ? std::string() : " (pid " + pid + ")";
}

}  // namespace

OutputLock::OutputLock(const std::string& lockPath, const std::string& output) : path_(lockPath) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
            throw Error("cannot lock '" + output + "': cannot open '" + path_ + "': " + std::strerror(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int why = errno;
            const std::string holder = holderOf(fd);
            ::close(fd);
            if (why == EWOULDBLOCK)
                throw Error("'" + output + "' is in use by another training run" + holder + " (lock '" + path_ +
                            "'); wait for it to finish, or choose another output");
            throw Error("cannot lock '" + output + "': " + std::strerror(why));
        }
        // The holder before us may have removed the file after we opened it: then our lock is on a
        // file nobody else can find, and we must lock the one at the path now.
        struct stat mine {}, atPath {};
        if (::fstat(fd, &mine) == 0 && ::stat(path_.c_str(), &atPath) == 0 && mine.st_dev == atPath.st_dev &&
            mine.st_ino == atPath.st_ino) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size())) {
                // The pid is only for messages; the lock itself holds.
            }
            fd_ = fd;
            return;
        }
        ::close(fd);
    }
    throw Error("cannot lock '" + output + "': its lock file '" + path_ + "' keeps being replaced");
}

OutputLock::~OutputLock() {
    if (fd_ < 0) return;
    ::unlink(path_.c_str());  // while still locked: a waiting run then re-checks and takes a fresh file
    ::close(fd_);
}

}  // namespace focus::io
