#include "widgets/scripting/CommandPortReader.h"

#include <algorithm>
#include <utility>

namespace focus::widgets {
namespace {

// RFC 9110's token characters: what a header's name is made of.
bool isTokenChar(QChar ch) {
    if (ch.unicode() > 0x7f) return false;
    const char c = char(ch.unicode());
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// "HTTP/1.1", "HTTP/2", "http/1.0": a request line's last word.
bool isHttpVersion(QStringView word) {
    return word.size() > 5 && word.first(5).compare(QLatin1String("HTTP/"), Qt::CaseInsensitive) == 0 &&
           word.at(5).isDigit();
}

}  // namespace

CommandPortReader::CommandPortReader(Settings settings)
    : settings_(std::move(settings)), accepted_(settings_.token.isEmpty()) {}

void CommandPortReader::append(const QByteArray& bytes) {
    if (closed_ || !overflowError_.isEmpty()) return;
    buffer_ += bytes;
    // Every whole line that arrived is checked now, before any of them runs.
    qsizetype from = scannedBytes_;
    for (qsizetype newline; (newline = buffer_.indexOf('\n', from)) >= 0; from = newline + 1) {
        if (looksLikeHttp(QString::fromUtf8(buffer_.constData() + from, newline - from))) {
            close(
                QStringLiteral("Error: HTTP is refused on the command port (it takes batch commands, one per "
                               "line)"));
            return;
        }
    }
    scannedBytes_ = from;
    // Check while a line is still arriving, so a client cannot make us hold an endless line.
    if (buffer_.size() - from > settings_.maxLineBytes) {
        buffer_.truncate(from);
        overflowError_ = QStringLiteral("line too long");
    } else if (buffer_.size() > settings_.maxPendingBytes) {
        buffer_.truncate(from);
        overflowError_ = QStringLiteral("too much input queued behind a running command");
    }
}

CommandPortReader::Step CommandPortReader::next() {
    while (!closed_) {
        const qsizetype newline = buffer_.indexOf('\n');
        if (newline < 0) {
            if (overflowError_.isEmpty()) return {};
            close(QStringLiteral("Error: ") + overflowError_);
            break;
        }
        const QByteArray raw = buffer_.left(newline);
        buffer_.remove(0, newline + 1);
        scannedBytes_ = std::max<qsizetype>(0, scannedBytes_ - (newline + 1));
        if (raw.size() > settings_.maxLineBytes) {
            close(QStringLiteral("Error: line too long"));
            break;
        }
        const QString line = QString::fromUtf8(raw).trimmed();  // drops the \r of CRLF too
        if (line.isEmpty()) continue;

        QString quoteError;
        QStringList args = splitArguments(line, &quoteError);
        const bool tokenLine = quoteError.isEmpty() && !args.isEmpty() &&
                               args.front().compare(QLatin1String("token"), Qt::CaseInsensitive) == 0;
        const bool rightToken = tokenLine && args.size() == 2 && sameToken(args[1].toUtf8(), settings_.token);
        Step step;
        step.kind = Step::Kind::Reply;
        if (!accepted_) {
            if (!rightToken) {
                close(tokenRefusal());
                break;
            }
            accepted_ = true;
            step.reply = QStringLiteral("OK");
        } else if (!quoteError.isEmpty()) {
            step.reply = QStringLiteral("Error: ") + quoteError;
        } else if (tokenLine) {
            // Scripts may send the token whether or not it is asked for.
            step.reply = settings_.token.isEmpty() || rightToken ? QStringLiteral("OK")
                                                                 : QStringLiteral("Error: wrong token");
        } else {
            step.kind = Step::Kind::Command;
            step.command = std::move(args);
            step.line = line;
        }
        return step;
    }
    Step step;
    step.kind = Step::Kind::Close;
    step.reply = std::exchange(closeReply_, QString());
    return step;
}

void CommandPortReader::close(const QString& reply) {
    closed_ = true;
    closeReply_ = reply;
    buffer_.clear();
    scannedBytes_ = 0;
    overflowError_.clear();
}

QString CommandPortReader::tokenRefusal() const {
    const QString where =
        settings_.tokenFilePath.isEmpty()
            ? QStringLiteral("the browser prints where its token file is when it starts listening")
            : QStringLiteral("it is in %1, which only the user running the browser can read")
                  .arg(settings_.tokenFilePath);
    return QStringLiteral("Error: the first line must be 'token <TOKEN>'; %1").arg(where);
}

QStringList CommandPortReader::splitArguments(const QString& line, QString* error) {
    QStringList args;
    QString current;
    bool inToken = false;
    bool inQuote = false;
    for (const QChar ch : line) {
        if (inQuote) {
            if (ch == QLatin1Char('"'))
                inQuote = false;
            else
                current += ch;
        } else if (ch == QLatin1Char('"')) {
            inQuote = true;
            inToken = true;  // "" is an empty argument, not nothing
        } else if (ch.isSpace()) {
            if (inToken) args << std::exchange(current, QString());
            inToken = false;
        } else {
            current += ch;
            inToken = true;
        }
    }
    if (inToken) args << current;
    if (error) *error = inQuote ? QStringLiteral("unterminated quote") : QString();
    return args;
}

bool CommandPortReader::looksLikeHttp(QStringView line) {
    line = line.trimmed();
    if (line.isEmpty()) return false;
    qsizetype firstEnd = 0;
    while (firstEnd < line.size() && !line.at(firstEnd).isSpace()) ++firstEnd;
    const QStringView first = line.first(firstEnd);
    // A request line: a method first (as clients send them, upper case) or a version last.
    for (const char* method :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"})
        if (first == QLatin1String(method)) return true;
    qsizetype lastBegin = line.size();
    while (lastBegin > 0 && !line.at(lastBegin - 1).isSpace()) --lastBegin;
    if (lastBegin > 0 && isHttpVersion(line.sliced(lastBegin))) return true;
    // A header: "Name:" as the first word, its name made of token characters.
    if (first.size() < 2 || first.back() != QLatin1Char(':')) return false;
    const QStringView name = first.chopped(1);
    return std::all_of(name.begin(), name.end(), isTokenChar);
}

bool CommandPortReader::sameToken(const QByteArray& given, const QByteArray& expected) {
    // No early exit: how long this takes must not tell how many leading bytes were right.
    unsigned difference = given.size() == expected.size() ? 0u : 1u;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const auto wanted = static_cast<unsigned char>(expected[i]);
        const auto got = static_cast<unsigned char>(i < given.size() ? given[i] : 0);
        difference |= unsigned(wanted ^ got);
    }
    return difference == 0 && !expected.isEmpty();
}

}  // namespace focus::widgets
