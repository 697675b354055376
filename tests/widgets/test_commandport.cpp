// The batch command port over real loopback sockets: IGV's echo, argument splitting, strict
// per-connection order with asynchronous replies, errors, several clients, hostile lines, and
// clients that leave before their reply.
#include "widgets/CommandPort.h"

#include "core/common/Error.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using focus::widgets::CommandPort;

namespace {

constexpr int kTimeoutMs = 5000;

std::unique_ptr<QTcpSocket> connectTo(const CommandPort& port) {
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port.port());
    if (!socket->waitForConnected(kTimeoutMs)) return nullptr;
    return socket;
}

void send(QTcpSocket& socket, const QByteArray& text) {
    socket.write(text);
    socket.flush();
}

// The next reply line, spinning the event loop (the port lives on this thread); "<timeout>" if none.
QString readReply(QTcpSocket& socket, int timeoutMs = kTimeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!socket.canReadLine()) {
        if (deadline.hasExpired()) return QStringLiteral("<timeout>");
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        socket.waitForReadyRead(5);
    }
    return QString::fromUtf8(socket.readLine()).chopped(1);
}

// True when no reply line arrives within `ms`.
bool silentFor(QTcpSocket& socket, int ms) {
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        if (socket.canReadLine()) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        socket.waitForReadyRead(5);
    }
    return !socket.canReadLine();
}

}  // namespace

class TestCommandPort : public QObject {
    Q_OBJECT
private slots:
    void echoAnswersEcho();
    void argumentsArriveExactly();
    void splitArguments();
    void asyncReplyKeepsOrder();
    void unknownCommandIsAnError();
    void throwingHandlerIsAnError();
    void clientsAreIndependent();
    void tooLongLineClosesConnection();
    void takenPortFailsWithMessage();
    void clientLeavingBeforeReplyIsSafe();
    void commandReceivedIsEmitted();
};

void TestCommandPort::echoAnswersEcho() {
    CommandPort port;
    QVERIFY2(port.listen(0), qPrintable(port.errorString()));
    QVERIFY(port.port() != 0);
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "echo\n");
    QCOMPARE(readReply(*client), QStringLiteral("echo"));
    send(*client, "ECHO\r\n\r\n   \n");  // case-insensitive, CRLF, blank lines ignored
    QCOMPARE(readReply(*client), QStringLiteral("echo"));
    QVERIFY(silentFor(*client, 100));  // the blank lines got no reply
}

void TestCommandPort::argumentsArriveExactly() {
    CommandPort port;
    QStringList received;
    port.registerCommand(QStringLiteral("goto"),
                         [&](const QStringList& args, const CommandPort::Reply& reply) {
                             received = args;
                             reply(QString());
                         });
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "GoTo chr20:5,075,000-5,125,000 \"/data/my genome.fa\"  \"\" last\n");
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(received,
             QStringList({QStringLiteral("chr20:5,075,000-5,125,000"), QStringLiteral("/data/my genome.fa"),
                          QString(), QStringLiteral("last")}));

    send(*client, "goto \"unterminated\n");
    QCOMPARE(readReply(*client), QStringLiteral("Error: unterminated quote"));
}

