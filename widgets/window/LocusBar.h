// The locus bar (Ctrl+L).
// The bar parses what a person types with core's locus grammar (IGV / JBrowse / UCSC forms and
// gene names from the loaded annotations), completes gene names as they are typed, and shows the
// current view formatted 1-based with thousands separators. A bad locus keeps the old view and
// says what is wrong (errorMessage) instead of moving anywhere.
#pragma once

#include "core/genome/AnnotationSet.h"
#include "core/genome/ContigSet.h"
#include "core/genome/GenomicRegion.h"

#include <QLineEdit>
#include <QStringListModel>
#include <QWidget>

#include <vector>

class QCompleter;

namespace focus::widgets {

class LocusBar : public QWidget {
    Q_OBJECT
public:
    explicit LocusBar(QWidget* parent = nullptr);

    // Both are borrowed and must outlive the bar (or be replaced first); nullptr clears.
    void setGenome(const genome::ContigSet* contigs);
    void setAnnotations(const genome::AnnotationSet* annotations);

    void showRegion(const genome::GenomicRegion& region);  // display only; emits nothing
    QString text() const;
    QLineEdit* lineEdit() const { return edit_; }

    // Parses text (what go() does with the typed text); throws focus::Error.
    genome::GenomicRegion parse(const QString& text) const;

public slots:
    void go();             // parse the typed text and emit regionRequested, or errorMessage
    void focusAndSelect(); // Ctrl+L

signals:
    void regionRequested(const focus::genome::GenomicRegion& region);
    void errorMessage(const QString& message);

private:
    void updateCompletions(const QString& typed);

    QLineEdit* edit_;
    QCompleter* completer_;
    QStringListModel completions_;
    const genome::ContigSet* contigs_ = nullptr;
    const genome::AnnotationSet* annotations_ = nullptr;
};

}  // namespace focus::widgets
