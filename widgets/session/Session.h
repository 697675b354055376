// Browser sessions (like IGV's and JBrowse's): what is loaded and where the view is, saved as a small
// JSON file and reopened later.
// Invariants: in memory, every path in a BrowserSession is absolute (or empty for "none");
// on disk, a path inside the session file's directory (or below it) is stored relative to that
// directory, so the session folder can be moved or shared with its data, while a path outside it
// stays absolute, so moving the session folder alone never breaks it. A session file is replaced
// atomically: a reader, or a failed save, leaves the previous file intact.
#pragma once

#include <vector>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace focus::widgets {

// A region of interest as a session keeps it (IGV's `region`): a locus string and a description.
struct SessionRegion {
    QString locus;  // "20:5,100,001-5,100,200"
    QString description;
    bool operator==(const SessionRegion& o) const { return locus == o.locus && description == o.description; }
};

struct BrowserSession {
    QString genome;                                          // FASTA file
    QString model;                                           // model directory
    QString adapter;                                         // FOCUS adapter (.safetensors)
    QStringList annotations;                                 // BED / GFF3 files
    QStringList tracks;                                      // loaded bedGraph / bigWig files
    QStringList variants;                                    // loaded VCF / BCF files
    std::vector<SessionRegion> regions;                      // regions of interest
    QString locus;                                           // e.g. "chr20:5,075,000-5,125,000"
    QString baseline;                                        // baseline mode ("full", "window", "sinks")
    nlohmann::json trackSettings = nlohmann::json::array();  // owned by the track view, opaque here
};

// Format written by saveSession(): {"format": "focus-browser-session", "version": 1, "genome": ...}.
inline constexpr const char* kSessionFormat = "focus-browser-session";
inline constexpr int kSessionVersion = 1;

// Writes `session` to `path` atomically; throws focus::Error naming the path on failure.
void saveSession(const QString& path, const BrowserSession& session);

// Reads a session; relative paths are resolved against the session file's directory. Throws
// focus::Error naming the file and the problem: missing or unreadable file, not JSON (with line and
// column), another format, an unsupported version, a field of the wrong type. Missing fields
// (other than format and version) get BrowserSession's defaults; unknown fields are ignored.
BrowserSession loadSession(const QString& path);

// Where the browser keeps its automatic session: <AppDataLocation>/autosave-session.json.
QString autosavePath();

}  // namespace focus::widgets
