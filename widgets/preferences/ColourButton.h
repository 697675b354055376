// A colour picker button (the preferences dialog's and the track settings' colour editors).
#pragma once

#include <QColor>
#include <QPushButton>

namespace focus::widgets {

// A push button that shows and edits one colour (QColorDialog on click).
class ColourButton : public QPushButton {
    Q_OBJECT
public:
    explicit ColourButton(QWidget* parent = nullptr);
    QColor colour() const { return colour_; }
    void setColour(const QColor& colour);

signals:
    void colourChanged(const QColor& colour);

private:
    QColor colour_;
};

}  // namespace focus::widgets
