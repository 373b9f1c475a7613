from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QPlainTextEdit, QWidget

from database.services.authors import AuthorChanges
from desktop.authors.list_model import NEEDS_NAME_ROLE, NEEDS_NAME_TEXT, AuthorListModel, Column
from desktop.authors.panel import AuthorsPanel


def test_list_shows_imported_author_with_count_and_needs_name_marker(
    imported_samples, panel: AuthorsPanel, author_list
) -> None:
    [name] = author_list.names()
    assert name.startswith("Unnamed author (Experienced journalist")
    assert author_list.index(name, Column.ARTICLES).data() == "2"
    attention = author_list.index(name, Column.ATTENTION)
    assert attention.data() == NEEDS_NAME_TEXT
    assert attention.data(NEEDS_NAME_ROLE) is True
    assert "give this author a name" in attention.data(Qt.ItemDataRole.ToolTipRole)


def test_named_author_has_no_marker(make_author, panel: AuthorsPanel, author_list) -> None:
    make_author("Ann Smith")
    panel.refresh()
    assert author_list.index("Ann Smith", Column.ATTENTION).data() == ""
    assert author_list.index("Ann Smith", Column.ARTICLES).data() == "0"


def test_search_narrows_the_list(qtbot, make_author, panel: AuthorsPanel, author_list) -> None:
    make_author("Ann Smith", "Courts reporter.", specialties="crime")
    make_author("Bob Jones", "Sports desk.")
    panel.refresh()
    assert author_list.names() == ["Ann Smith", "Bob Jones"]
    qtbot.keyClicks(panel.search_edit, "crime")
    assert author_list.names() == ["Ann Smith"]
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "sports")
    assert author_list.names() == ["Bob Jones"]


def test_needs_name_filter_shows_only_provisional_authors(
    imported_samples, make_author, panel: AuthorsPanel, author_list
) -> None:
    make_author("Ann Smith")
    panel.refresh()
    assert len(author_list.names()) == 2
    panel.needs_name_filter.setChecked(True)
    [name] = author_list.names()
    assert name.startswith("Unnamed author")
    panel.needs_name_filter.setChecked(False)
    assert len(author_list.names()) == 2


def test_filtering_out_the_open_author_keeps_the_profile(
    qtbot, make_author, panel: AuthorsPanel, author_list
) -> None:
    ann = make_author("Ann Smith")
    make_author("Bob Jones")
    panel.refresh()
    panel.select_author(ann.id)
    qtbot.keyClicks(panel.search_edit, "Bob")
    assert author_list.names() == ["Bob Jones"]
    assert author_list.current_name() is None
    assert panel.form.name_edit.text() == "Ann Smith"
    panel.search_edit.clear()
    assert author_list.current_name() == "Ann Smith"


def test_select_author_clears_a_filter_that_hides_it(
    make_author, panel: AuthorsPanel, author_list
) -> None:
    ann = make_author("Ann Smith")
    panel.needs_name_filter.setChecked(True)
    assert author_list.names() == []
    assert panel.select_author(ann.id)
    assert not panel.needs_name_filter.isChecked()
    assert author_list.current_name() == "Ann Smith"


def test_photo_shows_as_list_icon(context, make_author, image_file) -> None:
    plain = make_author("Ann Smith")
    pictured = make_author("Bob Jones")
    photo = image_file("bob.png", 40, 40, "#ff0000").read_bytes()
    context.authors.update(pictured.id, AuthorChanges("Bob Jones", "Bob writes.", photo=photo))
    model = AuthorListModel(context.authors)
    model.load()
    icons = {
        model.index(row, 0).data(): model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
        for row in range(model.rowCount())
    }
    assert plain.display_name in icons
    bob = icons["Bob Jones"]
    assert isinstance(bob, QIcon)
    image = bob.pixmap(24, 24).toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).name() == "#ff0000"


def test_every_control_is_named_for_automation_and_assistive_tools(panel: AuthorsPanel) -> None:
    for name in (
        "authorList",
        "authorNameEdit",
        "authorBioEdit",
        "authorEmailEdit",
        "authorPhoto",
        "authorWebsiteEdit",
        "authorSpecialtiesEdit",
        "authorSearch",
        "authorNeedsNameFilter",
        "authorSaveButton",
        "authorMergeButton",
        "authorDeleteButton",
        "authorArticles",
        "authorNewButton",
    ):
        assert panel.findChild(QWidget, name) is not None, name
    controls = [
        widget
        for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QAbstractItemView)
        for widget in panel.findChildren(kind)
        # The clear button inside the search field is the field's own part.
        if not isinstance(widget.parentWidget(), QLineEdit)
        # Qt's own parts of a table (the corner button) are not controls of ours.
        and not widget.objectName().startswith("qt_")
    ]
    assert controls
    unnamed = [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []
