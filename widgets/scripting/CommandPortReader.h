// One command-port connection's input cut into what to do next: the port's wire protocol without
// the sockets, so that the fuzz target (tests/fuzz/fuzz_commandport.cpp) runs the very parser the
// port uses. It needs QtCore only and no event loop.
//
// The protocol is IGV's batch lines plus a token step. A line ends in \n; a \r before it and blanks
// around it are dropped and blank lines are ignored. When a token is asked for, the first line must
// be `token <TOKEN>` (answered `OK`); anything else is answered with an error naming the token file
// and ends the connection. A line that looks like HTTP (a request line or a header) ends the
// connection at once, and every line received but not yet run goes with it: a web page can reach a
// loopback port, and lines of an HTTP request must never run as commands. A line over
// maxLineBytes, or more than maxPendingBytes queued, ends the connection after the lines before it.
//
// Invariants: no Command before the token is accepted; nothing but Close after a Close; a Command
// never holds a `token` line (the token stays out of logs); every reply is one line.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace focus::widgets {

class CommandPortReader {
public:
    static constexpr int kMaxLineBytes = 64 * 1024;
    // Lines queued behind a slow command are kept, but not without bound.
    static constexpr int kMaxPendingBytes = 16 * kMaxLineBytes;

    struct Settings {
        QByteArray token;       // empty: no token is asked for
        QString tokenFilePath;  // named to a client that does not send the token
        int maxLineBytes = kMaxLineBytes;
        int maxPendingBytes = kMaxPendingBytes;
    };

    struct Step {
        enum class Kind {
            NeedMore,  // nothing to do until more bytes arrive
            Command,   // run `command` and answer it
            Reply,     // send `reply` (answered here: the token line, a bad quote)
            Close,     // send `reply` when not empty, then close the connection
        };
        Kind kind = Kind::NeedMore;
        QStringList command;  // Command: the name, then its arguments
        QString line;         // Command: the line as received, trimmed
        QString reply;
    };

    explicit CommandPortReader(Settings settings);

    // Bytes as they arrive. Lines that look like HTTP are caught here, before any line of the same
    // read is run; so are lines too long.
    void append(const QByteArray& bytes);
    // The next thing to do. Close is returned once with its reply, then with an empty one.
    Step next();

    bool accepted() const { return accepted_; }  // the token was given, or none is asked for
    bool closed() const { return closed_; }

    // "cmd a \"b c\"" -> {"cmd", "a", "b c"}: split on whitespace, a double-quoted part may hold
    // spaces (the quotes are removed; "" is an empty argument). Sets `error` on an unterminated quote.
    static QStringList splitArguments(const QString& line, QString* error = nullptr);
    // An HTTP request line ("POST /x HTTP/1.1", or a bare method word first) or a header
    // ("Host: 127.0.0.1"). No batch command has that shape.
    static bool looksLikeHttp(QStringView line);
    // Equal bytes, in time that depends on the lengths only.
    static bool sameToken(const QByteArray& given, const QByteArray& expected);

private:
    void close(const QString& reply);  // ends the connection; next() answers Close with `reply` once
    QString tokenRefusal() const;

    Settings settings_;
    QByteArray buffer_;           // received, not yet consumed
    qsizetype scannedBytes_ = 0;  // buffer_'s first bytes already checked for HTTP (whole lines)
    QString overflowError_;       // set: answer it after the lines before it, then close
    QString closeReply_;          // the reply Close carries once
    bool accepted_ = false;
    bool closed_ = false;
};

}  // namespace focus::widgets
