#include "widgets/scripting/CommandInterpreter.h"

#include <QTimer>

#include <exception>
#include <memory>

namespace focus::widgets {

QString oneReplyLine(QString text) {
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.trimmed();
}

void CommandInterpreter::registerCommand(const QString& name, Handler handler) {
    m_handlers[name.toLower()] = std::move(handler);
}

bool CommandInterpreter::hasCommand(const QString& name) const {
    const QString key = name.toLower();
    return key == QLatin1String("echo") || m_handlers.contains(key);
}

bool CommandInterpreter::isComment(const QString& line) {
    const QString t = line.trimmed();
    return t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1String("//"));
}

void CommandInterpreter::execute(const QStringList& command, const QString& line, const CommandSource& source, Done done) {
    if (command.isEmpty() || isComment(line)) return done(QStringLiteral("OK"));
    QStringList args = command;
    const QString name = args.takeFirst();
    const Handler handler = m_handlers.value(name.toLower());  // a copy: a handler may re-register
    if (!handler) {
        // IGV answers echo with its first argument, or the word itself; scripts use it to wait.
        if (name.compare(QLatin1String("echo"), Qt::CaseInsensitive) == 0)
            return done(args.isEmpty() ? QStringLiteral("echo") : args.front());
        return done(QStringLiteral("UNKNOWN COMMAND: ") + oneReplyLine(line));
    }
    auto replied = std::make_shared<bool>(false);
    const int sleepMs = m_sleepMs;
    Reply reply = [done, replied, sleepMs](const QString& error) {
        if (*replied) return;
        *replied = true;
        const QString answer = error.isEmpty() ? QStringLiteral("OK") : QStringLiteral("Error: ") + oneReplyLine(error);
        if (sleepMs > 0)
            QTimer::singleShot(sleepMs, [done, answer] { done(answer); });  // the callers guard their own lifetime
        else
            done(answer);
    };
    const CommandSource previous = m_source;
    m_source = source;
    try {
        handler(args, reply);
    } catch (const std::exception& e) {  // focus::Error included
        const QString what = oneReplyLine(QString::fromUtf8(e.what()));
        reply(what.isEmpty() ? QStringLiteral("command '%1' failed").arg(name) : what);
    } catch (...) {
        reply(QStringLiteral("command '%1' failed").arg(name));
    }
    m_source = previous;
}

}  // namespace focus::widgets
