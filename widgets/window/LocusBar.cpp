#include "widgets/window/LocusBar.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"

#include <QCompleter>
#include <QHBoxLayout>

namespace focus::widgets {

LocusBar::LocusBar(QWidget* parent) : QWidget(parent), edit_(new QLineEdit(this)), completer_(new QCompleter(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit_);
    edit_->setPlaceholderText(tr("Locus or gene, e.g. 20:5,075,001-5,125,000 or TMEM230"));
    edit_->setClearButtonEnabled(true);
    edit_->setMinimumWidth(260);
    completer_->setModel(&completions_);
    completer_->setCaseSensitivity(Qt::CaseInsensitive);
    completer_->setCompletionMode(QCompleter::PopupCompletion);
    edit_->setCompleter(completer_);
    connect(edit_, &QLineEdit::textEdited, this, &LocusBar::updateCompletions);
    connect(edit_, &QLineEdit::returnPressed, this, &LocusBar::go);
}

void LocusBar::setGenome(const genome::ContigSet* contigs) { contigs_ = contigs; }
void LocusBar::setAnnotations(const genome::AnnotationSet* annotations) { annotations_ = annotations; }

void LocusBar::showRegion(const genome::GenomicRegion& region) {
    edit_->setText(QString::fromStdString(genome::formatLocus(region)));
    edit_->setStyleSheet(QString());
}

QString LocusBar::text() const { return edit_->text(); }

genome::GenomicRegion LocusBar::parse(const QString& text) const {
    if (!contigs_ || contigs_->empty()) throw Error("no genome is open (File > Open FASTA)");
    genome::NameLookup lookup;
    if (annotations_)
        lookup = [this](std::string_view name) { return annotations_->findByName(name); };
    return genome::parseLocus(text.trimmed().toStdString(), *contigs_, lookup);
}

void LocusBar::go() {
    try {
        const genome::GenomicRegion region = parse(edit_->text());
        edit_->setStyleSheet(QString());
        emit regionRequested(region);
    } catch (const Error& e) {
        edit_->setStyleSheet("QLineEdit { border: 1px solid #d62728; }");
        emit errorMessage(QString::fromStdString(e.what()));
    }
}

void LocusBar::focusAndSelect() {
    edit_->setFocus(Qt::ShortcutFocusReason);
    edit_->selectAll();
}

void LocusBar::updateCompletions(const QString& typed) {
    QStringList names;
    if (annotations_ && typed.size() >= 2 && !typed.contains(':'))
        for (const std::string& n : annotations_->suggestNames(typed.trimmed().toStdString(), 20))
            names << QString::fromStdString(n);
    completions_.setStringList(names);
}

}  // namespace focus::widgets
