#include "core/io/AtomicFile.h"

#include <iostream>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>

namespace focus::io {
namespace {

std::string directoryOf(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// 12 characters of 62: 71 bits nobody can guess, so a name cannot be prepared for us in advance.
// (mkostemp would do, but it always creates 0600, and we create 0666 to learn the plain-create mode.)
std::string randomSuffix() {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
    std::string suffix(12, ' ');
    for (char& c : suffix) c = kAlphabet[pick(device)];
    return suffix;
}

// write(2) until every byte is out; 0 on success, else the errno of the failure.
int writeAll(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return EIO;
        data += n;
        size -= size_t(n);
    }
    return 0;
}

bool sameFile(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// A stream buffer over a file descriptor that remembers why a write failed (std::ofstream only
// says that it failed). The standard library has no stream over a descriptor, hence our own.
class DescriptorBuffer : public std::streambuf {
public:
    explicit DescriptorBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
    // errno of the first failed write, 0 when none failed.
    int error() const { return error_; }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }

    std::streamsize xsputn(const char* data, std::streamsize count) override {
        if (count <= epptr() - pptr()) {
            std::memcpy(pptr(), data, size_t(count));
            pbump(int(count));
            return count;
        }
        // Large blocks (tensor data) go straight to the file instead of through the buffer.
        if (!drain() || !put(data, size_t(count))) return 0;
        return count;
    }

    int sync() override { return drain() ? 0 : -1; }

private:
    bool put(const char* data, size_t size) {
        if (error_ == 0) error_ = writeAll(fd_, data, size);
        return error_ == 0;
    }
    bool drain() {
        const bool ok = put(pbase(), size_t(pptr() - pbase()));
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return ok;
    }

    int fd_;
    int error_ = 0;
    std::array<char, 1 << 16> buffer_{};
};

}  // namespace

int createExclusively(const std::string& path, unsigned mode) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode));
}

AtomicFile::AtomicFile(std::string destination) : destination_(std::move(destination)) {
    const std::string directory = directoryOf(destination_);
    struct stat existing {};
    if (::stat(destination_.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode))
        throw Error("cannot write '" + destination_ + "': it is a directory");
    int err = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = destination_ + ".tmp-" + randomSuffix();
        // 0666: the kernel applies the umask and any default ACL, as for a plain create; we note
        // the result for a new destination and keep the file private (0600) while it is written.
        fd_ = createExclusively(name, 0666);
        if (fd_ < 0) {
            err = errno;
            if (err == EEXIST) continue;
            break;
        }
        temporary_ = std::move(name);
        struct stat created {};
        if (::fstat(fd_, &created) != 0 || ::fchmod(fd_, 0600) != 0)
            fail("cannot set up a temporary file", errno);
        newFileMode_ = created.st_mode & 07777;
        return;
    }
    throw Error("cannot write '" + destination_ + "': cannot create a file in '" + directory +
                "': " + std::strerror(err));
}

AtomicFile::~AtomicFile() { discard(); }

std::string AtomicFile::libraryPath() const {
    const std::string viaProc = "/proc/self/fd/" + std::to_string(fd_);
    struct stat ours {}, named {};
    if (fd_ >= 0 && ::fstat(fd_, &ours) == 0 && ::stat(viaProc.c_str(), &named) == 0 && sameFile(ours, named))
        return viaProc;
    return temporary_;
}

void AtomicFile::write(const char* data, std::size_t size) {
    if (fd_ < 0) fail("the file was already closed");
    if (const int err = writeAll(fd_, data, size)) fail("", err);
}

void AtomicFile::discard() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
}

void AtomicFile::fail(const std::string& what, int err) {
    discard();
    std::string cause = what;
    if (err != 0) cause += (cause.empty() ? "" : ": ") + std::string(std::strerror(err));
    throw Error("cannot write '" + destination_ + "': " + cause);
}

void AtomicFile::commit() {
    if (fd_ < 0) fail("the file was already closed");
    if (::fsync(fd_) != 0) fail("cannot flush it to the disk", errno);

    struct stat ours {};
    if (::fstat(fd_, &ours) != 0) fail("cannot inspect the temporary file", errno);
    struct stat old {};
    if (private_) {
        if (::fchmod(fd_, 0600) != 0) fail("cannot make it private", errno);
    } else if (::stat(destination_.c_str(), &old) == 0) {
        // Owner and group first: chown clears set-id bits, which the chmod then restores.
        if (old.st_uid != ours.st_uid || old.st_gid != ours.st_gid) {
            if (::fchown(fd_, old.st_uid, old.st_gid) != 0) (void)::fchown(fd_, uid_t(-1), old.st_gid);
        }
        if (::fchmod(fd_, old.st_mode & 07777) != 0) fail("cannot give it the old file's mode", errno);
    } else if (::fchmod(fd_, newFileMode_) != 0) {
        fail("cannot give it the mode of a new file", errno);
    }

    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot close it", errno);
    // The name must still be ours (a library opened the file by name; nobody may have swapped it).
    struct stat named {};
    if (::lstat(temporary_.c_str(), &named) != 0 || !sameFile(named, ours))
        fail("its temporary file '" + temporary_ + "' was replaced by another program");
    if (::rename(temporary_.c_str(), destination_.c_str()) != 0)
        fail("cannot rename '" + temporary_ + "' over it", errno);
    committed_ = true;
    temporary_.clear();

    // Make the rename itself durable. Filesystems that cannot sync a directory say EINVAL.
    const std::string directory = directoryOf(destination_);
    const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = dirFd < 0 ? errno : (::fsync(dirFd) == 0 ? 0 : errno);
    if (dirFd >= 0) ::close(dirFd);
    if (err != 0 && err != EINVAL && err != ENOTSUP)
        throw Error("cannot write '" + destination_ + "': the new file is in place, but its directory '" +
                    directory + "' could not be flushed to the disk: " + std::strerror(err));
}

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    AtomicFile file(path);
    DescriptorBuffer buffer(file.fd());
    std::ostream out(&buffer);
    write(out);  // an exception propagates; ~AtomicFile removes the temporary
    out.flush();
    if (buffer.error() != 0) file.fail("", buffer.error());
    if (!out) file.fail("the content could not be formatted");
    file.commit();
}

void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path != "-") return writeFileAtomically(path, write);
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw Error("cannot write to standard output");
}

}  // namespace focus::io
