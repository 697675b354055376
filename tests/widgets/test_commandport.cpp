// The batch command port over real loopback sockets: IGV's echo, argument splitting, strict
// per-connection order with asynchronous replies, errors, several clients, hostile lines, clients
// that leave before their reply; and its guards (issue 17): the per-run token in a user-only file,
// another local account refused, HTTP (a real POST) running nothing, the connection limit under
// 1,000 idle connections, the idle timeout, and the confinement of the paths commands write.
#include "widgets/scripting/CommandPort.h"
#include "widgets/scripting/CommandPortReader.h"

#include "core/common/Error.h"
#include "tests/support/TestSupport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

using focus::test::throwsError;
using focus::widgets::CommandPort;
using focus::widgets::CommandPortReader;
using focus::widgets::resolveExportPath;

namespace {

constexpr int kTimeoutMs = 5000;

QByteArray tokenOf(const CommandPort& port) {
    QFile file(port.tokenFilePath());
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll().trimmed();
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

// A client connected to `port`; unless told otherwise it has sent the token read from the token
// file (as a script does) and had it accepted.
std::unique_ptr<QTcpSocket> connectTo(const CommandPort& port, bool sendToken = true) {
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port.port());
    if (!socket->waitForConnected(kTimeoutMs)) return nullptr;
    if (sendToken && port.tokenRequired()) {
        send(*socket, "token " + tokenOf(port) + "\n");
        if (readReply(*socket) != QLatin1String("OK")) return nullptr;
    }
    return socket;
}

// What a new client with the token is answered to `echo`: "echo" while the port serves scripts.
QString echoFromNewClient(const CommandPort& port) {
    auto client = connectTo(port);
    if (!client) return QStringLiteral("<not served>");
    send(*client, "echo\n");
    return readReply(*client);
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

// True once the server has closed `socket`.
bool closedByServer(QTcpSocket& socket) {
    QDeadlineTimer deadline(kTimeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState) {
        if (deadline.hasExpired()) return false;
        socket.waitForDisconnected(5);
        if (socket.state() != QAbstractSocket::UnconnectedState)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);  // the port's side runs here
    }
    return true;
}

mode_t modeOf(const QString& path) {
    struct stat info {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : mode_t(07777);
}

// Commands that would do harm if they ran: each records that it did.
struct Tripwires {
    QStringList ran;
    void arm(CommandPort& port) {
        for (const char* name : {"exit", "snapshot", "preference", "load"})
            port.registerCommand(QString::fromLatin1(name),
                                 [this, name](const QStringList&, const CommandPort::Reply& reply) {
                                     ran << QString::fromLatin1(name);
                                     reply(QString());
                                 });
    }
};

}  // namespace

class TestCommandPort : public QObject {
    Q_OBJECT
    QTemporaryDir runtime_;  // $XDG_RUNTIME_DIR for the token files

private slots:
    void initTestCase();
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
    // the guards
    void tokenFileIsPrivatePerRunAndRemoved();
    void clientWithoutTheTokenIsRefusedAndRunsNothing();
    void anotherLocalUserCannotReadTheTokenOrRunCommands();
    void tokenCanBeTurnedOff();
    void httpLooksLikeHttpAndCommandsDoNot();
    void httpPostCarryingCommandsRunsNone();
    void httpLinesDropWhatIsBufferedAfterThem();
    void thousandIdleConnectionsAreCappedThenTimedOut();
    void runningCommandIsNotIdle();
    void exportPathsStayInTheExportFolder();
};

void TestCommandPort::initTestCase() {
    QVERIFY(runtime_.isValid());
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime_.path()));
    QCOMPARE(modeOf(runtime_.path()), mode_t(0700));  // what Qt asks of a runtime folder
}

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
    QCOMPARE(CommandPortReader::splitArguments(QStringLiteral("  a\tb  \"c d\" e\"f g\"h "), &error),
             QStringList(
                 {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c d"), QStringLiteral("ef gh")}));
    QVERIFY(error.isEmpty());
    CommandPortReader::splitArguments(QStringLiteral("a \"b"), &error);
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
    send(*client, "foo bar\necho\necho hello there\n# a comment\n// another\n");
    // IGV's answers (batch/CommandExecutor.java): the line itself after UNKNOWN COMMAND, echo's
    // first argument (or the word), comments run nothing.
    QCOMPARE(readReply(*client), QStringLiteral("UNKNOWN COMMAND: foo bar"));
    QCOMPARE(readReply(*client), QStringLiteral("echo"));  // the connection carries on
    QCOMPARE(readReply(*client), QStringLiteral("hello"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
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
    send(*client, "echo\n" + QByteArray(CommandPortReader::kMaxLineBytes + 10, 'x'));
    QCOMPARE(readReply(*client), QStringLiteral("echo"));  // lines before it are still answered
    QCOMPARE(readReply(*client), QStringLiteral("Error: line too long"));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);

    // A line exactly at the limit is fine.
    auto other = connectTo(port);
    QVERIFY(other);
    send(*other, "echo" + QByteArray(CommandPortReader::kMaxLineBytes - 4, ' ') + "\n");
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
    // The browser that holds the port keeps its token file: a refused port writes none.
    QVERIFY(port.tokenFilePath().isEmpty());
    QVERIFY(!QFile::exists(CommandPort::tokenDirectory() +
                           QStringLiteral("/port-%1.token").arg(squatter.serverPort())));
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
    QCOMPARE(readReply(*client), QStringLiteral("hi"));  // IGV: echo answers its first argument
    QCOMPARE(spy.size(), 1);  // not the token line: the token stays out of logs
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("echo  hi"));
}

// ---- the guards ----

void TestCommandPort::tokenFileIsPrivatePerRunAndRemoved() {
    CommandPort port;
    QVERIFY(port.tokenRequired());  // the default
    QVERIFY(port.tokenFilePath().isEmpty());
    QVERIFY2(port.listen(0), qPrintable(port.errorString()));
    const QString path = port.tokenFilePath();
    const QString directory = runtime_.filePath(QStringLiteral("focus-browser"));
    QCOMPARE(path, directory + QStringLiteral("/port-%1.token").arg(port.port()));
    QCOMPARE(modeOf(directory), mode_t(0700));
    QCOMPARE(modeOf(path), mode_t(0600));
    const QByteArray first = tokenOf(port);
    QCOMPARE(first.size(), 32);
    QVERIFY(QByteArray::fromHex(first).toHex() == first);  // 128 bits, in hex
    QDir folder(directory);
    QCOMPARE(folder.entryList(QDir::Files), QStringList({QFileInfo(path).fileName()}));  // no temporary left

    // A new run of the port, a new token; the old one is refused.
    const quint16 number = port.port();
    port.close();
    QVERIFY(!QFile::exists(path));
    QVERIFY(port.listen(number));
    const QByteArray second = tokenOf(port);
    QCOMPARE(second.size(), 32);
    QVERIFY(second != first);
    auto client = connectTo(port, false);
    QVERIFY(client);
    send(*client, "token " + first + "\necho\n");
    QVERIFY(readReply(*client).startsWith(QLatin1String("Error: the first line must be")));
    QVERIFY(closedByServer(*client));

    // A folder someone loosened is tightened again; the destructor removes the file.
    QVERIFY(::chmod(QFile::encodeName(directory).constData(), 0755) == 0);
    {
        CommandPort other;
        QVERIFY(other.listen(0));
        QCOMPARE(modeOf(directory), mode_t(0700));
        QVERIFY(QFile::exists(other.tokenFilePath()));
        const QString otherPath = other.tokenFilePath();
        other.setTokenRequired(false);
        QVERIFY(!QFile::exists(otherPath));
        QVERIFY(other.tokenFilePath().isEmpty());
        QVERIFY(other.setTokenRequired(true));
        QVERIFY(QFile::exists(other.tokenFilePath()));
    }
    QCOMPARE(folder.entryList(QDir::Files), QStringList({QFileInfo(path).fileName()}));

    // Not ours, not used: a token folder that is a link elsewhere makes listen fail, unguarded never.
    port.close();
    QTemporaryDir elsewhere;
    QVERIFY(QDir(directory).removeRecursively());
    QVERIFY(QFile::link(elsewhere.path(), directory));
    CommandPort refused;
    QVERIFY(!refused.listen(0));
    QVERIFY2(refused.errorString().contains(QLatin1String("focus-browser")),
             qPrintable(refused.errorString()));
    QVERIFY(!refused.isListening());
    QVERIFY(QFile::remove(directory));
}

void TestCommandPort::clientWithoutTheTokenIsRefusedAndRunsNothing() {
    CommandPort port;
    Tripwires wires;
    wires.arm(port);
    QSignalSpy received(&port, &CommandPort::commandReceived);
    QVERIFY(port.listen(0));
    const QByteArray token = tokenOf(port);
    for (const QByteArray& attempt :
         {QByteArray("exit\nsnapshot /tmp/x.png\n"), QByteArray("token\nexit\n"),
          QByteArray("token 0123456789abcdef0123456789abcdef\nexit\n"),  // a wrong one
          QByteArray("token " + token.left(31) + "\nexit\n"),            // one character short
          QByteArray("token " + token + " more\nexit\n"),                // not exactly the token
          QByteArray("echo\nexit\n")}) {
        auto client = connectTo(port, false);
        QVERIFY(client);
        send(*client, attempt);
        const QString reply = readReply(*client);
        QVERIFY2(reply.startsWith(QLatin1String("Error: the first line must be 'token <TOKEN>'")),
                 qPrintable(reply));
        QVERIFY2(reply.contains(port.tokenFilePath()), qPrintable(reply));  // says where the token is
        QVERIFY2(!reply.contains(QString::fromLatin1(token)), qPrintable(reply));
        QVERIFY(closedByServer(*client));
        QVERIFY(silentFor(*client, 20));  // nothing after the refusal
    }
    QCOMPARE(wires.ran, QStringList());
    QCOMPARE(received.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);

    // With the token (the word in any case), the same commands run.
    auto client = connectTo(port, false);
    QVERIFY(client);
    send(*client, "TOKEN " + token + "\nexit\ntoken " + token + "\ntoken nonsense\n");
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));  // sending it again is harmless
    QCOMPARE(readReply(*client), QStringLiteral("Error: wrong token"));
    QCOMPARE(wires.ran, QStringList({QStringLiteral("exit")}));
}

