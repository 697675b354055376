// The batch command port: IGV's line protocol on a loopback TCP port, so scripts (and scripts
// written for IGV: `echo`, one command per line, one reply line each) can drive the browser.
// Invariants: per connection, commands run strictly one at a time in arrival order and each gets
// exactly one reply line, `OK` or `Error: <message>` (`echo` answers `echo`); a handler may reply
// later, and the next command waits for it. A reply for a client that has gone is dropped. Only
// 127.0.0.1 is listened on: the port runs commands without asking, so it must not face the network.
// Everything, replies included, happens on the thread that owns the port (the GUI thread).
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace focus::widgets {

class CommandPort : public QObject {
    Q_OBJECT
public:
    // An empty error means success ("OK"). Call it once, on the port's thread; later calls are ignored.
    using Reply = std::function<void(const QString& error)>;
    // `args` excludes the command name. A handler that throws (focus::Error or any std::exception)
    // is answered `Error: <what>`.
    using Handler = std::function<void(const QStringList& args, Reply reply)>;

    // Longer lines are answered `Error: line too long` and the connection is closed.
    static constexpr int kMaxLineBytes = 64 * 1024;

    explicit CommandPort(QObject* parent = nullptr);
    ~CommandPort() override;

    // Names are case-insensitive, like IGV's. A later registration replaces an earlier one, and a
    // registered "echo" replaces the built-in.
    void registerCommand(const QString& name, Handler handler);
    bool hasCommand(const QString& name) const;

    // Listens on 127.0.0.1:`port` (0 = any free port). False, with errorString(), when the port is
    // taken; a port already listening is closed first.
    bool listen(quint16 port);
    bool isListening() const;
    quint16 port() const;  // 0 when not listening
    QString errorString() const { return m_error; }
    // Stops listening and drops every client, with their pending replies.
    void close();

    int clientCount() const { return static_cast<int>(m_connections.size()); }

    // "cmd a \"b c\"" -> {"cmd", "a", "b c"}: split on whitespace, a double-quoted part may hold
    // spaces (the quotes are removed). Sets `error` on an unterminated quote.
    static QStringList splitArguments(const QString& line, QString* error = nullptr);

signals:
    void commandReceived(const QString& line);

private:
    struct Connection;

    void acceptConnections();
    void readFrom(QTcpSocket* socket);
    void pump(const std::shared_ptr<Connection>& connection);
    void dispatch(const std::shared_ptr<Connection>& connection, const QString& line);
    void finish(const std::weak_ptr<Connection>& weak, const QString& error);
    void drop(QTcpSocket* socket);

    QTcpServer* m_server = nullptr;
    QHash<QString, Handler> m_handlers;  // keyed by lower-case name
    QHash<QTcpSocket*, std::shared_ptr<Connection>> m_connections;
    QString m_error;
};

}  // namespace focus::widgets
