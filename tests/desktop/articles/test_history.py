from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.articles.history import RevisionHistoryDialog
from desktop.context import AppContext


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
    assert labels[0].startswith("Current version")
    assert labels[1].startswith("Revision 2 · bob · ")
    assert labels[2].startswith("Revision 1 · alice · ")
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
    assert shown.startswith("Title\nNo changes.\nText\n⋯ 20 unchanged paragraphs ⋯\n")
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
