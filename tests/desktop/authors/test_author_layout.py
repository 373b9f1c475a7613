"""The Authors area on a small screen: the profile whole, the list's cells readable."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument

from desktop.authors.list_model import NEEDS_NAME_TEXT, Column
from desktop.authors.panel import AuthorsPanel


def test_photo_sits_beside_the_fields_and_shows_whole_at_1024(
    qtbot, imported_samples, panel: AuthorsPanel, author_list
) -> None:
    panel.resize(1006, 590)  # what the area gets in a 1024 × 700 window
    author_list.click(author_list.names()[0])
    qtbot.waitUntil(lambda: panel.form.isEnabled())
    form = panel.form
    photo = form.photo.findChild(type(form.notice), "authorPhotoPicture")
    assert form.notice.isVisible()
    # Beside the name, not under the bio: that put it past the bottom of the scroll area.
    picture, name = photo.mapTo(form, QPoint(0, 0)), form.name_edit.mapTo(form, QPoint(0, 0))
    assert abs(picture.y() - name.y()) < 8
    assert picture.x() > name.x() + form.name_edit.width()
    assert picture.y() + photo.height() < form.bio_edit.mapTo(form, QPoint(0, 0)).y()
    for part in (photo, form.bio_edit, form.notice):
        assert part.visibleRegion().boundingRect() == part.rect(), part.objectName()
    assert form.name_edit.cursorPosition() == 0  # a long name shows its beginning


def test_needs_a_name_and_the_count_fit_their_columns(
    imported_samples, panel: AuthorsPanel, author_list
) -> None:
    view = panel.list_view
    metrics = QFontMetrics(view.font())
    attention = view.columnWidth(Column.ATTENTION)
    assert attention >= view.iconSize().width() + metrics.horizontalAdvance(NEEDS_NAME_TEXT) + 8
    assert view.columnWidth(Column.ARTICLES) >= metrics.horizontalAdvance("000,000")


def test_an_elided_name_is_whole_in_its_tooltip(
    make_author, panel: AuthorsPanel, author_list
) -> None:
    name = "Anna <b>Long-Name</b> Fitzgerald-Montgomery of the Evening Courier"
    make_author(name)
    panel.refresh()
    tip = author_list.index(name, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tip)
    assert shown.toPlainText() == name  # escaped: the tags are part of the name
