from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from database.models import ArticleRevision
from database.services.authors import AuthorChanges, AuthorService
from database.statuses import ArticleStatus
from desktop.articles.history import RevisionHistoryDialog
from desktop.context import AppContext
from desktop.main_window import MainWindow


@pytest.fixture
def article_id(context: AppContext, imported_samples: list[Path]) -> int:
    """An imported article saved twice since: two revisions."""
    article = context.articles.get(context.articles.ids()[0])
    for title, user in (("Second title", "alice"), ("Third title", "bob")):
        article = context.articles.save(
            article.id,
            title=title,
            body=article.body + f"\nA line by {user}.",
            status=article.status,
            author_id=article.author_id,
            notes=article.notes,
            expected_version=article.version,
            user=user,
        )
    return article.id


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext, article_id: int) -> RevisionHistoryDialog:
    shown = RevisionHistoryDialog(context, article_id)
    qtbot.addWidget(shown)
    return shown


def test_lists_current_version_then_revisions_newest_first(
    dialog: RevisionHistoryDialog,
) -> None:
    labels = [dialog.version_list.item(row).text() for row in range(dialog.version_list.count())]
    assert len(labels) == 3
    # Each names who wrote that version: bob the current one, alice the one he replaced, and
    # nobody is named for the imported text.
    assert labels[0].startswith("Current version · bob · ")
    assert labels[1].startswith("Revision 2 · alice · ")
    assert labels[2].startswith("Revision 1 · as created or imported · ")
    assert dialog.from_combo.count() == dialog.to_combo.count() == 3


def test_shows_the_selected_revision_against_the_current_text(
    dialog: RevisionHistoryDialog,
) -> None:
    # Revision 2 is the text as alice left it; bob changed the title and added his line.
    assert dialog.version_list.currentRow() == 1
    assert (dialog.from_combo.currentIndex(), dialog.to_combo.currentIndex()) == (1, 0)
    shown = dialog.comparison.toPlainText()
    assert "Second Third title" in shown  # one word struck out, one put in
    assert "A line by bob." in shown
    html = dialog.comparison.toHtml()
    assert "line-through" in html or "text-decoration" in html


def test_any_two_versions_can_be_compared(dialog: RevisionHistoryDialog) -> None:
    dialog.from_combo.setCurrentIndex(2)
    dialog.to_combo.setCurrentIndex(1)
    shown = dialog.comparison.toPlainText()
    assert "A line by alice." in shown and "A line by bob." not in shown


def test_restore_returns_the_selected_revision(
    dialog: RevisionHistoryDialog, context: AppContext, article_id: int
) -> None:
    dialog.version_list.setCurrentRow(0)
    assert not dialog.restore_button.isEnabled()  # the current version is not a revision
    dialog.version_list.setCurrentRow(2)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    oldest = context.articles.revisions(article_id)[-1]
    assert dialog.chosen_revision_id == oldest.id


def test_choose_revision_returns_none_when_closed(
    qtbot: QtBot, context: AppContext, article_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RevisionHistoryDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert RevisionHistoryDialog.choose_revision(None, context, article_id) is None

    def restore(self: RevisionHistoryDialog) -> int:
        self.version_list.setCurrentRow(1)
        self.restore_selected()
        return self.result()

    monkeypatch.setattr(RevisionHistoryDialog, "exec", restore)
    chosen = RevisionHistoryDialog.choose_revision(None, context, article_id)
    assert chosen == context.articles.revisions(article_id)[0].id


def test_an_unchanged_article_has_only_its_current_version(
    qtbot: QtBot, context: AppContext
) -> None:
    created = context.articles.create("Fresh", "Text")
    shown = RevisionHistoryDialog(context, created.id)
    qtbot.addWidget(shown)
    assert shown.version_list.count() == 1
    assert not shown.restore_button.isEnabled()
    assert not shown.empty_label.isHidden()


# --- changes only, next and previous change -----------------------------------------------


@pytest.fixture
def long_article_id(context: AppContext) -> int:
    """A long article with two changed words far apart, saved once since: one revision."""
    lines = [f"Paragraph {number} says nothing new at all today." for number in range(200)]
    article = context.articles.create("Long one", "\n".join(lines))
    lines[20] = lines[20].replace("nothing", "something")
    lines[180] = lines[180].replace("today", "tonight")
    context.articles.save(
        article.id,
        title=article.title,
        body="\n".join(lines),
        status=article.status,
        author_id=article.author_id,
        notes=article.notes,
        expected_version=article.version,
        user="alice",
    )
    return article.id


def selected_change(dialog: RevisionHistoryDialog) -> str:
    return dialog.comparison.textCursor().selectedText()


def test_changes_only_hides_the_unchanged_paragraphs(
    qtbot: QtBot, context: AppContext, long_article_id: int
) -> None:
    dialog = RevisionHistoryDialog(context, long_article_id)
    qtbot.addWidget(dialog)
    assert dialog.changes_only.isChecked()  # the useful view of a long article
    shown = dialog.comparison.toPlainText()
    assert "Paragraph 100" not in shown and "unchanged paragraphs" in shown
    assert "Paragraph 20 says nothing something new" in shown
    assert shown.startswith(
        "Status: Draft\nAuthor: (no author)\n"
        "Title\nNo changes.\nText\n⋯ 20 unchanged paragraphs ⋯\n"
    )
    assert "today. tonight.\n⋯ 19 unchanged paragraphs ⋯" in shown
    dialog.changes_only.setChecked(False)
    assert "Paragraph 100 says" in dialog.comparison.toPlainText()
    assert dialog.change_count == 2  # the same changes to go to in the whole text


def test_next_and_previous_change_by_button_and_key(
    qtbot: QtBot, context: AppContext, long_article_id: int
) -> None:
    dialog = RevisionHistoryDialog(context, long_article_id)
    qtbot.addWidget(dialog)
    dialog.changes_only.setChecked(False)  # a long text to scroll through
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # mnemonics work in the active window only
    assert dialog.change_count == 2 and dialog.change_position.text() == "2 changes"
    assert not dialog.previous_change.isEnabled()
    qtbot.mouseClick(dialog.next_change, Qt.MouseButton.LeftButton)
    assert selected_change(dialog) == "nothing something "
    assert dialog.change_position.text() == "Change 1 of 2"
    top_of_first = dialog.comparison.verticalScrollBar().value()
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.current_change == 1)  # a mnemonic clicks after a flash
    assert selected_change(dialog) == "today. tonight."
    assert dialog.comparison.verticalScrollBar().value() > top_of_first  # scrolled to it
    assert not dialog.next_change.isEnabled() and dialog.previous_change.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.current_change == 0)
    assert selected_change(dialog) == "nothing something "