void TestCommandPort::anotherLocalUserCannotReadTheTokenOrRunCommands() {
    if (::geteuid() != 0)
        QSKIP("needs root to act as a second local user (the no-token refusal is tested above)");
    const passwd* nobody = ::getpwnam("nobody");
    if (!nobody) QSKIP("no 'nobody' account");
    CommandPort port;
    Tripwires wires;
    wires.arm(port);
    QVERIFY(port.listen(0));
    // Let others through the folders, so that only the file's own mode guards the token.
    const QByteArray runtime = QFile::encodeName(runtime_.path());
    const QByteArray directory = QFile::encodeName(QFileInfo(port.tokenFilePath()).absolutePath());
    QVERIFY(::chmod(runtime.constData(), 0711) == 0 && ::chmod(directory.constData(), 0711) == 0);
    const QByteArray tokenPath = QFile::encodeName(port.tokenFilePath());
    const uid_t uid = nobody->pw_uid;
    const gid_t gid = nobody->pw_gid;
    const quint16 number = port.port();

    const pid_t child = ::fork();
    if (child == 0) {  // only async-signal-safe calls from here on
        if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(10);
        const int fd = ::open(tokenPath.constData(), O_RDONLY);
        if (fd >= 0) ::_exit(11);  // it could read the token
        if (errno != EACCES) ::_exit(12);
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(number);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(s, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) ::_exit(13);
        const char command[] = "exit\nsnapshot /tmp/owned.png\n";
        if (::write(s, command, sizeof command - 1) != ssize_t(sizeof command - 1)) ::_exit(14);
        char reply[1024];
        size_t total = 0;
        for (ssize_t n;
             total < sizeof reply - 1 && (n = ::read(s, reply + total, sizeof reply - 1 - total)) > 0;)
            total += size_t(n);  // until the port closes the connection
        reply[total] = '\0';
        const char refusal[] = "Error: the first line must be 'token <TOKEN>'";
        ::_exit(std::strncmp(reply, refusal, sizeof refusal - 1) == 0 ? 0 : 15);
    }
    QVERIFY(child > 0);
    int status = 0;
    QDeadlineTimer deadline(10 * kTimeoutMs);
    pid_t done = 0;
    while ((done = ::waitpid(child, &status, WNOHANG)) == 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);  // the port answers from here
    if (done == 0) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
    }
    ::chmod(directory.constData(), 0700);
    ::chmod(runtime.constData(), 0700);
    QVERIFY2(done == child, "the second user's client did not finish");
    // 0: refused; 10: could not become nobody; 11: read the token; 12: another error than EACCES;
    // 13/14: could not reach the port; 15: was not refused.
    QVERIFY2(WIFEXITED(status), "the child was killed");
    QCOMPARE(WEXITSTATUS(status), 0);
    QCOMPARE(wires.ran, QStringList());
}

