// Runs an IGV batch script (`focus-browser -b FILE`, IGV's `igv -b`) through a CommandInterpreter,
// as IGV's BatchRunner does: one line at a time, each waiting for its reply; lines starting with
// `#` or `//` and blank lines skipped; a reply other than `OK` (or an echo) is reported and the
// script goes on; `exit` ends it. Arguments are split as on the command port (spaces, double
// quotes around a part that holds spaces). QtCore only.
#pragma once

#include "widgets/scripting/CommandInterpreter.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace focus::widgets {

class BatchScript : public QObject {
    Q_OBJECT
public:
    // Reads the whole script now; throws focus::Error naming the file when it cannot be read.
    BatchScript(CommandInterpreter& interpreter, const QString& path, QObject* parent = nullptr);

    // Runs the lines from the event loop (start returns at once); finished() follows the last.
    void start();
    int failures() const { return m_failures; }

signals:
    // Each command run: its 1-based line number, the line and the reply line.
    void commandDone(int lineNumber, const QString& line, const QString& reply);
    // After the last line, or after `exit` (exited): how many commands failed.
    void finished(int failures, bool exited);

private:
    void next();

    CommandInterpreter& m_interpreter;
    CommandSource m_source;
    QStringList m_lines;
    int m_index = 0;
    int m_failures = 0;
};

}  // namespace focus::widgets
