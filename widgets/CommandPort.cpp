#include "widgets/CommandPort.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <exception>
#include <utility>

namespace focus::widgets {
namespace {

// Lines queued behind a slow command are kept, but not without bound.
constexpr int kMaxPendingBytes = 16 * CommandPort::kMaxLineBytes;

// A reply is one line whatever the message holds.
QString oneLine(QString text) {
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.trimmed();
}

}  // namespace

struct CommandPort::Connection {
    QPointer<QTcpSocket> socket;
    QByteArray buffer;      // received, not yet run; whole lines except perhaps the last
    QString overflowError;  // set: answer it after the lines before it, then close
    bool busy = false;      // a command has not replied yet
    bool pumping = false;   // pump() is on the stack (a handler replied synchronously)
    bool closing = false;   // nothing more is read, run or written

    void writeLine(const QString& text) {
        if (closing || !socket || socket->state() != QAbstractSocket::ConnectedState) return;
        socket->write((text + QLatin1Char('\n')).toUtf8());
    }
};

CommandPort::CommandPort(QObject* parent) : QObject(parent), m_server(new QTcpServer(this)) {
    connect(m_server, &QTcpServer::newConnection, this, &CommandPort::acceptConnections);
}

CommandPort::~CommandPort() {
    close();
}

void CommandPort::registerCommand(const QString& name, Handler handler) {
    m_handlers[name.toLower()] = std::move(handler);
}

bool CommandPort::hasCommand(const QString& name) const {
    const QString key = name.toLower();
    return key == QLatin1String("echo") || m_handlers.contains(key);
}

bool CommandPort::listen(quint16 port) {
    if (m_server->isListening()) m_server->close();
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = tr("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(m_server->errorString());
        return false;
    }
    m_error.clear();
    return true;
}

bool CommandPort::isListening() const {
    return m_server->isListening();
}

quint16 CommandPort::port() const {
    return m_server->isListening() ? m_server->serverPort() : 0;
}

void CommandPort::close() {
    m_server->close();
    const auto connections = std::exchange(m_connections, {});
    for (auto it = connections.cbegin(); it != connections.cend(); ++it) {
        it.value()->closing = true;
        QTcpSocket* socket = it.key();
        socket->disconnect(this);  // abort() would call drop() while we iterate
        socket->abort();
        socket->deleteLater();
    }
}

QStringList CommandPort::splitArguments(const QString& line, QString* error) {
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

void CommandPort::acceptConnections() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto connection = std::make_shared<Connection>();
        connection->socket = socket;
        m_connections.insert(socket, connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        if (socket->bytesAvailable() > 0) readFrom(socket);
    }
}

void CommandPort::readFrom(QTcpSocket* socket) {
    const std::shared_ptr<Connection> connection = m_connections.value(socket);
    if (!connection) return;
    const QByteArray data = socket->readAll();
    if (connection->closing || !connection->overflowError.isEmpty()) return;
    connection->buffer += data;

    // Check while the line is still arriving, so a client cannot make us hold an endless line.
    const qsizetype lastNewline = connection->buffer.lastIndexOf('\n');
    if (connection->buffer.size() - (lastNewline + 1) > kMaxLineBytes) {
        connection->buffer.truncate(lastNewline + 1);
        connection->overflowError = QStringLiteral("line too long");
    } else if (connection->buffer.size() > kMaxPendingBytes) {
        connection->buffer.truncate(lastNewline + 1);
        connection->overflowError = QStringLiteral("too much input queued behind a running command");
    }
    pump(connection);
}

void CommandPort::pump(const std::shared_ptr<Connection>& connection) {
    if (connection->pumping) return;  // the loop below picks up where a synchronous reply left off
    connection->pumping = true;
    while (!connection->busy && !connection->closing && connection->socket) {
        const qsizetype newline = connection->buffer.indexOf('\n');
        if (newline < 0) {
            if (!connection->overflowError.isEmpty()) {
                connection->writeLine(QStringLiteral("Error: ") + connection->overflowError);
                connection->closing = true;
                connection->buffer.clear();
                connection->socket->disconnectFromHost();  // after the reply is written
            }
            break;
        }
        const QByteArray raw = connection->buffer.left(newline);
        connection->buffer.remove(0, newline + 1);
        if (raw.size() > kMaxLineBytes) {
            connection->overflowError = QStringLiteral("line too long");
            connection->buffer.clear();
            continue;
        }
        const QString line = QString::fromUtf8(raw).trimmed();  // drops the \r of CRLF too
        if (!line.isEmpty()) dispatch(connection, line);
    }
    connection->pumping = false;
}

void CommandPort::dispatch(const std::shared_ptr<Connection>& connection, const QString& line) {
    emit commandReceived(line);

    QString splitError;
    QStringList args = splitArguments(line, &splitError);
    if (!splitError.isEmpty()) {
        connection->writeLine(QStringLiteral("Error: ") + splitError);
        return;
    }
    if (args.isEmpty()) return;
    const QString name = args.takeFirst();
    const Handler handler = m_handlers.value(name.toLower());  // a copy: a handler may re-register
    if (!handler) {
        // IGV answers its echo command with the word itself; scripts use it to wait for the port.
        if (name.compare(QLatin1String("echo"), Qt::CaseInsensitive) == 0)
            connection->writeLine(QStringLiteral("echo"));
        else
            connection->writeLine(QStringLiteral("Error: unknown command '%1'").arg(name));
        return;
    }

    connection->busy = true;
    auto replied = std::make_shared<bool>(false);
    const QPointer<CommandPort> self(this);
    const std::weak_ptr<Connection> weak = connection;
    Reply reply = [self, weak, replied](const QString& error) {
        if (*replied) return;
        *replied = true;
        if (self) self->finish(weak, error);
    };
    try {
        handler(args, reply);
    } catch (const std::exception& e) {  // focus::Error included
        const QString what = oneLine(QString::fromUtf8(e.what()));
        reply(what.isEmpty() ? QStringLiteral("command '%1' failed").arg(name) : what);
    } catch (...) {
        reply(QStringLiteral("command '%1' failed").arg(name));
    }
}

void CommandPort::finish(const std::weak_ptr<Connection>& weak, const QString& error) {
    const std::shared_ptr<Connection> connection = weak.lock();
    if (!connection || !connection->busy) return;  // the client has gone: drop the reply
    connection->busy = false;
    connection->writeLine(error.isEmpty() ? QStringLiteral("OK")
                                          : QStringLiteral("Error: ") + oneLine(error));
    pump(connection);
}

void CommandPort::drop(QTcpSocket* socket) {
    if (const std::shared_ptr<Connection> connection = m_connections.take(socket)) {
        connection->closing = true;
        connection->buffer.clear();
    }
    socket->deleteLater();
}

}  // namespace focus::widgets