void TestCommandPort::tokenCanBeTurnedOff() {
    CommandPort port;
    Tripwires wires;
    wires.arm(port);
    port.setTokenRequired(false);
    QVERIFY(port.listen(0));
    QVERIFY(port.tokenFilePath().isEmpty());
    QVERIFY(
        !QFile::exists(CommandPort::tokenDirectory() + QStringLiteral("/port-%1.token").arg(port.port())));
    auto client = connectTo(port, false);
    QVERIFY(client);
    send(*client, "exit\ntoken whatever\n");  // scripts that always send a token still work
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QCOMPARE(wires.ran, QStringList({QStringLiteral("exit")}));
}

void TestCommandPort::httpLooksLikeHttpAndCommandsDoNot() {
    for (const char* http :
         {"GET / HTTP/1.1", "POST /batch HTTP/1.1", "OPTIONS * HTTP/1.1", "HEAD /x HTTP/1.0", "PUT /", "GET",
          "CONNECT 127.0.0.1:60151 HTTP/1.1", "PRI * HTTP/2.0", "anything /x http/1.1",
          "Host: 127.0.0.1:60151", "Content-Type: text/plain", "origin: http://evil.example",
          "Sec-Fetch-Mode: no-cors", "Content-Length:", "  Accept: */*  "})
        QVERIFY2(CommandPortReader::looksLikeHttp(QString::fromLatin1(http)), http);
    for (const char* command :
         {"echo", "goto chr20:5,075,000-5,125,000", "goto 20:5075000..5125000", "load /data/x.fa",
          "load \"/data/my genome.fa\"", "preference scoring/threads 2", "snapshot x.png",
          "snapshotDirectory /tmp", "exportBedGraph out.bedGraph focus pref", "score", "exit", "token abc",
          "get", "goto HTTP", "chr1:100-200", ""})
        QVERIFY2(!CommandPortReader::looksLikeHttp(QString::fromLatin1(command)), command);
}

