"""The "?" list of the moderation keys: a table like the F1 list, whole without scrolling."""

from PySide6.QtWidgets import QApplication

from desktop.moderation.actions import KEYS
from desktop.moderation.key_help import ModerationKeysDialog, show_key_help
from desktop.moderation.panel import ModerationPanel


def test_question_mark_lists_every_key_in_a_table(qtbot, panel: ModerationPanel) -> None:
    dialog = show_key_help(panel)
    qtbot.waitExposed(dialog)
    assert isinstance(dialog, ModerationKeysDialog)
    assert not dialog.isModal()  # it can stay open beside the queue
    text = dialog.text.toPlainText()
    for keys, meaning in KEYS:
        assert keys in text
        assert meaning[:1].upper() + meaning[1:] in text
    # A table, as in Help → Keyboard shortcuts: each key and its meaning in their own cells.
    assert "<table" in dialog.text.toHtml()
    # Whole without scrolling, and within a 1024 × 700 screen.
    qtbot.waitUntil(lambda: dialog.text.document().size().height() > 0)
    assert dialog.text.verticalScrollBar().maximum() == 0
    assert dialog.text.horizontalScrollBar().maximum() == 0
    assert dialog.width() <= 1024 and dialog.height() <= 700


def test_asking_again_raises_the_same_list(qtbot, panel: ModerationPanel) -> None:
    first = show_key_help(panel)
    second = show_key_help(panel)
    assert first is second
    assert len(panel.findChildren(ModerationKeysDialog)) == 1
    first.close()
    QApplication.processEvents()
