// libFuzzer target for the command port's line parser, widgets/scripting/CommandPortReader: the very code the
// port runs on every byte a client sends (splitting, HTTP detection, the token step, the limits).
// Input: byte 0 picks the settings (bit 0: a token is asked for; bit 1: small limits, so that the
// too-long and too-much-queued paths are reached within -max_len; bit 2: a slow command holds the
// queue for (byte 0 >> 3) % 4 reads after each command); byte 1 the size of each read (1-64 bytes,
// 255: all at once); the rest is what the client sends. Any broken invariant aborts.
#include "widgets/scripting/CommandPortReader.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using focus::widgets::CommandPortReader;
using Kind = CommandPortReader::Step::Kind;

namespace {

void check(bool ok, const char* invariant) {
    if (ok) return;
    std::fprintf(stderr, "command port invariant broken: %s\n", invariant);
    std::abort();
}

const QByteArray kToken = "0123456789abcdef0123456789abcdef";

bool isTokenLine(const QString& line) {
    QString error;
    const QStringList args = CommandPortReader::splitArguments(line, &error);
    return error.isEmpty() && args.size() == 2 &&
           args[0].compare(QLatin1String("token"), Qt::CaseInsensitive) == 0 && args[1].toUtf8() == kToken;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const uint8_t mode = data[0];
    const qsizetype readBytes = data[1] == 255 ? qsizetype(size) : 1 + data[1] % 64;
    const QByteArray input(reinterpret_cast<const char*>(data + 2), qsizetype(size - 2));

    CommandPortReader::Settings settings;
    const bool tokenAsked = (mode & 1) != 0;
    if (tokenAsked) settings.token = kToken;
    settings.tokenFilePath = QStringLiteral("/run/user/1000/focus-browser/port-60151.token");
    if (mode & 2) {
        settings.maxLineBytes = 64;
        settings.maxPendingBytes = 256;
    }
    const int holdReads = (mode & 4) ? (mode >> 3) % 4 : 0;
    CommandPortReader reader(settings);

    int commands = 0, held = 0;
    bool closed = false;
    auto drain = [&] {
        for (;;) {
            const CommandPortReader::Step step = reader.next();
            check(!closed || (step.kind == Kind::Close && step.reply.isEmpty()),
                  "nothing but an empty Close after Close");
            check(!step.reply.contains(QLatin1Char('\n')) && !step.reply.contains(QLatin1Char('\r')),
                  "a reply is one line");
            check(!step.reply.contains(QString::fromLatin1(kToken)), "a reply never holds the token");
            if (step.kind == Kind::NeedMore) {
                check(!reader.closed(), "NeedMore only while open");
                return;
            }
            if (step.kind == Kind::Close) {
                check(reader.closed(), "Close means closed");
                closed = true;
                return;
            }
            if (step.kind == Kind::Command) {
                check(reader.accepted(), "no command before the token");
                check(!step.command.isEmpty(), "a command has a name");
                check(step.command.front().compare(QLatin1String("token"), Qt::CaseInsensitive) != 0,
                      "a token line is never a command");
                check(!CommandPortReader::looksLikeHttp(step.line), "an HTTP line never runs");
                check(!step.line.contains(QLatin1Char('\n')) && step.line == step.line.trimmed() &&
                          !step.line.isEmpty(),
                      "a command is one trimmed line");
                ++commands;
                if (holdReads > 0) {  // the command is slow: what arrives meanwhile queues up
                    held = holdReads;
                    return;
                }
            }
        }
    };
    for (qsizetype at = 0; at < input.size(); at += readBytes) {
        reader.append(input.mid(at, readBytes));
        if (held > 0)
            --held;
        else
            drain();
    }
    for (int guard = 0; guard < 100000 && !closed; ++guard) {  // the slow commands finish
        const int before = commands;
        held = 0;
        drain();
        if (commands == before) break;
    }

    // The same rules, read off the input directly: what the first line must be, and where HTTP ends it.
    const QList<QByteArray> lines = input.split('\n');
    int nonEmptyBeforeHttp = 0;
    bool firstSeen = false, firstIsToken = false;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {  // complete lines only
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (CommandPortReader::looksLikeHttp(line)) break;
        if (line.isEmpty()) continue;
        if (!firstSeen) firstIsToken = isTokenLine(line);
        firstSeen = true;
        ++nonEmptyBeforeHttp;
    }
    check(commands <= nonEmptyBeforeHttp, "no command from an HTTP line or after it");
    if (tokenAsked && !firstIsToken) check(commands == 0, "nothing runs without the token first");
    return 0;
}