void TestCommandPort::httpPostCarryingCommandsRunsNone() {
    for (const bool tokenRequired : {false, true}) {
        CommandPort port;
        Tripwires wires;
        wires.arm(port);
        port.setTokenRequired(tokenRequired);
        QVERIFY(port.listen(0));
        // A real HTTP client, as a web page's fetch() would send it: the body holds commands.
        QNetworkAccessManager http;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port.port())));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain"));
        request.setRawHeader("Origin", "http://evil.example");
        std::unique_ptr<QNetworkReply> reply(
            http.post(request, QByteArray("exit\nsnapshot /tmp/owned.png\npreference port/enabled false\n")));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), kTimeoutMs);
        QVERIFY(reply->error() != QNetworkReply::NoError);  // no HTTP answer comes back
        QCOMPARE(wires.ran, QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);
        QCOMPARE(echoFromNewClient(port), QStringLiteral("echo"));  // the port still serves a script
    }
}

void TestCommandPort::httpLinesDropWhatIsBufferedAfterThem() {
    CommandPort port;
    Tripwires wires;
    wires.arm(port);
    QVERIFY(port.listen(0));
    // Headers among a script's lines, in one packet: nothing of that packet runs, and the
    // connection is closed with a refusal.
    for (const QByteArray& packet :
         {QByteArray("snapshot a.png\nHost: 127.0.0.1\nexit\n"),
          QByteArray("exit\nPOST / HTTP/1.1\r\n\r\nexit\n"), QByteArray("Origin: null\r\n")}) {
        auto client = connectTo(port);
        QVERIFY(client);
        send(*client, packet);
        QCOMPARE(readReply(*client),
                 QStringLiteral("Error: HTTP is refused on the command port (it takes batch "
                                "commands, one per line)"));
        QVERIFY(closedByServer(*client));
    }
    QCOMPARE(wires.ran, QStringList());

    // Behind a running command, the queued lines go too, and the running command's reply is dropped.
    CommandPort::Reply parked;
    port.registerCommand(QStringLiteral("slow"),
                         [&](const QStringList&, CommandPort::Reply reply) { parked = std::move(reply); });
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "slow\nexit\n");
    QTRY_VERIFY_WITH_TIMEOUT(bool(parked), kTimeoutMs);
    send(*client, "exit\nGET / HTTP/1.1\n");
    QVERIFY(readReply(*client).startsWith(QLatin1String("Error: HTTP is refused")));
    QVERIFY(closedByServer(*client));
    parked(QString());
    QCOMPARE(wires.ran, QStringList());
}

