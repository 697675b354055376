// The batch command port: IGV's line protocol on a loopback TCP port, so scripts (and scripts
// written for IGV: `echo`, one command per line, one reply line each) can drive the browser.
// Invariants: per connection, commands run strictly one at a time in arrival order and each gets
// exactly one reply line, as the CommandInterpreter answers it (`OK`, `Error: <message>`, the
// echo, `UNKNOWN COMMAND: <line>`); a handler may reply later, and the next command waits for it. A reply for a client that has gone is dropped. Only
// 127.0.0.1 is listened on. Everything, replies included, happens on the thread that owns the port
// (the GUI thread).
//
// The port runs commands that write files, so it is guarded (issue 17): any local account can reach
// a loopback port, and so can a web page. Unless turned off, a client's first line must be
// `token <TOKEN>`, where the token is new each time the port starts listening and lies in a file
// only this user can read (tokenFilePath(), removed when the port closes). Lines that look like HTTP
// close the connection unrun (CommandPortReader holds the wire protocol). At most maxConnections()
// clients are served at once (others are told so and closed), and a client that sends no complete
// line for idleTimeout() while no command of its is running is closed.
#pragma once

#include "widgets/scripting/CommandInterpreter.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace focus::widgets {

class CommandPort : public QObject {
    Q_OBJECT
public:
    using Reply = CommandInterpreter::Reply;
    using Handler = CommandInterpreter::Handler;

    static constexpr int kDefaultMaxConnections = 8;
    static constexpr std::chrono::milliseconds kDefaultIdleTimeout{60000};

    explicit CommandPort(QObject* parent = nullptr);
    ~CommandPort() override;

    // The commands (CommandInterpreter.h), shared with batch scripts. `token` is the protocol's,
    // not a command.
    void registerCommand(const QString& name, Handler handler) { m_interpreter.registerCommand(name, std::move(handler)); }
    bool hasCommand(const QString& name) const { return m_interpreter.hasCommand(name); }
    CommandInterpreter& interpreter() { return m_interpreter; }
    const CommandInterpreter& interpreter() const { return m_interpreter; }

    // Asked for by default. Applies to connections accepted from now on; while listening, turning
    // it on writes a token file and turning it off removes it. False (and the port closed, with
    // errorString()) when the token file cannot be written: the port never listens unguarded by
    // mistake.
    bool setTokenRequired(bool required);
    bool tokenRequired() const { return m_tokenRequired; }
    // The file holding this port's token while it listens with a token asked for, else empty:
    // <tokenDirectory()>/port-<port>.token, mode 0600, the token and a newline.
    QString tokenFilePath() const { return m_tokenFile; }
    // $XDG_RUNTIME_DIR/focus-browser (Qt's checked runtime folder; else a folder of ours under the
    // temporary folder), created 0700 if missing; empty, with `error`, when it is not ours alone
    // (another owner, a symbolic link, or access for others that cannot be taken away).
    static QString tokenDirectory(QString* error = nullptr);

    void setMaxConnections(int connections);
    int maxConnections() const { return m_maxConnections; }
    // Applies at once, to open connections too (their idle time counts from now).
    void setIdleTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds idleTimeout() const { return m_idleTimeout; }

    // Listens on 127.0.0.1:`port` (0 = any free port) and writes the token file when a token is
    // asked for. False, with errorString(), when the port is taken or the token cannot be written;
    // a port already listening is closed first.
    bool listen(quint16 port);
    bool isListening() const;
    quint16 port() const;  // 0 when not listening
    QString errorString() const { return m_error; }
    // Stops listening, removes the token file and drops every client, with their pending replies.
    void close();

    int clientCount() const { return static_cast<int>(m_connections.size()); }

signals:
    // Each command line as received (never a `token` line).
    void commandReceived(const QString& line);

private:
    struct Connection;

    bool writeTokenFile();
    void removeTokenFile();
    void acceptConnections();
    void readFrom(QTcpSocket* socket);
    void pump(const std::shared_ptr<Connection>& connection);
    void dispatch(const std::shared_ptr<Connection>& connection, QStringList command, const QString& line);
    void finish(const std::weak_ptr<Connection>& weak, const QString& replyLine);
    void armIdleTimer(Connection& connection) const;
    void closeConnection(Connection& connection, const QString& lastLine);
    void drop(QTcpSocket* socket);

    QTcpServer* m_server = nullptr;
    CommandInterpreter m_interpreter;
    QHash<QTcpSocket*, std::shared_ptr<Connection>> m_connections;
    QString m_error;
    bool m_tokenRequired = true;
    QByteArray m_token;  // while listening with a token asked for
    QString m_tokenFile;
    int m_maxConnections = kDefaultMaxConnections;
    std::chrono::milliseconds m_idleTimeout = kDefaultIdleTimeout;
};

// `path` with a leading `~` read as the home folder, as IGV reads paths in batch commands.
QString withHomeExpanded(const QString& path);

// Where a command arriving on the port may write `name`: relative names (after withHomeExpanded)
// resolve against `directory`; symbolic links are resolved. Unless
// `anywhere`, the result must lie inside `root` (an existing folder, itself resolved) and pass
// through no dangling link (writing through one could land outside). Throws focus::Error naming
// `name` and `root` otherwise. Missing folders on the way are allowed (the caller creates them).
QString resolveExportPath(const QString& root, const QString& directory, const QString& name, bool anywhere);

}  // namespace focus::widgets
