// IGV's batch language without a transport: the table of commands and how one command line is
// answered. The command port (a TCP client's lines) and batch scripts (`focus-browser -b FILE`,
// BatchScript.h) both run their lines through one interpreter, so a command means the same
// wherever it comes from. QtCore only.
//
// Replies follow IGV (igvteam/igv, batch/CommandExecutor.java): `OK` on success, `Error: <why>`
// on failure, `echo [TEXT]` answers TEXT (or `echo`), an unknown command is answered
// `UNKNOWN COMMAND: <the line>`, and lines starting with `#` or `//` are comments (`OK`, nothing
// run). Names are case-insensitive.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>

namespace focus::widgets {

// Where a command came from: a client of the port (its writes are confined to the export folder)
// or a batch script the user runs (paths resolve as IGV resolves them in scripts).
struct CommandSource {
    enum class Kind { Port, Script };
    Kind kind = Kind::Port;
    QString scriptDirectory;  // Script: the folder of the script file
};

class CommandInterpreter {
public:
    // An empty error means success ("OK"). Call it once; later calls are ignored.
    using Reply = std::function<void(const QString& error)>;
    // `args` excludes the command name. A handler that throws (focus::Error or any std::exception)
    // is answered `Error: <what>`.
    using Handler = std::function<void(const QStringList& args, Reply reply)>;
    // The reply line, exactly once (maybe later, when the handler answers).
    using Done = std::function<void(const QString& replyLine)>;

    // A later registration replaces an earlier one; a registered "echo" replaces the built-in.
    void registerCommand(const QString& name, Handler handler);
    bool hasCommand(const QString& name) const;

    // Runs one command: `command` is the name and its arguments (CommandPortReader::splitArguments),
    // `line` the line as written (for the unknown-command reply).
    void execute(const QStringList& command, const QString& line, const CommandSource& source, Done done);

    // The source of the command whose handler is running now. Valid only while a handler runs
    // synchronously inside execute(); handlers that answer later copy what they need first.
    const CommandSource& source() const { return m_source; }

    // IGV's setSleepInterval: every reply after this one waits `ms` milliseconds (0: none).
    void setSleepInterval(int ms) { m_sleepMs = ms < 0 ? 0 : ms; }
    int sleepInterval() const { return m_sleepMs; }

    // `#` or `//` first: a comment (IGV's BatchRunner skips them).
    static bool isComment(const QString& line);

private:
    QHash<QString, Handler> m_handlers;  // keyed by lower-case name
    CommandSource m_source;
    int m_sleepMs = 0;
};

// A reply is one line whatever the message holds.
QString oneReplyLine(QString text);

}  // namespace focus::widgets
