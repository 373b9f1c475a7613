from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt

from database.choices import CommentSelection
from database.services.exporting import export_articles
from database.services.importing import Importer
from database.statuses import ArticleStatus
from database.textformat import parse_bytes
from desktop.authors import prompts
from desktop.authors.list_model import Column
from desktop.authors.panel import AuthorsPanel
from desktop.authors.prompts import UnsavedChoice


def provisional_id(context) -> int:
    [author] = context.authors.list(needs_name_only=True)
    return author.id


def test_naming_the_provisional_author_clears_needs_name(
    qtbot, context, imported_samples, panel: AuthorsPanel, author_list
) -> None:
    author_id = provisional_id(context)
    assert panel.select_author(author_id)
    assert panel.form.notice.isVisibleTo(panel)
    assert not panel.save_button.isEnabled()
    panel.form.name_edit.clear()
    qtbot.keyClicks(panel.form.name_edit, "Jo Bloggs")
    assert panel.save_button.isEnabled()
    with qtbot.waitSignal(panel.authorsChanged):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = context.authors.get(author_id)
    assert (saved.display_name, saved.needs_name) == ("Jo Bloggs", False)
    assert author_list.names() == ["Jo Bloggs"]
    assert author_list.current_name() == "Jo Bloggs"
    assert author_list.index("Jo Bloggs", Column.ATTENTION).data() == ""
    assert not panel.form.notice.isVisibleTo(panel)
    assert not panel.save_button.isEnabled()


def test_bad_email_is_reported_beside_the_field_and_nothing_is_saved(
    qtbot, make_author, context, panel: AuthorsPanel
) -> None:
    ann = make_author("Ann Smith", email="ann@example.com")
    panel.refresh()
    panel.select_author(ann.id)
    panel.form.email_edit.setText("ann at example")
    panel.form.name_edit.setText("Ann B. Smith")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "is not an email address" in panel.form.error_text("email")
    assert panel.form.findChild(type(panel.form.notice), "authorEmailError").isVisibleTo(panel)
    assert panel.form.error_text("display_name") == ""
    assert panel.form.email_edit.hasFocus()
    assert context.authors.get(ann.id).display_name == "Ann Smith"
    assert panel.save_button.isEnabled()
    # Correcting the field takes the complaint away.
    panel.form.email_edit.setText("ann.b@example.com")
    assert panel.form.error_text("email") == ""


def test_empty_name_is_reported_beside_the_name(
    qtbot, make_author, context, panel: AuthorsPanel
) -> None:
    ann = make_author("Ann Smith")
    panel.refresh()
    panel.select_author(ann.id)
    panel.form.name_edit.setText("   ")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.error_text("display_name") == "A name is needed."
    assert context.authors.get(ann.id).display_name == "Ann Smith"


@pytest.fixture
def two_authors(make_author, panel: AuthorsPanel):
    ann, bob = make_author("Ann Smith"), make_author("Bob Jones")
    panel.refresh()
    panel.select_author(ann.id)
    panel.form.name_edit.setText("Ann Edited")
    return ann, bob


def answer_unsaved(monkeypatch, choice: UnsavedChoice) -> list[str]:
    asked: list[str] = []

    def ask(_parent, name: str) -> UnsavedChoice:
        asked.append(name)
        return choice

    monkeypatch.setattr(prompts, "ask_unsaved_changes", ask)
    return asked


def test_switching_with_unsaved_changes_and_cancel_keeps_the_edit(
    qtbot, monkeypatch, context, two_authors, panel: AuthorsPanel, author_list
) -> None:
    ann, _bob = two_authors
    asked = answer_unsaved(monkeypatch, UnsavedChoice.CANCEL)
    author_list.click("Bob Jones")
    qtbot.waitUntil(lambda: asked == ["Ann Smith"])
    qtbot.waitUntil(lambda: author_list.current_name() == "Ann Smith")
    assert panel.list_view.selectionModel().selectedRows() == [author_list.index("Ann Smith")]
    assert panel.form.name_edit.text() == "Ann Edited"
    assert panel.save_button.isEnabled()
    assert context.authors.get(ann.id).display_name == "Ann Smith"


def test_switching_and_saving_saves_then_opens_the_other(
    qtbot, monkeypatch, context, two_authors, panel: AuthorsPanel, author_list
) -> None:
    ann, _bob = two_authors
    asked = answer_unsaved(monkeypatch, UnsavedChoice.SAVE)
    author_list.click("Bob Jones")
    qtbot.waitUntil(lambda: panel.form.name_edit.text() == "Bob Jones")
    assert asked == ["Ann Smith"]
    assert context.authors.get(ann.id).display_name == "Ann Edited"
    assert author_list.current_name() == "Bob Jones"