void TestCommandPort::splitArguments() {
    QString error;
    QCOMPARE(CommandPort::splitArguments(QStringLiteral("  a\tb  \"c d\" e\"f g\"h "), &error),
             QStringList(
                 {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c d"), QStringLiteral("ef gh")}));
    QVERIFY(error.isEmpty());
    CommandPort::splitArguments(QStringLiteral("a \"b"), &error);
    QVERIFY(!error.isEmpty());
}

void TestCommandPort::asyncReplyKeepsOrder() {
    CommandPort port;
    QStringList log;
    port.registerCommand(
        QStringLiteral("score"), [&](const QStringList& args, const CommandPort::Reply& reply) {
            log << QStringLiteral("score start ") + args.value(0);
            QTimer::singleShot(300, [&log, args, reply] {
                log << QStringLiteral("score done ") + args.value(0);
                reply(args.value(0) == QLatin1String("bad") ? QStringLiteral("model not loaded") : QString());
            });
        });
    port.registerCommand(QStringLiteral("snapshot"),
                         [&](const QStringList&, const CommandPort::Reply& reply) {
                             log << QStringLiteral("snapshot");
                             reply(QString());
                         });
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    // All three arrive at once; the snapshot must wait for both scores to reply.
    send(*client, "score one\nscore bad\nsnapshot\n");
    QVERIFY(silentFor(*client, 150));
    QCOMPARE(log, QStringList({QStringLiteral("score start one")}));  // the second has not started
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("Error: model not loaded"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(log, QStringList({QStringLiteral("score start one"), QStringLiteral("score done one"),
                               QStringLiteral("score start bad"), QStringLiteral("score done bad"),
                               QStringLiteral("snapshot")}));
}

void TestCommandPort::unknownCommandIsAnError() {
    CommandPort port;
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "foo bar\necho\n");
    QCOMPARE(readReply(*client), QStringLiteral("Error: unknown command 'foo'"));
    QCOMPARE(readReply(*client), QStringLiteral("echo"));  // the connection carries on
}

void TestCommandPort::throwingHandlerIsAnError() {
    CommandPort port;
    port.registerCommand(QStringLiteral("load"), [](const QStringList& args, const CommandPort::Reply&) {
        throw focus::Error("cannot open '" + args.value(0).toStdString() + "': no such file");
    });
    port.registerCommand(QStringLiteral("crash"), [](const QStringList&, const CommandPort::Reply&) {
        throw std::runtime_error("bad\nthings");
    });
    // Replying and then throwing still gives one reply.
    port.registerCommand(QStringLiteral("twice"), [](const QStringList&, const CommandPort::Reply& reply) {
        reply(QString());
        reply(QStringLiteral("ignored"));
        throw std::runtime_error("also ignored");
    });
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "load /nope.fa\ncrash\ntwice\necho\n");
    QCOMPARE(readReply(*client), QStringLiteral("Error: cannot open '/nope.fa': no such file"));
    QCOMPARE(readReply(*client), QStringLiteral("Error: bad things"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("echo"));
}

void TestCommandPort::clientsAreIndependent() {
    CommandPort port;
    std::vector<CommandPort::Reply> parked;
    port.registerCommand(QStringLiteral("wait"), [&](const QStringList&, CommandPort::Reply reply) {
        parked.push_back(std::move(reply));
    });
    QVERIFY(port.listen(0));
    auto first = connectTo(port);
    auto second = connectTo(port);
    QVERIFY(first && second);
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 2, kTimeoutMs);
    send(*first, "wait\necho\n");
    QTRY_COMPARE_WITH_TIMEOUT(parked.size(), size_t(1), kTimeoutMs);
    // The first client is blocked behind its wait; the second is not.
    send(*second, "echo\n");
    QCOMPARE(readReply(*second), QStringLiteral("echo"));
    QVERIFY(silentFor(*first, 100));
    parked.front()(QString());
    QCOMPARE(readReply(*first), QStringLiteral("OK"));
    QCOMPARE(readReply(*first), QStringLiteral("echo"));
}

void TestCommandPort::tooLongLineClosesConnection() {
    CommandPort port;
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    // A line that never ends: the port must not wait for its newline.
    send(*client, "echo\n" + QByteArray(CommandPort::kMaxLineBytes + 10, 'x'));
    QCOMPARE(readReply(*client), QStringLiteral("echo"));  // lines before it are still answered
    QCOMPARE(readReply(*client), QStringLiteral("Error: line too long"));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);

    // A line exactly at the limit is fine.
    auto other = connectTo(port);
    QVERIFY(other);
    send(*other, "echo" + QByteArray(CommandPort::kMaxLineBytes - 4, ' ') + "\n");
    QCOMPARE(readReply(*other), QStringLiteral("echo"));
}

void TestCommandPort::takenPortFailsWithMessage() {
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    CommandPort port;
    QVERIFY(!port.listen(squatter.serverPort()));
    QVERIFY(!port.isListening());
    QCOMPARE(port.port(), quint16(0));
    QVERIFY2(port.errorString().contains(QString::number(squatter.serverPort())),
             qPrintable(port.errorString()));
    QVERIFY2(port.errorString().size() > 30, qPrintable(port.errorString()));  // says why too
    QVERIFY(port.listen(0));
    QVERIFY(port.errorString().isEmpty());
}

void TestCommandPort::clientLeavingBeforeReplyIsSafe() {
    CommandPort port;
    CommandPort::Reply parked;
    port.registerCommand(QStringLiteral("slow"),
                         [&](const QStringList&, CommandPort::Reply reply) { parked = std::move(reply); });
    QVERIFY(port.listen(0));
    {
        auto client = connectTo(port);
        QVERIFY(client);
        send(*client, "slow\nslow\n");
        QTRY_VERIFY_WITH_TIMEOUT(bool(parked), kTimeoutMs);
        client->disconnectFromHost();
    }
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);
    QTest::qWait(50);  // let the socket's deleteLater run
    CommandPort::Reply first = std::exchange(parked, CommandPort::Reply());
    first(QString());  // dropped: nobody to answer
    QVERIFY(!parked);  // and the queued second "slow" never ran
    // The port still serves others; replying after the port is gone is safe too.
    auto next = connectTo(port);
    QVERIFY(next);
    send(*next, "slow\n");
    QTRY_VERIFY_WITH_TIMEOUT(bool(parked), kTimeoutMs);
    {
        CommandPort doomed;  // a port destroyed with a reply outstanding
        doomed.registerCommand(QStringLiteral("slow"), [&](const QStringList&, CommandPort::Reply reply) {
            parked = std::move(reply);
        });
        parked = {};
        QVERIFY(doomed.listen(0));
        auto client = connectTo(doomed);
        QVERIFY(client);
        send(*client, "slow\n");
        QTRY_VERIFY_WITH_TIMEOUT(bool(parked), kTimeoutMs);
    }
    parked(QString());
}

void TestCommandPort::commandReceivedIsEmitted() {
    CommandPort port;
    QSignalSpy spy(&port, &CommandPort::commandReceived);
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "echo  hi \r\n");
    QCOMPARE(readReply(*client), QStringLiteral("echo"));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("echo  hi"));
}

QTEST_MAIN(TestCommandPort)
#include "test_commandport.moc"