def test_the_version_list_fits_its_labels_at_1024(
    qtbot: QtBot, dialog: RevisionHistoryDialog
) -> None:
    dialog.resize(1000, 640)  # what a 1024 × 700 screen leaves
    dialog.show()
    qtbot.waitExposed(dialog)
    metrics = dialog.version_list.fontMetrics()
    for row in range(dialog.version_list.count()):
        item = dialog.version_list.item(row)
        room = dialog.version_list.visualItemRect(item).width()
        assert metrics.horizontalAdvance(item.text()) <= room, item.text()
        assert item.toolTip() == item.text()
    assert dialog.minimumSizeHint().width() <= 1000


# --- honest history: who wrote what, status, author, notes, publishing past the checklist --


def history_seen(
    monkeypatch: pytest.MonkeyPatch, look: Callable[[RevisionHistoryDialog], None]
) -> list[RevisionHistoryDialog]:
    """The dialog opens as if a person looked at it (`look`) and then closed it."""
    opened: list[RevisionHistoryDialog] = []

    def shown(self: RevisionHistoryDialog) -> int:
        opened.append(self)
        look(self)
        return self.result()

    monkeypatch.setattr(RevisionHistoryDialog, "exec", shown)
    return opened


def labels_of(dialog: RevisionHistoryDialog) -> list[str]:
    return [dialog.version_list.item(row).text() for row in range(dialog.version_list.count())]


def local_minute(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def save_as(window: MainWindow, qtbot: QtBot, user: str, line: str) -> None:
    window.context.settings.user_name = user
    edit = window.editor.form.body_edit
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, line)
    with qtbot.waitSignal(window.editor.saved):
        window.actions.save.trigger()


