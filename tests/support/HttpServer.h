// A small HTTP/1.1 file server for tests of http(s) reading: serves one folder on 127.0.0.1 with
// byte ranges (RFC 7233: "bytes=A-B", "bytes=A-", "bytes=-N"; 206 + Content-Range, 416 outside
// the file), as HTSlib's libcurl plugin and libBigWig need: Python's http.server answers every
// Range request with the whole file, so it cannot stand in for a real web server here. GET and
// HEAD; one request per connection (Connection: close). It runs on its own thread, so a test may
// block (QProcess::waitForFinished, a synchronous reader) while it serves. Counts the requests
// and body bytes sent per file, so a test can prove a reader fetched ranges, not whole files.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <future>

namespace focus::test {

class HttpServer {
public:
    explicit HttpServer(const QString& root) : root_(root) {
        std::promise<quint16> port;
        auto ready = port.get_future();
        thread_.reset(QThread::create([this, &port] {
            QTcpServer server;
            if (!server.listen(QHostAddress::LocalHost, 0)) {
                port.set_value(0);
                return;
            }
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
                while (QTcpSocket* socket = server.nextPendingConnection()) serve(socket);
            });
            port.set_value(server.serverPort());
            QEventLoop loop;  // until QThread::quit(), which ends every loop of the thread
            loop.exec();
        }));
        thread_->start();
        port_ = ready.get();
    }
    ~HttpServer() {
        thread_->quit();
        thread_->wait();
    }
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    bool listening() const { return port_ != 0; }
    QString url(const QString& name) const { return QString("http://127.0.0.1:%1/%2").arg(port_).arg(name); }
    qint64 bytesSent(const QString& name) const {
        QMutexLocker lock(&mutex_);
        return bytes_.value(name);
    }
    int requests(const QString& name) const {
        QMutexLocker lock(&mutex_);
        return requests_.value(name);
    }

private:
    void serve(QTcpSocket* socket) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0) return;
            respond(socket, buffer->left(end));
            buffer->clear();
        });
    }

    void respond(QTcpSocket* socket, const QByteArray& head) {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
        const QByteArray method = request.value(0);
        QString name = QString::fromUtf8(request.value(1));
        name = name.mid(1).section('?', 0, 0);
        QByteArray range;
        for (const QByteArray& line : lines)
            if (line.toLower().startsWith("range:")) range = line.mid(6).trimmed();
        QFile file(QDir(root_).filePath(name));
        if ((method != "GET" && method != "HEAD") || name.contains("..") || !file.open(QIODevice::ReadOnly)) {
            reply(socket, "404 Not Found", {}, QByteArray("not found\n"), method != "HEAD");
            return;
        }
        const qint64 size = file.size();
        qint64 from = 0, to = size - 1;
        QByteArray status = "200 OK";
        QList<QByteArray> headers{"Accept-Ranges: bytes"};
        if (!range.isEmpty()) {
            const QRegularExpressionMatch m =
                QRegularExpression("^bytes=(\\d*)-(\\d*)$").match(QString::fromLatin1(range));
            if (!m.hasMatch() || (m.captured(1).isEmpty() && m.captured(2).isEmpty())) {
                reply(socket, "416 Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(size)}, {},
                      false);
                return;
            }
            if (m.captured(1).isEmpty()) {
                from = std::max<qint64>(0, size - m.captured(2).toLongLong());
            } else {
                from = m.captured(1).toLongLong();
                if (!m.captured(2).isEmpty()) to = std::min(to, m.captured(2).toLongLong());
            }
            if (from >= size || from > to) {
                reply(socket, "416 Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(size)}, {},
                      false);
                return;
            }
            status = "206 Partial Content";
            headers << "Content-Range: bytes " + QByteArray::number(from) + "-" + QByteArray::number(to) + "/" +
                           QByteArray::number(size);
        }
        headers << "Content-Length: " + QByteArray::number(to - from + 1);
        reply(socket, status, headers, {}, false, /*lengthGiven=*/true, /*close=*/false);
        {
            QMutexLocker lock(&mutex_);
            requests_[name] += 1;
        }
        if (method == "HEAD") {
            socket->disconnectFromHost();
            return;
        }
        // The body streams in small pieces, each written when the last has left (a small send
        // buffer), so a client that stops reading and hangs up (HTSlib reads "bytes=N-" only as
        // far as it needs) is not counted for the rest of the file.
        socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 16 * 1024);
        auto body = std::make_shared<QFile>(file.fileName());
        if (!body->open(QIODevice::ReadOnly) || !body->seek(from)) {
            socket->abort();
            return;
        }
        auto left = std::make_shared<qint64>(to - from + 1);
        auto pump = [this, socket, body, left, name] {
            while (*left > 0 && socket->bytesToWrite() < 16 * 1024 && socket->state() == QAbstractSocket::ConnectedState) {
                const QByteArray piece = body->read(std::min<qint64>(*left, 16 * 1024));
                if (piece.isEmpty()) {
                    socket->abort();
                    return;
                }
                *left -= piece.size();
                socket->write(piece);
                QMutexLocker lock(&mutex_);
                bytes_[name] += piece.size();
            }
            if (*left == 0) socket->disconnectFromHost();
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, pump);
        pump();
    }

    static void reply(QTcpSocket* socket, const QByteArray& status, QList<QByteArray> headers, const QByteArray& body,
                      bool withBody, bool lengthGiven = false, bool close = true) {
        if (!lengthGiven) headers << "Content-Length: " + QByteArray::number(withBody ? body.size() : 0);
        QByteArray out = "HTTP/1.1 " + status + "\r\nConnection: close\r\n";
        for (const QByteArray& h : headers) out += h + "\r\n";
        out += "\r\n";
        if (withBody) out += body;
        socket->write(out);
        if (close) socket->disconnectFromHost();
    }

    QString root_;
    std::unique_ptr<QThread> thread_;
    quint16 port_ = 0;
    mutable QMutex mutex_;
    QHash<QString, qint64> bytes_;
    QHash<QString, int> requests_;
};

}  // namespace focus::test