void TestCommandPort::thousandIdleConnectionsAreCappedThenTimedOut() {
    constexpr int kClients = 1000;
    // Both ends live in this process: make room for their descriptors.
    rlimit files{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &files) == 0);
    if (files.rlim_cur < 2 * kClients + 200) {
        files.rlim_cur = std::min<rlim_t>(files.rlim_max, 2 * kClients + 200);
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    if (files.rlim_cur < kClients + 200) QSKIP("too few file descriptors allowed for 1,000 connections");

    CommandPort port;
    Tripwires wires;
    wires.arm(port);
    port.setIdleTimeout(std::chrono::minutes(5));  // none times out while they are counted
    QVERIFY(port.listen(0));
    QCOMPARE(port.maxConnections(), CommandPort::kDefaultMaxConnections);
    // Opened 50 at a time, the kernel's listen backlog, so that the kernel drops none of them
    // before the port sees it (a full backlog leaves a client believing it is connected).
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    std::vector<bool> refused;
    int refusals = 0;
    QDeadlineTimer deadline(120000);
    while (int(clients.size()) < kClients && !deadline.hasExpired()) {
        for (int i = 0; i < 50 && int(clients.size()) < kClients; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QHostAddress::LocalHost, port.port());
            refused.push_back(false);
        }
        // Each extra connection is told why and closed; the others sit idle, sending nothing.
        const int expected = std::max(0, int(clients.size()) - port.maxConnections());
        while (refusals < expected && !deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            for (size_t i = 0; i < clients.size(); ++i) {
                if (refused[i] || !clients[i]->canReadLine()) continue;
                const QString line = QString::fromUtf8(clients[i]->readLine()).trimmed();
                QVERIFY2(line.startsWith(QLatin1String("Error: too many connections")), qPrintable(line));
                refused[i] = true;
                ++refusals;
            }
        }
        QCOMPARE(refusals, expected);
    }
    const int extra = kClients - port.maxConnections();
    QCOMPARE(refusals, extra);
    QCOMPARE(port.clientCount(), port.maxConnections());
    int open = 0;
    for (int i = 0; i < kClients; ++i) {
        if (refused[size_t(i)]) {
            QTRY_COMPARE_WITH_TIMEOUT(clients[size_t(i)]->state(), QAbstractSocket::UnconnectedState,
                                      kTimeoutMs);
        } else {
            QCOMPARE(clients[size_t(i)]->state(), QAbstractSocket::ConnectedState);
            ++open;
        }
    }
    QCOMPARE(open, port.maxConnections());
    // While the slots are taken, even a client with the token is turned away.
    {
        auto late = connectTo(port, false);
        QVERIFY(late);
        QVERIFY(readReply(*late).startsWith(QLatin1String("Error: too many connections")));
    }

    // Idle past the timeout: the held connections are closed, with a reason.
    port.setIdleTimeout(std::chrono::milliseconds(300));
    QTRY_COMPARE_WITH_TIMEOUT(port.clientCount(), 0, kTimeoutMs);
    for (int i = 0; i < kClients; ++i) {
        if (refused[size_t(i)]) continue;
        QTRY_COMPARE_WITH_TIMEOUT(clients[size_t(i)]->state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
        QVERIFY(clients[size_t(i)]->readLine().startsWith("Error: no command for 300 ms"));
    }
    clients.clear();
    QCOMPARE(wires.ran, QStringList());

    // And the port serves a fresh client.
    port.setIdleTimeout(CommandPort::kDefaultIdleTimeout);
    QCOMPARE(echoFromNewClient(port), QStringLiteral("echo"));
}

void TestCommandPort::runningCommandIsNotIdle() {
    CommandPort port;
    CommandPort::Reply parked;
    port.registerCommand(QStringLiteral("slow"),
                         [&](const QStringList&, CommandPort::Reply reply) { parked = std::move(reply); });
    port.setIdleTimeout(std::chrono::milliseconds(100));
    QVERIFY(port.listen(0));
    auto client = connectTo(port);
    QVERIFY(client);
    send(*client, "slow\n");
    QTRY_VERIFY_WITH_TIMEOUT(bool(parked), kTimeoutMs);
    QTest::qWait(400);  // four idle timeouts while the command runs
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(port.clientCount(), 1);
    parked(QString());
    QCOMPARE(readReply(*client), QStringLiteral("OK"));
    QVERIFY(closedByServer(*client));  // idle again after its reply
    QVERIFY(client->readLine().startsWith("Error: no command for 100 ms"));
}