def test_switching_and_discarding_drops_the_edit(
    qtbot, monkeypatch, context, two_authors, panel: AuthorsPanel
) -> None:
    ann, bob = two_authors
    answer_unsaved(monkeypatch, UnsavedChoice.DISCARD)
    assert panel.select_author(bob.id)
    assert panel.form.name_edit.text() == "Bob Jones"
    assert context.authors.get(ann.id).display_name == "Ann Smith"


def test_maybe_save_reports_cancel_for_the_window(
    monkeypatch, two_authors, panel: AuthorsPanel
) -> None:
    answer_unsaved(monkeypatch, UnsavedChoice.CANCEL)
    assert panel.maybe_save() is False
    answer_unsaved(monkeypatch, UnsavedChoice.DISCARD)
    assert panel.maybe_save() is True
    assert panel.form.name_edit.text() == "Ann Smith"
    # Nothing left unsaved: nobody is asked again.
    monkeypatch.setattr(prompts, "ask_unsaved_changes", None)
    assert panel.maybe_save() is True


def test_new_author_is_created_and_selected(
    qtbot, context, panel: AuthorsPanel, author_list
) -> None:
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.form.isEnabled()
    assert not panel.delete_button.isEnabled()
    qtbot.keyClicks(panel.form.name_edit, "Cara Doyle")
    qtbot.keyClicks(panel.form.bio_edit, "Cara covers the council.")
    panel.form.website_edit.setText("https://cara.example.com")
    with qtbot.waitSignal(panel.authorsChanged):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    [cara] = context.authors.list()
    detail = context.authors.get(cara.id)
    assert (detail.bio, detail.website) == ("Cara covers the council.", "https://cara.example.com")
    assert author_list.current_name() == "Cara Doyle"
    assert panel.delete_button.isEnabled()


def test_bio_stays_one_paragraph(qtbot, make_author, panel: AuthorsPanel) -> None:
    ann = make_author("Ann Smith", "Ann writes.")
    panel.refresh()
    panel.select_author(ann.id)
    bio = panel.form.bio_edit
    bio.moveCursor(bio.textCursor().MoveOperation.End)
    qtbot.keyClick(bio, Qt.Key.Key_Return)
    qtbot.keyClicks(bio, " More")
    pasted = QMimeData()
    pasted.setText(" Line one\nline two\r\n")
    bio.insertFromMimeData(pasted)
    assert bio.toPlainText() == "Ann writes. More Line one line two "


def test_articles_are_listed_and_open_on_double_click(
    qtbot, context, imported_samples, panel: AuthorsPanel
) -> None:
    [swift] = [a for a in context.articles.summaries(context.articles.ids()) if "Swift" in a.title]
    article = context.articles.get(swift.id)
    context.articles.save(
        swift.id,
        title=article.title,
        body=article.body,
        status=ArticleStatus.ARCHIVED,
        author_id=article.author_id,
        notes="",
        expected_version=article.version,
        user="test",
    )
    panel.select_author(provisional_id(context))
    view = panel.articles_view
    qtbot.waitUntil(lambda: view.row_count() == 2)  # read in the background
    rows = [view.row_texts(row) for row in range(view.row_count())]
    assert rows == [
        ("Child protection good – but could be better", "Published"),
        ("Swift action on children's social care", "Archived"),
    ]
    expected = view.article_ids()[1]
    assert context.articles.get(expected).title == rows[1][0]
    rect = view.visualRect(view.model().index(1, 0))
    with qtbot.waitSignal(panel.articleOpenRequested) as opened:
        # A real double-click: Qt 6's test double-click alone lacks the first click.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [expected]


def test_reimport_after_bio_edit_finds_the_same_author(
    qtbot, database, context, samples: list[Path], panel: AuthorsPanel, author_list
) -> None:
    Importer(database.session_factory).run(samples[:1])
    panel.refresh()
    author_id = provisional_id(context)
    panel.select_author(author_id)
    panel.form.name_edit.setText("Jo Bloggs")
    panel.form.bio_edit.setPlainText("Jo has covered Warrington for forty years.")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.known_bios.text() == "Imports also recognise this author by 1 earlier bio."

    Importer(database.session_factory).run(samples[1:])
    panel.refresh()
    assert author_list.names() == ["Jo Bloggs"]
    assert author_list.index("Jo Bloggs", Column.ARTICLES).data() == "2"
    qtbot.waitUntil(lambda: panel.articles_view.row_count() == 2)  # read in the background


def test_export_prints_the_bio_as_edited(
    qtbot, database, context, imported_samples, panel: AuthorsPanel, tmp_path: Path
) -> None:
    panel.select_author(provisional_id(context))
    panel.form.bio_edit.setPlainText("Jo has covered Warrington for forty years.")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    summary = export_articles(database.session_factory, tmp_path, comments=CommentSelection.ALL)
    assert len(summary.written) == 2
    for written in summary.written:
        parsed = parse_bytes(written.path.read_bytes())
        assert parsed.bio == "Jo has covered Warrington for forty years."
