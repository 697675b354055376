#include "widgets/scripting/BatchScript.h"

#include "core/common/Error.h"
#include "widgets/scripting/CommandPortReader.h"

#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

namespace focus::widgets {

BatchScript::BatchScript(CommandInterpreter& interpreter, const QString& path, QObject* parent)
    : QObject(parent), m_interpreter(interpreter) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw Error("cannot read the batch script '" + path.toStdString() + "': " + file.errorString().toStdString());
    m_lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    m_source.kind = CommandSource::Kind::Script;
    m_source.scriptDirectory = QFileInfo(path).absolutePath();
}

void BatchScript::start() {
    QTimer::singleShot(0, this, &BatchScript::next);
}

void BatchScript::next() {
    while (m_index < m_lines.size()) {
        const int number = m_index + 1;
        const QString line = m_lines[m_index++].trimmed();
        if (line.isEmpty() || CommandInterpreter::isComment(line)) continue;
        QString quoteError;
        const QStringList command = CommandPortReader::splitArguments(line, &quoteError);
        if (!quoteError.isEmpty()) {
            ++m_failures;
            emit commandDone(number, line, QStringLiteral("Error: ") + quoteError);
            continue;
        }
        if (command.front().compare(QLatin1String("exit"), Qt::CaseInsensitive) == 0) {
            emit commandDone(number, line, QStringLiteral("OK"));
            emit finished(m_failures, true);
            return;
        }
        const QPointer<BatchScript> self(this);
        const bool isEcho = command.front().compare(QLatin1String("echo"), Qt::CaseInsensitive) == 0;
        m_interpreter.execute(command, line, m_source, [self, number, line, isEcho](const QString& reply) {
            if (!self) return;
            if (!isEcho && reply != QLatin1String("OK")) ++self->m_failures;
            emit self->commandDone(number, line, reply);
            // The next line from the event loop: a handler that answered at once must not recurse.
            QTimer::singleShot(0, self, &BatchScript::next);
        });
        return;
    }
    emit finished(m_failures, false);
}

}  // namespace focus::widgets
