#include "widgets/preferences/ColourButton.h"

#include <QColorDialog>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace focus::widgets {

namespace {

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(28, 14);
    pixmap.fill(colour);
    QPainter painter(&pixmap);
    painter.setPen(QColor(0, 0, 0, 120));
    painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1));
    return QIcon(pixmap);
}

}  // namespace

ColourButton::ColourButton(QWidget* parent) : QPushButton(parent) {
    connect(this, &QPushButton::clicked, this, [this] {
        const QColor chosen = QColorDialog::getColor(colour_, this, toolTip().isEmpty() ? text() : toolTip());
        if (chosen.isValid()) setColour(chosen);
    });
}

void ColourButton::setColour(const QColor& colour) {
    if (colour == colour_) return;
    colour_ = colour;
    setIcon(swatch(colour));
    setText(colour.name());
    emit colourChanged(colour);
}

}  // namespace focus::widgets
