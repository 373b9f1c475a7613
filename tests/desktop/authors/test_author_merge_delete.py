import pytest
from PySide6.QtCore import Qt

from database.services.articles import ArticleFilter
from database.services.authors import AuthorSummary
from desktop.authors import prompts
from desktop.authors.delete_dialog import DeleteAuthorDialog
from desktop.authors.list_model import Column
from desktop.authors.merge_dialog import MergeAuthorsDialog, MergeChoice
from desktop.authors.panel import AuthorsPanel
from desktop.authors.prompts import UnsavedChoice


def summary(author_id: int, name: str, count: int = 0, needs_name: bool = False) -> AuthorSummary:
    return AuthorSummary(author_id, name, needs_name, count, False)


@pytest.fixture
def staff(context, make_author):
    """Jo (one article, an email), a provisional duplicate of Jo (two articles), Kim (none)."""
    jo = make_author("Jo Bloggs", "Jo's bio.", email="jo@example.com")
    twin = make_author("Unnamed author (Jo...)", "Jo's older bio.")
    kim = make_author("Kim Lee", "Kim's bio.")
    context.articles.create("Jo one", "x", author_id=jo.id)
    context.articles.create("Twin one", "x", author_id=twin.id)
    context.articles.create("Twin two", "x", author_id=twin.id)
    return jo, twin, kim


def test_merge_moves_articles_and_bios_to_the_kept_profile(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel, author_list
) -> None:
    jo, twin, kim = staff
    panel.refresh()
    panel.select_author(twin.id)
    offered: list[tuple[AuthorSummary, list[AuthorSummary]]] = []

    def choose(_parent, current, others) -> MergeChoice:
        offered.append((current, list(others)))
        return MergeChoice(keep_id=jo.id, remove_id=current.id)

    monkeypatch.setattr(MergeAuthorsDialog, "choose", choose)
    with qtbot.waitSignal(panel.authorsChanged):
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    [(current, others)] = offered
    assert (current.id, current.article_count) == (twin.id, 2)
    assert [other.id for other in others] == [jo.id, kim.id]
    assert author_list.names() == ["Jo Bloggs", "Kim Lee"]
    assert author_list.index("Jo Bloggs", Column.ARTICLES).data() == "3"
    assert author_list.current_name() == "Jo Bloggs"
    assert panel.form.name_edit.text() == "Jo Bloggs"
    qtbot.waitUntil(lambda: panel.articles_view.row_count() == 3)  # read in the background
    assert context.authors.find_by_bio("Jo's older bio.") == jo.id
    assert context.authors.get(jo.id).email == "jo@example.com"


def test_cancelled_merge_changes_nothing(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel
) -> None:
    _jo, twin, _kim = staff
    panel.refresh()
    panel.select_author(twin.id)
    monkeypatch.setattr(MergeAuthorsDialog, "choose", lambda *_args: None)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert len(context.authors.list()) == 3


def test_merge_asks_about_unsaved_changes_first(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel
) -> None:
    _jo, twin, _kim = staff
    panel.refresh()
    panel.select_author(twin.id)
    panel.form.name_edit.setText("Jo B.")
    monkeypatch.setattr(prompts, "ask_unsaved_changes", lambda *_args: UnsavedChoice.CANCEL)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)  # the dialog would fail
    assert panel.form.name_edit.text() == "Jo B."


def test_merge_dialog_prefers_keeping_the_named_profile(qtbot) -> None:
    current = summary(2, "Unnamed author (Jo...)", 2, needs_name=True)
    others = [summary(1, "Jo Bloggs", 1), summary(3, "Kim Lee")]
    dialog = MergeAuthorsDialog(current, others)
    qtbot.addWidget(dialog)
    assert dialog.choice() == MergeChoice(keep_id=1, remove_id=2)
    assert dialog.keep_other.text() == "Jo Bloggs (1 article)"
    dialog.keep_current.setChecked(True)
    assert dialog.choice() == MergeChoice(keep_id=2, remove_id=1)
    dialog.other_combo.setCurrentIndex(1)
    assert dialog.choice() == MergeChoice(keep_id=3, remove_id=2)


def test_delete_hands_articles_to_the_chosen_successor(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel, author_list
) -> None:
    jo, twin, kim = staff
    panel.refresh()
    panel.select_author(twin.id)
    offered: list[list[int]] = []

    def choose(_parent, author, candidates) -> int:
        assert author.id == twin.id
        offered.append([candidate.id for candidate in candidates])
        return kim.id

    monkeypatch.setattr(DeleteAuthorDialog, "choose_successor", choose)
    with qtbot.waitSignal(panel.authorsChanged):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert offered == [[jo.id, kim.id]]
    assert author_list.names() == ["Jo Bloggs", "Kim Lee"]
    assert context.articles.count(ArticleFilter(author_id=kim.id)) == 2
    assert context.authors.find_by_bio("Jo's older bio.") == kim.id
    assert panel.form.name_edit.text() == "Kim Lee"
    assert author_list.current_name() == "Kim Lee"


def test_cancelled_delete_keeps_the_author(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel
) -> None:
    _jo, twin, _kim = staff
    panel.refresh()
    panel.select_author(twin.id)
    monkeypatch.setattr(DeleteAuthorDialog, "choose_successor", lambda *_args: None)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert context.authors.get(twin.id).display_name == "Unnamed author (Jo...)"


@pytest.mark.parametrize("confirmed", [True, False])
def test_author_without_articles_is_deleted_after_a_confirmation(
    qtbot, monkeypatch, context, staff, panel: AuthorsPanel, author_list, confirmed: bool
) -> None:
    _jo, _twin, kim = staff
    panel.refresh()
    panel.select_author(kim.id)
    asked: list[str] = []

    def confirm(_parent, name: str) -> bool:
        asked.append(name)
        return confirmed

    monkeypatch.setattr(prompts, "confirm_delete", confirm)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Kim Lee"]
    assert ("Kim Lee" in author_list.names()) is not confirmed
    if confirmed:
        assert not panel.form.isEnabled()
        assert not panel.delete_button.isEnabled()


def test_last_author_with_articles_cannot_be_deleted(
    qtbot, monkeypatch, context, imported_samples, panel: AuthorsPanel
) -> None:
    [only] = context.authors.list()
    panel.select_author(only.id)
    messages: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _parent, text: messages.append(text))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "no other author to take them over" in messages[0]
    assert context.authors.list() == [only]


def test_delete_dialog_offers_the_candidates(qtbot) -> None:
    author = summary(2, "Unnamed author", 2)
    dialog = DeleteAuthorDialog(author, [summary(1, "Jo Bloggs", 1), summary(3, "Kim Lee")])
    qtbot.addWidget(dialog)
    combo = dialog.successor_combo
    assert [combo.itemText(row) for row in range(combo.count())] == [
        "Jo Bloggs (1 article)",
        "Kim Lee (0 articles)",
    ]
    assert dialog.successor_id() == 1
    combo.setCurrentIndex(1)
    assert dialog.successor_id() == 3
