#include "widgets/session/Session.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/Location.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <string>

namespace focus::widgets {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const QString& sessionPath, const QString& problem) {
    throw Error(QStringLiteral("session file '%1': %2").arg(sessionPath, problem).toStdString());
}

QString fromUtf8(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Paths that are not local files (none today) pass through untouched.
bool isUrl(const QString& path) { return io::isUrl(path.toStdString()); }

// The stored form of `path`: relative to `dir` when it lies inside it, else absolute.
QString storedPath(const QString& path, const QDir& dir) {
    if (path.isEmpty() || isUrl(path)) return path;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto inside = [](const QString& relative) {
        return !relative.isEmpty() && !QDir::isAbsolutePath(relative) && relative != ".." &&
               !relative.startsWith(QStringLiteral("../"));
    };
    const QString relative = dir.relativeFilePath(absolute);
    if (inside(relative)) return relative;
    // The same file seen through a symlinked directory (e.g. /tmp -> /private/tmp) is still inside.
    const QString canonicalFile = QFileInfo(absolute).canonicalFilePath();
    const QString canonicalDir = dir.canonicalPath();
    if (!canonicalFile.isEmpty() && !canonicalDir.isEmpty()) {
        const QString canonicalRelative = QDir(canonicalDir).relativeFilePath(canonicalFile);
        if (inside(canonicalRelative)) return canonicalRelative;
    }
    return QDir::cleanPath(absolute);
}

QString resolvedPath(const QString& stored, const QDir& dir) {
    if (stored.isEmpty() || isUrl(stored) || QDir::isAbsolutePath(stored)) return stored;
    return QDir::cleanPath(dir.absoluteFilePath(stored));
}

json pathList(const QStringList& paths, const QDir& dir) {
    json list = json::array();
    for (const QString& path : paths) list.push_back(storedPath(path, dir).toStdString());
    return list;
}

// How an unexpected JSON value reads in an error message: its kind, and its value when short.
QString describeJson(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return QStringLiteral("null");
        case json::value_t::object:
            return QStringLiteral("an object");
        case json::value_t::array:
            return QStringLiteral("an array");
        case json::value_t::string: {
            QString text = fromUtf8(value.get<std::string>());
            if (text.size() > 40) text = text.left(40) + QStringLiteral("...");
            return QStringLiteral("the string \"%1\"").arg(text);
        }
        case json::value_t::boolean:
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return fromUtf8(value.dump());
        default:
            return QStringLiteral("a value of another kind");
    }
}

// Reads the fields of a session document, naming the file and the field in every error.
class SessionReader {
public:
    SessionReader(const QString& path, const json& document)
        : path_(path), document_(document), dir_(QFileInfo(path).absolutePath()) {}

    QString string(const char* field) const {
        const auto it = document_.find(field);
        if (it == document_.end()) return {};
        if (!it->is_string()) wrongType(field, "a string", *it);
        return fromUtf8(it->get<std::string>());
    }

    QString path(const char* field) const { return resolvedPath(string(field), dir_); }

    QStringList paths(const char* field) const {
        QStringList result;
        const auto it = document_.find(field);
        if (it == document_.end()) return result;
        if (!it->is_array()) wrongType(field, "an array of file names", *it);
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& item = (*it)[i];
            if (!item.is_string())
                wrongType((std::string(field) + "[" + std::to_string(i) + "]").c_str(), "a string", item);
            result << resolvedPath(fromUtf8(item.get<std::string>()), dir_);
        }
        return result;
    }

    json array(const char* field) const {
        const auto it = document_.find(field);
        if (it == document_.end()) return json::array();
        if (!it->is_array()) wrongType(field, "an array", *it);
        return *it;
    }

private:
    [[noreturn]] void wrongType(const char* field, const char* expected, const json& got) const {
        fail(path_, QStringLiteral("\"%1\" must be %2, got %3").arg(field, expected, describeJson(got)));
    }

    QString path_;
    const json& document_;
    QDir dir_;
};

