// A disk that fills up, for the tests that every writer keeps the old file (issue 17, "Files written
// safely"). Each trial runs in a forked child, so the parent (and its Qt state) is never touched and
// whatever the child mounted vanishes with it:
//   1. The child enters a private mount namespace (as root; otherwise inside a new user namespace)
//      and mounts a fresh tmpfs on `directory`. Where mounting is refused it falls back to
//      RLIMIT_FSIZE (SIGXFSZ ignored, so a write past the limit fails with EFBIG where a full disk
//      says ENOSPC; FOCUS_SMALLDISK=rlimit in the environment forces this). Where neither works,
//      the trial reports why and the test fails: never a skip.
//   2. `prepare` writes the good files; their names, bytes and modes are recorded.
//   3. The tmpfs is filled so that exactly `freeBytes` stay free (a multiple of the page size:
//      tmpfs counts whole pages), or the file-size limit is set to `freeBytes`.
//   4. `write` runs (a focus::Error it throws is the trial's writeError), the filler is removed,
//      and every file is compared with step 2: a failed write must have changed nothing, left no
//      temporary behind; after a successful one, `check` says what is wrong ("" when nothing).
#pragma once

#include "core/common/Error.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sched.h>
#include <sstream>
#include <string>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace focus::test {

struct DiskTrial {
    std::string how;         // "tmpfs" or "RLIMIT_FSIZE"
    std::string problem;     // the harness or `prepare` failed, or `write` threw something else
    std::string writeError;  // the message of the focus::Error `write` threw; "" when it succeeded
    std::string changes;     // what differs from after `prepare`, one line per file
    std::string check;       // `check` after a successful write; "" when all is well
    // What a failed write's message must name as its cause.
    std::string expectedCause() const { return how == "tmpfs" ? "No space left on device" : "File too large"; }
    // Everything, for a test's failure message.
    std::string describe() const {
        return "[" + how + "] problem: " + problem + " | error: " + writeError + " | changes: " + changes +
               " | check: " + check;
    }
};

using DiskStep = std::function<void(const std::string& directory)>;
using DiskCheck = std::function<std::string(const std::string& directory)>;

