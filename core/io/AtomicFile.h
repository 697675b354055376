// Atomic file replacement: write everything to a temporary file in the destination's directory,
// flush it to disk, then rename() it over the destination. A reader sees the old file or the new
// one, never half of either; a full disk or a crash leaves the old file untouched and no debris.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace focus::io {

// Calls write(stream) on a temporary file next to `path`, then renames it to `path`.
// Throws focus::Error (and removes the temporary) if writing, flushing or renaming fails,
// e.g. "no space left on device".
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// A fresh temporary name in the same directory as `path` (same filesystem, so rename is atomic).
std::string temporaryPathFor(const std::string& path);

// rename(2) with an error that names both paths.
void replaceFile(const std::string& from, const std::string& to);

}  // namespace focus::io