QByteArray readSessionFile(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) fail(path, QStringLiteral("no such file"));
    if (info.isDir()) fail(path, QStringLiteral("is a directory, not a session file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) fail(path, QStringLiteral("cannot read it: ") + file.errorString());
    return file.readAll();
}

json parseSessionJson(const QString& path, const QByteArray& text) {
    try {
        return json::parse(text.constData(), text.constData() + text.size());
    } catch (const json::parse_error& e) {
        // Line and column of the offending byte (e.byte is 1-based; 0 when not known).
        const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, std::size_t(text.size()));
        qsizetype line = 1, column = 1;
        for (std::size_t i = 0; i < end; ++i) {
            if (text[qsizetype(i)] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 2: why".
        std::string why = e.what();
        const std::size_t colon = why.find(": ", why.find("column"));
        if (why.rfind("[json.exception", 0) == 0 && colon != std::string::npos) why = why.substr(colon + 2);
        fail(path, QStringLiteral("not valid JSON at line %1, column %2: %3")
                       .arg(line)
                       .arg(column)
                       .arg(fromUtf8(why)));
    }
}

void checkFormat(const QString& path, const json& document) {
    if (!document.is_object())
        fail(path, QStringLiteral("not a FOCUS Browser session (the file holds %1, not a JSON object)")
                       .arg(describeJson(document)));
    const auto format = document.find("format");
    if (format == document.end() || !format->is_string() || format->get<std::string>() != kSessionFormat)
        fail(path, QStringLiteral("not a FOCUS Browser session (no \"format\": \"%1\")").arg(kSessionFormat));
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer())
        fail(path, QStringLiteral("\"version\" must be a whole number, got %1")
                       .arg(version == document.end() ? QStringLiteral("nothing") : describeJson(*version)));
    const auto number = version->get<long long>();
    if (number > kSessionVersion)
        fail(path, QStringLiteral("session version %1 was written by a newer FOCUS Browser; this one reads "
                                  "version %2")
                       .arg(number)
                       .arg(kSessionVersion));
    if (number != kSessionVersion)
        fail(path, QStringLiteral("unsupported session version %1 (this browser reads version %2)")
                       .arg(number)
                       .arg(kSessionVersion));
}

}  // namespace

namespace {
json regionList(const std::vector<SessionRegion>& regions) {
    json list = json::array();
    for (const SessionRegion& r : regions) list.push_back({{"locus", r.locus.toStdString()}, {"description", r.description.toStdString()}});
    return list;
}
}  // namespace

void saveSession(const QString& path, const BrowserSession& session) {
    if (!session.trackSettings.is_array())
        throw Error(QStringLiteral("cannot save session '%1': track settings must be a JSON array")
                        .arg(path)
                        .toStdString());
    const QDir dir(QFileInfo(path).absolutePath());
    json document = {
        {"format", kSessionFormat},
        {"version", kSessionVersion},
        {"genome", storedPath(session.genome, dir).toStdString()},
        {"model", storedPath(session.model, dir).toStdString()},
        {"adapter", storedPath(session.adapter, dir).toStdString()},
        {"annotations", pathList(session.annotations, dir)},
        {"tracks", pathList(session.tracks, dir)},
        {"variants", pathList(session.variants, dir)},
        {"regions", regionList(session.regions)},
        {"locus", session.locus.toStdString()},
        {"baseline", session.baseline.toStdString()},
        {"trackSettings", session.trackSettings},
    };
    const std::string text = document.dump(2) + "\n";
    // writeFileAtomically's errors name the path ("cannot write '<path>': ...").
    io::writeFileAtomically(QFile::encodeName(path).toStdString(), [&](std::ostream& out) { out << text; });
}

BrowserSession loadSession(const QString& path) {
    const QByteArray text = readSessionFile(path);
    const json document = parseSessionJson(path, text);
    checkFormat(path, document);
    const SessionReader reader(path, document);
    BrowserSession session;
    session.genome = reader.path("genome");
    session.model = reader.path("model");
    session.adapter = reader.path("adapter");
    session.annotations = reader.paths("annotations");
    session.tracks = reader.paths("tracks");
    session.variants = reader.paths("variants");
    const json regions = reader.array("regions");
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const json& r = regions[i];
        const auto locus = r.is_object() ? r.find("locus") : r.end();
        if (!r.is_object() || locus == r.end() || !locus->is_string())
            throw Error(QStringLiteral("session '%1': regions[%2] must be an object with a string 'locus'").arg(path).arg(i).toStdString());
        const auto description = r.find("description");
        session.regions.push_back({fromUtf8(locus->get<std::string>()),
                                   description != r.end() && description->is_string() ? fromUtf8(description->get<std::string>()) : QString()});
    }
    session.locus = reader.string("locus");
    session.baseline = reader.string("baseline");
    session.trackSettings = reader.array("trackSettings");
    return session;
}

QString autosavePath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave-session.json");
}

}  // namespace focus::widgets
