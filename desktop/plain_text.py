"""People's text on screen as text: never markup that Qt interprets, loads or follows.

Titles, names, bios, comments, file names, notes and searches come from outside. Left to
itself Qt guesses: a QLabel, a QMessageBox or a tooltip in Qt.AutoText shows a string as HTML
when Qt.mightBeRichText says it looks like HTML (a "<b>" or "<img" on its first line), and a
message box then opens the links in it by itself. A title such as
`<img src="/etc/passwd"><a href="file:///…">` made a question read a local file and a click
open a file:// link. Everything in desktop/ that shows such text goes through here:

- `plain_label` / `as_plain_label`: a QLabel that shows its text as typed;
- `as_rich_label`: a label whose HTML is built on purpose, every user field `escaped`,
  and whose links are never followed;
- `tooltip_text`: a tooltip that shows the text as typed (tooltips cannot be told the format);
- `window_title`: "[*]" in a title is Qt's placeholder for the modified mark;
- `button_text`: "&" in a button's text marks its shortcut key;
- `message_box`, `ask`, `inform`, `warn`, `critical`: QMessageBox in Qt.PlainText, no links.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton
Icon = QMessageBox.Icon
_Flag = Qt.TextInteractionFlag
_LINKS = _Flag.LinksAccessibleByMouse | _Flag.LinksAccessibleByKeyboard
_MESSAGE_LABELS = ("qt_msgbox_label", "qt_msgbox_informativelabel")


def escaped(text: str) -> str:
    """`text` for HTML built on purpose: every character shows as itself, quotes included."""
    return html.escape(text, quote=True)


def tooltip_text(text: str | None) -> str | None:
    """A tooltip that shows `text` as typed.

    A tooltip is rich text exactly when Qt.mightBeRichText says so, and has no format to set:
    text that would be taken for HTML is escaped and wrapped in a paragraph that keeps its
    spaces and line breaks; any other text is already shown as typed and is left alone.
    """
    if not text or not GuiQt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{escaped(text)}</p>"


def window_title(text: str) -> str:
    """A window title shows text as typed, except "[*]", Qt's place for the modified mark
    (it would vanish); doubled, it shows as itself."""
    return text.replace("[*]", "[*][*]")


def button_text(text: str) -> str:
    """For a button, check box or radio button: plain already, but "&" there marks the
    shortcut key (and vanishes); doubled, it shows as itself."""
    return text.replace("&", "&&")


def _no_links(label: QLabel) -> None:
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(label.textInteractionFlags() & ~_LINKS)


def as_plain_label(label: QLabel) -> QLabel:
    """`label`, made to show its text as typed; for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    _no_links(label)
    return label


def plain_label(text: str = "", parent: QWidget | None = None, name: str = "") -> QLabel:
    """A new QLabel that shows `text` as typed."""
    label = as_plain_label(QLabel(parent))
    if name:
        label.setObjectName(name)
    label.setText(text)
    return label


def as_rich_label(label: QLabel) -> QLabel:
    """`label` for HTML built on purpose (with `escaped` user fields): rich text, said so
    rather than guessed, and links in it are never opened or even clickable."""
    label.setTextFormat(Qt.TextFormat.RichText)
    _no_links(label)
    return label


# --- message boxes -----------------------------------------------------------------------


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = Icon.NoIcon,
    buttons: QMessageBox.StandardButton = Button.Ok,
    default: QMessageBox.StandardButton = Button.NoButton,
    informative: str = "",
) -> QMessageBox:
    """A message box that shows `text` (and `informative`) as typed and opens no link.

    Not shown: `ask` runs it; callers that add buttons of their own run it themselves.
    """
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(window_title(title))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setStandardButtons(buttons)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    plain_message_labels(box)
    return box


def plain_message_labels(box: QMessageBox) -> None:
    """Its text labels in plain text and every label of it blind to links (Qt makes them
    open external links); again after setInformativeText, which makes a label."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        if label.objectName() in _MESSAGE_LABELS:
            label.setTextFormat(Qt.TextFormat.PlainText)
        _no_links(label)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
    *,
    icon: QMessageBox.Icon = Icon.Question,
) -> QMessageBox.StandardButton:
    """QMessageBox.question and its kin, in plain text: the button chosen."""
    box = message_box(parent, title, text, icon=icon, buttons=buttons, default=default)
    try:
        return Button(box.exec())
    finally:
        box.deleteLater()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    ask(parent, title, text, Button.Ok, Button.Ok, icon=Icon.Information)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    ask(parent, title, text, Button.Ok, Button.Ok, icon=Icon.Warning)


def critical(parent: QWidget | None, title: str, text: str) -> None:
    ask(parent, title, text, Button.Ok, Button.Ok, icon=Icon.Critical)