namespace smalldisk {

inline const char* kFiller = ".disk-filler";

inline bool writeText(const char* path, const std::string& text) {
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::close(fd);
    return ok;
}

// A private mount namespace with a tmpfs on `directory`; "" on success, else why not.
inline std::string mountTmpfs(const std::string& directory, uint64_t diskBytes) {
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWNS) != 0) {
        const std::string asIs = std::strerror(errno);
        // Without CAP_SYS_ADMIN: a user namespace of our own grants it for its mounts.
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
            return "unshare(CLONE_NEWNS): " + asIs + "; with CLONE_NEWUSER: " + std::strerror(errno);
        if (!writeText("/proc/self/setgroups", "deny") ||
            !writeText("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
            !writeText("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
            return std::string("cannot map our user into the user namespace: ") + std::strerror(errno);
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return std::string("cannot make the mounts private: ") + std::strerror(errno);
    const std::string options = "size=" + std::to_string(diskBytes) + ",mode=0755";
    if (::mount("focus-test", directory.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0)
        return std::string("mount -t tmpfs: ") + std::strerror(errno);
    return {};
}

inline uint64_t freeBytesOf(const std::string& directory) {
    struct statvfs s {};
    if (::statvfs(directory.c_str(), &s) != 0) return 0;
    return uint64_t(s.f_bavail) * uint64_t(s.f_frsize);
}

// Fills the tmpfs until exactly `freeBytes` are left; "" on success.
inline std::string fillTo(const std::string& directory, uint64_t freeBytes) {
    const uint64_t available = freeBytesOf(directory);
    if (available < freeBytes)
        return "only " + std::to_string(available) + " bytes free after prepare, wanted " + std::to_string(freeBytes);
    const std::string filler = directory + "/" + kFiller;
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot create the filler: " + std::string(std::strerror(errno));
    const uint64_t bytes = available - freeBytes;
    const int err = bytes > 0 ? ::posix_fallocate(fd, 0, off_t(bytes)) : 0;
    ::close(fd);
    if (err != 0) return "cannot fill the disk: " + std::string(std::strerror(err));
    const uint64_t left = freeBytesOf(directory);
    if (left != freeBytes)
        return "filled the disk to " + std::to_string(left) + " free bytes, wanted " + std::to_string(freeBytes);
    return {};
}

// Every file and link under `directory` but the filler: relative name -> mode and content.
inline std::map<std::string, std::string> contents(const std::string& directory) {
    namespace fs = std::filesystem;
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(directory); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().lexically_relative(directory).string();  // links not resolved
        if (name == kFiller) continue;
        struct stat st {};
        ::lstat(it->path().c_str(), &st);
        std::ostringstream value;
        value << "mode " << std::oct << (st.st_mode & 07777) << " ";
        if (S_ISLNK(st.st_mode)) {
            value << "link to " << fs::read_symlink(it->path()).string();
        } else if (S_ISREG(st.st_mode)) {
            std::ifstream in(it->path(), std::ios::binary);
            value << "file " << in.rdbuf();
        } else {
            value << "directory";
        }
        out[name] = value.str();
    }
    return out;
}

inline std::string differences(const std::map<std::string, std::string>& before,
                               const std::map<std::string, std::string>& after) {
    std::string out;
    for (const auto& [name, value] : before) {
        const auto it = after.find(name);
        if (it == after.end()) out += name + " removed\n";
        else if (it->second != value) out += name + " changed\n";
    }
    for (const auto& [name, value] : after)
        if (!before.count(name)) out += name + " appeared\n";
    return out;
}

inline void sendString(int fd, const std::string& s) {
    const uint64_t n = s.size();
    if (::write(fd, &n, sizeof n) != ssize_t(sizeof n)) return;
    size_t done = 0;
    while (done < s.size()) {
        const ssize_t w = ::write(fd, s.data() + done, s.size() - done);
        if (w <= 0) return;
        done += size_t(w);
    }
}

inline bool receiveString(int fd, std::string& s) {
    uint64_t n = 0;
    if (::read(fd, &n, sizeof n) != ssize_t(sizeof n)) return false;
    s.assign(size_t(n), '\0');
    size_t done = 0;
    while (done < s.size()) {
        const ssize_t r = ::read(fd, s.data() + done, s.size() - done);
        if (r <= 0) return false;
        done += size_t(r);
    }
    return true;
}

inline DiskTrial trialInChild(const std::string& directory, uint64_t freeBytes, uint64_t diskBytes,
                              const DiskStep& prepare, const DiskStep& write, const DiskCheck& check) {
    DiskTrial t;
    // FOCUS_SMALLDISK=rlimit tries the fallback where mounting works.
    const char* forced = std::getenv("FOCUS_SMALLDISK");
    const std::string mountProblem = forced && std::string(forced) == "rlimit" ? std::string("FOCUS_SMALLDISK=rlimit")
                                                                                : mountTmpfs(directory, diskBytes);
    t.how = mountProblem.empty() ? "tmpfs" : "RLIMIT_FSIZE";
    struct rlimit saved {};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    try {
        prepare(directory);
    } catch (const std::exception& e) {
        t.problem = std::string("prepare failed: ") + e.what();
        return t;
    }
    const auto before = contents(directory);
    if (t.how == "tmpfs") {
        t.problem = fillTo(directory, freeBytes);
    } else {
        std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit = saved;
        limit.rlim_cur = rlim_t(freeBytes);
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0)
            t.problem = "no tmpfs (" + mountProblem + ") and no file-size limit (" + std::strerror(errno) + ")";
    }
    if (!t.problem.empty()) return t;
    try {
        write(directory);
    } catch (const focus::Error& e) {
        t.writeError = e.what();
        if (t.writeError.empty()) t.writeError = "(an error without a message)";
    } catch (const std::exception& e) {
        t.problem = std::string("the write threw something other than focus::Error: ") + e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::unlink((directory + "/" + kFiller).c_str());
    if (t.writeError.empty() && t.problem.empty()) {
        if (check) {
            try {
                t.check = check(directory);
            } catch (const std::exception& e) {
                t.check = std::string("check threw: ") + e.what();
            }
        }
    } else {
        t.changes = differences(before, contents(directory));
    }
    return t;
}

}  // namespace smalldisk

// Runs one trial (see the top of this file) in a forked child; `directory` must exist and be empty.
inline DiskTrial runOnSmallDisk(const std::string& directory, uint64_t freeBytes, const DiskStep& prepare,
                                const DiskStep& write, const DiskCheck& check = {},
                                uint64_t diskBytes = uint64_t(64) << 20) {
    DiskTrial t;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        t.problem = std::string("pipe: ") + std::strerror(errno);
        return t;
    }
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child < 0) {
        t.problem = std::string("fork: ") + std::strerror(errno);
        return t;
    }
    if (child == 0) {
        ::close(fds[0]);
        ::alarm(600);  // a hung trial dies instead of hanging the suite
        const DiskTrial r = smalldisk::trialInChild(directory, freeBytes, diskBytes, prepare, write, check);
        for (const std::string* s : {&r.how, &r.problem, &r.writeError, &r.changes, &r.check})
            smalldisk::sendString(fds[1], *s);
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    bool complete = true;
    for (std::string* s : {&t.how, &t.problem, &t.writeError, &t.changes, &t.check})
        complete = complete && smalldisk::receiveString(fds[0], *s);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        t.problem += " (the trial's process ended abnormally: status " + std::to_string(status) +
                     (WIFSIGNALED(status) ? ", signal " + std::to_string(WTERMSIG(status)) : std::string()) + ")";
    return t;
}

// A program's exit status and what it wrote to stderr, run with fork + exec (usable inside a trial).
struct ProgramRun {
    int exitCode = -1;
    std::string err;
};

// `beforeExec` runs in the child (same pid as the program) just before exec.
inline ProgramRun runProgram(const std::vector<std::string>& argv, const std::function<void()>& beforeExec = {}) {
    ProgramRun r;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return r;
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        ::dup2(fds[1], 2);
        const int devNull = ::open("/dev/null", O_WRONLY);
        if (devNull >= 0) ::dup2(devNull, 1);
        if (beforeExec) beforeExec();
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) r.err.append(buffer, size_t(n));
    ::close(fds[0]);
    int status = 0;
    if (child > 0 && ::waitpid(child, &status, 0) == child)
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return r;
}

}  // namespace focus::test
