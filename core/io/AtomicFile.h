// Every file we write replaces its destination atomically and safely (docs/README.md, "Files we
// write"). A reader sees the old file or the new one, never half of either; a full disk, a failed
// library or a crash leaves the old file byte for byte as it was, and no debris. The rules:
//  1. The new content goes to a temporary file in the destination's directory (same filesystem,
//     so rename(2) is atomic), named "<destination>.tmp-" plus 12 random characters and created
//     with O_CREAT | O_EXCL | O_NOFOLLOW: an existing name, or a symlink planted there, is never
//     opened, let alone written through.
//  2. Every write is checked (partial writes continued, EINTR retried); the file is fsync'ed
//     before the rename, so the destination never names data that is not on the disk.
//  3. The new file keeps the destination's mode, owner and group (owner and group where the
//     system lets us; a non-root user cannot give a file away). A new destination gets what a
//     plain open(O_CREAT, 0666) gives: 0666 & ~umask (and the directory's default ACL). While
//     it is written the temporary is private to us (0600), so a half-written file leaks nothing.
//  4. rename(2) over the destination, then fsync of its directory so the rename outlives a crash.
//     A symlink at the destination is replaced by the new file, never written through.
//  5. Any failure before the rename removes the temporary; the focus::Error names the destination
//     and the cause, on one line: "cannot write 'out.bw': No space left on device".
// Libraries that open files by name (libBigWig's bwOpen, HTSlib's fai_build3) write into an
// AtomicFile through libraryPath(): /proc/self/fd/N reopens the very file created in rule 1, so
// nobody can swap the name under the library. The caller checks the library's own errors (and
// that its output is whole) before commit(); commit() then does rules 2-4.
#pragma once

#include "core/common/Error.h"

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace focus::io {

// One file being written to replace `destination`. Not copyable; the destructor discards an
// uncommitted temporary, so an exception anywhere between construction and commit() loses nothing.
class AtomicFile {
public:
    // Creates the temporary (rule 1). Throws focus::Error naming `destination` when it cannot,
    // e.g. its directory is missing or not writable, or the destination is a directory.
    explicit AtomicFile(std::string destination);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& destination() const { return destination_; }
    // The temporary's own name (for messages and tests; libraries take libraryPath()).
    const std::string& temporaryPath() const { return temporary_; }
    // The name under which a library should open the temporary for writing: /proc/self/fd/N where
    // /proc is mounted, else temporaryPath(). Valid until commit() or discard().
    std::string libraryPath() const;
    // The temporary's file descriptor (write-only), -1 after commit() or discard().
    int fd() const { return fd_; }

    // Appends `size` bytes at the descriptor's offset; throws (after discarding) on any failure.
    void write(const char* data, std::size_t size);
    // Rules 2-4. Throws focus::Error after discarding the temporary when anything fails before the
    // rename (the destination is then untouched), or, should the directory's fsync fail after the
    // rename, saying that the new file is in place. Call at most once.
    void commit();
    // Closes and removes the temporary; the destination is untouched. Safe to call twice.
    // For secrets: the new file gets mode 0600 and stays ours, whatever mode or owner the old file
    // had (rule 3 does not apply). Call before commit().
    void makePrivate() { private_ = true; }
    void discard() noexcept;
    // Discards, then throws "cannot write '<destination>': <cause>" where the cause is `what`,
    // strerror(err), or "what: strerror(err)" when both are given.
    [[noreturn]] void fail(const std::string& what, int err = 0);

private:
    std::string destination_;
    std::string temporary_;
    int fd_ = -1;
    unsigned newFileMode_ = 0600;  // what open(O_CREAT, 0666) gave here: the mode of a new destination
    bool committed_ = false;
    bool private_ = false;
};

// Creates `path` for writing with O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC (rule 1): fails with
// EEXIST when anything, a dangling symlink included, has that name. Returns the descriptor, or -1
// with errno set.
int createExclusively(const std::string& path, unsigned mode);

// Calls write(stream) with a stream over a new AtomicFile for `path`, then commits it. Throws
// focus::Error naming `path` and the cause when a write, the flush, fsync, the mode or the rename
// fails; an exception from `write` propagates unchanged. The old file survives either way.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// The same, except that "-" writes to standard output (the Unix convention for "no file": pipes,
// `| bgzip`); throws focus::Error when standard output fails (a closed pipe, a full disk).
void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace focus::io
