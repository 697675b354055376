// One writer per output: a training run holds an exclusive lock on its output (a model directory,
// an adapter file) for its whole life, so a second run on the same output is refused at once
// instead of both writing checkpoints and weights into it. The lock is flock(2) on a small file
// beside the output: the kernel releases it when the process dies, so a killed run never leaves a
// stale lock. The file holds the holder's pid (for the message) and is removed on release; a run
// that finds the file replaced under it takes the new one (so removal races cannot let two runs in).
// Locks are per open file, so two runs in one process (the wizard and a test) exclude each other too.
#pragma once

#include <string>

namespace focus::io {

class OutputLock {
public:
    // Locks `lockPath` (created if missing). `output` names what is protected in the message.
    // Throws focus::Error when another run holds it ("... is in use by another training run (pid N)").
    OutputLock(const std::string& lockPath, const std::string& output);
    ~OutputLock();
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace focus::io
