#include "widgets/scripting/CommandPort.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "widgets/scripting/CommandPortReader.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QPointer>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <system_error>
#include <utility>

namespace focus::widgets {
namespace {

// `path` as a folder only this user can enter: created 0700 if missing, its mode tightened if
// needed; empty with `error` when it is a link or someone else's (then it is not ours to use).
QString privateDirectory(const QString& path, QString* error) {
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
        if (error)
            *error = QStringLiteral("cannot create %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    struct stat info {};
    if (::lstat(native.constData(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::geteuid()) {
        if (error) *error = QStringLiteral("%1 is not a folder of this user's").arg(path);
        return {};
    }
    if ((info.st_mode & 077) != 0 && ::chmod(native.constData(), 0700) != 0) {
        if (error) *error = QStringLiteral("%1 can be read by other users and cannot be changed").arg(path);
        return {};
    }
    return path;
}

}  // namespace

struct CommandPort::Connection {
    explicit Connection(CommandPortReader::Settings settings) : reader(std::move(settings)) {}

    QPointer<QTcpSocket> socket;
    QTimer* idleTimer = nullptr;  // a child of the socket
    CommandPortReader reader;
    bool busy = false;     // a command has not replied yet
    bool pumping = false;  // pump() is on the stack (a handler replied synchronously)
    bool closing = false;  // nothing more is read, run or written

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

bool CommandPort::setTokenRequired(bool required) {
    m_tokenRequired = required;
    if (!m_server->isListening()) return true;
    if (!required) {
        removeTokenFile();
        return true;
    }
    if (!m_token.isEmpty() || writeTokenFile()) return true;
    const QString error = m_error;
    close();
    m_error = error;
    return false;
}

QString CommandPort::tokenDirectory(QString* error) {
    // Qt checks $XDG_RUNTIME_DIR (ours, 0700) and otherwise falls back to /tmp/runtime-<user>,
    // checked the same way; it answers empty when neither is safe.
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (runtime.isEmpty())
        return privateDirectory(QDir::tempPath() + QStringLiteral("/focus-browser-%1").arg(::geteuid()),
                                error);
    return privateDirectory(runtime + QStringLiteral("/focus-browser"), error);
}

void CommandPort::setMaxConnections(int connections) {
    m_maxConnections = std::max(1, connections);
}

void CommandPort::setIdleTimeout(std::chrono::milliseconds timeout) {
    m_idleTimeout = std::max(timeout, std::chrono::milliseconds(1));
    for (const std::shared_ptr<Connection>& connection : std::as_const(m_connections))
        armIdleTimer(*connection);
}

bool CommandPort::listen(quint16 port) {
    if (m_server->isListening()) close();
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = tr("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(m_server->errorString());
        return false;
    }
    if (m_tokenRequired && !writeTokenFile()) {
        m_server->close();
        return false;
    }
    m_error.clear();
    return true;
}

bool CommandPort::writeTokenFile() {
    QString why;
    const QString directory = tokenDirectory(&why);
    if (directory.isEmpty()) {
        m_error = tr("no private folder for the command port's token: %1").arg(why);
        return false;
    }
    std::array<quint32, 4> random{};  // 128 bits from the system's generator (getrandom / /dev/urandom)
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    const QByteArray token =
        QByteArray(reinterpret_cast<const char*>(random.data()), qsizetype(sizeof(random))).toHex();
    const QString path = QStringLiteral("%1/port-%2.token").arg(directory).arg(m_server->serverPort());
    // Written like every file of ours (core/io/AtomicFile: exclusive temporary, fsync, rename),
    // made 0600 whatever an old file of that name had; the folder is the user's alone anyway.
    const QByteArray content = token + '\n';
    try {
        io::AtomicFile file(QFile::encodeName(path).toStdString());
        file.makePrivate();
        file.write(content.constData(), size_t(content.size()));
        file.commit();
    } catch (const std::exception& e) {
        m_error = tr("cannot write the command port's token: %1").arg(QString::fromLocal8Bit(e.what()));
        return false;
    }
    m_token = token;
    m_tokenFile = path;
    return true;
}

void CommandPort::removeTokenFile() {
    if (!m_tokenFile.isEmpty()) QFile::remove(m_tokenFile);
    m_tokenFile.clear();
    m_token.clear();
}

bool CommandPort::isListening() const {
    return m_server->isListening();
}

quint16 CommandPort::port() const {
    return m_server->isListening() ? m_server->serverPort() : 0;
}

void CommandPort::close() {
    m_server->close();
    removeTokenFile();
    const auto connections = std::exchange(m_connections, {});
    for (auto it = connections.cbegin(); it != connections.cend(); ++it) {
        it.value()->closing = true;
        QTcpSocket* socket = it.key();
        socket->disconnect(this);  // abort() would call drop() while we iterate
        socket->flush();           // replies already given still go out (`exit` answers OK, then quits)
        socket->abort();
        socket->deleteLater();
    }
}

void CommandPort::acceptConnections() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= m_maxConnections) {
            socket->write(QStringLiteral("Error: too many connections (the port serves %1 at a time)\n")
                              .arg(m_maxConnections)
                              .toUtf8());
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();  // after the line is written
            continue;
        }
        auto connection = std::make_shared<Connection>(CommandPortReader::Settings{m_token, m_tokenFile});
        connection->socket = socket;
        connection->idleTimer = new QTimer(socket);
        connection->idleTimer->setSingleShot(true);
        m_connections.insert(socket, connection);
        connect(connection->idleTimer, &QTimer::timeout, this, [this, socket] {
            const std::shared_ptr<Connection> idle = m_connections.value(socket);
            if (!idle || idle->busy) return;
            closeConnection(*idle, QStringLiteral("Error: no command for %1 ms; closing the connection")
                                       .arg(m_idleTimeout.count()));
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        armIdleTimer(*connection);
        if (socket->bytesAvailable() > 0) readFrom(socket);
    }
}

void CommandPort::readFrom(QTcpSocket* socket) {
    const std::shared_ptr<Connection> connection = m_connections.value(socket);
    if (!connection) return;
    const QByteArray data = socket->readAll();
    if (connection->closing) return;
    connection->reader.append(data);
    pump(connection);
}

void CommandPort::pump(const std::shared_ptr<Connection>& connection) {
    if (connection->pumping) return;  // the loop below picks up where a synchronous reply left off
    connection->pumping = true;
    bool consumedLine = false;
    // A running command holds the queue back, except for a close (HTTP seen): that happens now.
    while (!connection->closing && connection->socket && (!connection->busy || connection->reader.closed())) {
        CommandPortReader::Step step = connection->reader.next();
        if (step.kind == CommandPortReader::Step::Kind::NeedMore) break;
        consumedLine = true;
        switch (step.kind) {
            case CommandPortReader::Step::Kind::Reply:
                connection->writeLine(step.reply);
                break;
            case CommandPortReader::Step::Kind::Command:
                dispatch(connection, std::move(step.command), step.line);
                break;
            case CommandPortReader::Step::Kind::Close:
            case CommandPortReader::Step::Kind::NeedMore:
                closeConnection(*connection, step.reply);
                break;
        }
    }
    if (consumedLine) armIdleTimer(*connection);
    connection->pumping = false;
}

void CommandPort::dispatch(const std::shared_ptr<Connection>& connection, QStringList args,
                           const QString& line) {
    emit commandReceived(line);
    connection->busy = true;
    armIdleTimer(*connection);  // a running command is not idleness
    const QPointer<CommandPort> self(this);
    const std::weak_ptr<Connection> weak = connection;
    m_interpreter.execute(args, line, CommandSource{}, [self, weak](const QString& replyLine) {
        if (self) self->finish(weak, replyLine);
    });
}

void CommandPort::finish(const std::weak_ptr<Connection>& weak, const QString& replyLine) {
    const std::shared_ptr<Connection> connection = weak.lock();
    if (!connection || !connection->busy) return;  // the client has gone: drop the reply
    connection->busy = false;
    connection->writeLine(replyLine);
    armIdleTimer(*connection);
    pump(connection);
}

void CommandPort::armIdleTimer(Connection& connection) const {
    if (!connection.idleTimer) return;
    if (connection.busy || connection.closing)
        connection.idleTimer->stop();
    else
        connection.idleTimer->start(m_idleTimeout);
}

void CommandPort::closeConnection(Connection& connection, const QString& lastLine) {
    if (connection.closing) return;
    if (!lastLine.isEmpty()) connection.writeLine(lastLine);
    connection.closing = true;
    armIdleTimer(connection);
    if (connection.socket) connection.socket->disconnectFromHost();  // after the last line is written
}

void CommandPort::drop(QTcpSocket* socket) {
    if (const std::shared_ptr<Connection> connection = m_connections.take(socket)) {
        connection->closing = true;
        if (connection->idleTimer) connection->idleTimer->stop();
    }
    socket->deleteLater();
}

QString withHomeExpanded(const QString& path) {
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

QString resolveExportPath(const QString& root, const QString& directory, const QString& name, bool anywhere) {
    namespace fs = std::filesystem;
    if (name.trimmed().isEmpty()) throw Error("no file name given");
    const QString expanded = withHomeExpanded(name);
    const fs::path wanted = QDir::isAbsolutePath(expanded)
                                ? fs::path(QFile::encodeName(expanded).toStdString())
                                : fs::path(QFile::encodeName(directory).toStdString()) /
                                      QFile::encodeName(expanded).toStdString();
    std::error_code error;
    // Links resolved in the part that exists; the rest (new files and folders) taken as written.
    const fs::path resolved = fs::weakly_canonical(wanted, error);
    if (error) throw Error("cannot resolve '" + name.toStdString() + "': " + error.message());
    const QString result = QFile::decodeName(QByteArray::fromStdString(resolved.string()));
    if (anywhere) return result;

    const fs::path base = fs::canonical(fs::path(QFile::encodeName(root).toStdString()), error);
    if (error)
        throw Error("the export folder '" + root.toStdString() + "' is not usable: " + error.message());
    const std::string outside = "'" + name.toStdString() + "' is outside the export folder '" +
                                base.string() +
                                "' (Preferences > Command port: the export folder, or allow any path)";
    auto [baseEnd, _] = std::mismatch(base.begin(), base.end(), resolved.begin(), resolved.end());
    if (baseEnd != base.end()) throw Error(outside);
    // What weakly_canonical could not resolve and is still a link is a dangling one.
    for (fs::path p = resolved; p != base && p.has_relative_path(); p = p.parent_path())
        if (fs::is_symlink(fs::symlink_status(p, error)))
            throw Error("'" + name.toStdString() + "' passes through the dangling symbolic link '" +
                        p.string() + "'");
    return result;
}

}  // namespace focus::widgets