void TestCommandPort::exportPathsStayInTheExportFolder() {
    QTemporaryDir base;
    const QString root = base.filePath(QStringLiteral("exports"));
    const QString outside = base.filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/run1")) && QDir().mkpath(outside));
    const QString rootReal = QFileInfo(root).canonicalFilePath();
    auto inside = [&](const QString& directory, const QString& name) {
        return resolveExportPath(root, directory, name, false);
    };

    QCOMPARE(inside(root, QStringLiteral("x.png")), rootReal + QStringLiteral("/x.png"));
    QCOMPARE(inside(root + QStringLiteral("/run1"), QStringLiteral("x.png")),
             rootReal + QStringLiteral("/run1/x.png"));
    QCOMPARE(inside(root, QStringLiteral("new/deeper/x.png")),
             rootReal + QStringLiteral("/new/deeper/x.png"));
    QCOMPARE(inside(root, QStringLiteral("run1/../y.png")), rootReal + QStringLiteral("/y.png"));
    QCOMPARE(inside(root, root + QStringLiteral("/run1/z.svg")), rootReal + QStringLiteral("/run1/z.svg"));
    QCOMPARE(inside(root, QStringLiteral("run1")), rootReal + QStringLiteral("/run1"));

    const std::string refusal = "is outside the export folder";
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("../x.png")); }, refusal));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("run1/../../outside/x.png")); }, refusal));
    QVERIFY(throwsError([&] { inside(root, outside + QStringLiteral("/x.png")); }, refusal));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("/etc/passwd")); }, refusal));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("~/.bashrc")); }, refusal));
    QVERIFY(throwsError([&] { inside(outside, QStringLiteral("x.png")); }, refusal));  // a directory outside
    QVERIFY(throwsError([&] { inside(root, base.path() + QStringLiteral("/exports-not/x.png")); }, refusal));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral(" ")); }, "no file name"));

    // Links are followed before the check: one leading out is refused, one staying in is fine.
    QVERIFY(QFile::link(outside, root + QStringLiteral("/out")));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("out/x.png")); }, refusal));
    QFile target(outside + QStringLiteral("/victim.txt"));
    QVERIFY(target.open(QIODevice::WriteOnly));
    target.close();
    QVERIFY(QFile::link(target.fileName(), root + QStringLiteral("/victim.png")));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("victim.png")); }, refusal));
    QVERIFY(QFile::link(root + QStringLiteral("/run1"), root + QStringLiteral("/latest")));
    QCOMPARE(inside(root, QStringLiteral("latest/x.png")), rootReal + QStringLiteral("/run1/x.png"));
    // A dangling link would be written through to wherever it points.
    QVERIFY(QFile::link(outside + QStringLiteral("/missing.png"), root + QStringLiteral("/dangling.png")));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("dangling.png")); }, "dangling symbolic link"));
    QVERIFY(QFile::link(outside + QStringLiteral("/missing-folder"), root + QStringLiteral("/gone")));
    QVERIFY(throwsError([&] { inside(root, QStringLiteral("gone/x.png")); }, "dangling symbolic link"));
    // The export folder itself may be reached through a link.
    QVERIFY(QFile::link(root, base.filePath(QStringLiteral("alias"))));
    QCOMPARE(resolveExportPath(base.filePath(QStringLiteral("alias")), root, QStringLiteral("x.png"), false),
             rootReal + QStringLiteral("/x.png"));

    // Allowed anywhere: resolved the same way, not refused.
    QCOMPARE(resolveExportPath(root, root, QStringLiteral("../outside/x.png"), true),
             QFileInfo(outside).canonicalFilePath() + QStringLiteral("/x.png"));
    QCOMPARE(resolveExportPath(root, root, QStringLiteral("~/x.png"), true),
             QFileInfo(QDir::homePath()).canonicalFilePath() + QStringLiteral("/x.png"));
    QVERIFY(throwsError(
        [&] { resolveExportPath(base.filePath(QStringLiteral("none")), root, QStringLiteral("x"), false); },
        "is not usable"));
}

QTEST_MAIN(TestCommandPort)
#include "test_commandport.moc"