def test_two_people_saving_in_turn_are_each_named_in_the_window(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = window.context.articles.create("Harbour works", "Imported text.")
    window.article_list.refresh()
    window.open_article(article.id)
    save_as(window, qtbot, "ann", "Ann's line.")
    by_ann = window.context.articles.get(article.id)
    save_as(window, qtbot, "bob", "Bob's line.")
    by_bob = window.context.articles.get(article.id)
    seen: dict[str, object] = {}

    def look(dialog: RevisionHistoryDialog) -> None:
        seen["labels"] = labels_of(dialog)
        seen["shown"] = dialog.comparison.toPlainText()

    opened = history_seen(monkeypatch, look)
    window.actions.history.trigger()
    assert len(opened) == 1
    assert seen["labels"] == [
        f"Current version · bob · {local_minute(by_bob.updated_at)}",
        f"Revision 2 · ann · {local_minute(by_ann.updated_at)}",
        f"Revision 1 · as created or imported · {local_minute(article.updated_at)}",
    ]
    # Ann's version against the current one: what Bob added.
    assert "Bob's line." in str(seen["shown"]) and "Ann's line." in str(seen["shown"])


@pytest.fixture
def edited_article_id(context: AppContext) -> int:
    """A revision from before Copydesk recorded details, then ann's draft with her author and
    notes, then her version In review, then ed's publish past the checklist."""
    author = AuthorService(context.database.session_factory).create(
        AuthorChanges("Ann Writer", "Ann writes about the harbour.")
    )
    article = context.articles.create(
        "Harbour works", "Text.", author_id=author.id, notes="Check figures", created_by="ann"
    )
    with context.database.session_factory.begin() as session:
        session.add(
            ArticleRevision(
                article_id=article.id,
                number=1,
                title="Harbour works",
                body="Older text.",
                saved_by="cat",
                saved_at=article.updated_at,
            )
        )
    for changes, user, reason in (
        ({"status": ArticleStatus.IN_REVIEW, "notes": "Figures checked"}, "ann", ""),
        ({"status": ArticleStatus.PUBLISHED, "author_id": None}, "ed", "Council sits tonight"),
    ):
        current = context.articles.get(article.id)
        fields = {
            "title": current.title,
            "body": current.body,
            "status": current.status,
            "author_id": current.author_id,
            "notes": current.notes,
        }
        fields.update(changes)
        context.articles.save(
            article.id,
            **fields,  # type: ignore[arg-type]
            expected_version=current.version,
            user=user,
            publish_reason=reason,
        )
    return article.id


def test_the_comparison_shows_status_author_notes_and_why_it_was_published(
    qtbot: QtBot, context: AppContext, edited_article_id: int
) -> None:
    dialog = RevisionHistoryDialog(context, edited_article_id)
    qtbot.addWidget(dialog)
    labels = labels_of(dialog)
    assert labels[0].startswith("Current version · ed · ")
    assert labels[1].startswith("Revision 3 · ann · ")
    assert labels[3].startswith("Revision 1 · replaced by cat · ")  # its writer is not known
    # Selected first: ann's version In review, against the current one that ed published.
    shown = dialog.comparison.toPlainText()
    assert "Published past the checklist: Council sits tonight (ed, " in shown
    assert "Status: In review → Published" in shown
    assert "Author: Ann Writer → (no author)" in shown
    assert dialog.change_count == 2  # the status and the author; the text is the same
    assert "Council sits tonight" in dialog.version_list.item(0).toolTip()
    dialog.version_list.setCurrentRow(2)  # ann's draft
    shown = dialog.comparison.toPlainText()
    assert "Status: Draft → Published" in shown
    assert "Notes\nCheck figures Figures checked" in shown  # one struck out, one put in
    dialog.from_combo.setCurrentIndex(2)
    dialog.to_combo.setCurrentIndex(1)  # draft to review: before the publish
    assert "Published past the checklist" not in dialog.comparison.toPlainText()
    dialog.version_list.setCurrentRow(3)  # kept before status, author and notes were
    shown = dialog.comparison.toPlainText()
    assert "Status: not recorded → Published" in shown
    assert "Author: not recorded → (no author)" in shown
    assert "Notes: not recorded → Figures checked" in shown


def test_restoring_brings_back_status_author_and_notes_in_the_editor(
    window: MainWindow, edited_article_id: int, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    window.open_article(edited_article_id)

    def restore_the_draft(dialog: RevisionHistoryDialog) -> None:
        dialog.version_list.setCurrentRow(2)
        dialog.restore_button.click()

    history_seen(monkeypatch, restore_the_draft)
    messages: list[str] = []
    window.editor.statusMessage.connect(messages.append)
    with qtbot.waitSignal(window.editor.saved):
        window.actions.history.trigger()
    form = window.editor.form
    stored = window.context.articles.get(edited_article_id)
    # The notes and the author come back; Published cannot go back to Draft by a restore.
    assert (stored.notes, stored.author_name, stored.status) == (
        "Check figures",
        "Ann Writer",
        ArticleStatus.PUBLISHED,
    )
    assert form.notes_edit.toPlainText() == "Check figures"
    assert form.author_combo.currentText() == "Ann Writer"
    assert messages[-1].startswith("Revision restored; the status stays Published.")


def test_names_and_reasons_show_as_typed(qtbot: QtBot, context: AppContext) -> None:
    article = context.articles.create("Budget", "Text.", created_by="<b>ann</b>")
    context.articles.save(
        article.id,
        title="Budget",
        body="Text.",
        status=ArticleStatus.IN_REVIEW,
        author_id=None,
        notes="",
        expected_version=article.version,
        user="<i>ed</i>",
        publish_reason="<img src='x'> because",
    )
    dialog = RevisionHistoryDialog(context, article.id)
    qtbot.addWidget(dialog)
    assert labels_of(dialog)[1].startswith("Revision 1 · <b>ann</b> · ")
    shown = dialog.comparison.toPlainText()
    assert "Published past the checklist: <img src='x'> because (<i>ed</i>, " in shown
