"""Recovery copies are written however steadily someone types: never 5 s behind the text.

The copy is written after a 2 s pause, and also at most AUTOSAVE_MAX_WAIT_MS after the first
change it lacks; before that second timer, typing with no 2 s pause kept no copy at all.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.articles.editor import AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, ArticleEditor
from desktop.articles.recovery import RecoveryStore, default_recovery_folder
from desktop.context import AppContext
from desktop.main_window import MainWindow

BEHIND_LIMIT_S = 5.0


class SteadyTypist:
    """Types a character every `interval_ms` into the body, never pausing, for `seconds`;
    remembers when each length of text was reached."""

    def __init__(self, editor: ArticleEditor, interval_ms: int, seconds: float) -> None:
        self._edit = editor.form.body_edit
        self._end = time.monotonic() + seconds
        self.typed: list[tuple[float, str]] = []  # (when, the body just after that key)
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._type)
        self._timer.start()

    @property
    def done(self) -> bool:
        return not self._timer.isActive()

    def _type(self) -> None:
        if time.monotonic() >= self._end:
            self._timer.stop()
            return
        self._edit.moveCursor(QTextCursor.MoveOperation.End)
        self._edit.insertPlainText("abcdefghij"[len(self.typed) % 10])
        self.typed.append((time.monotonic(), self._edit.toPlainText()))

    def text_as_of(self, moment: float) -> str:
        """The body as it was at `moment` ("" before the first key)."""
        earlier = [text for when, text in self.typed if when <= moment]
        return earlier[-1] if earlier else ""


def on_disk(store: RecoveryStore, key: str) -> str:
    copy = store.load(key)
    return "" if copy is None else copy.body


def test_steady_typing_in_the_window_is_never_more_than_5_s_from_disk(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Real timers, as a person types: a key every 100 ms for 7 s, no 2 s pause."""
    assert AUTOSAVE_DELAY_MS == 2000  # the pause that steady typing never makes
    editor = window.editor
    assert editor.new_article()
    store = RecoveryStore(default_recovery_folder())
    typist = SteadyTypist(editor, interval_ms=100, seconds=7.0)
    checks: list[tuple[float, str, str]] = []  # (when, what was typed 5 s before, on disk)

    def check() -> None:
        now = time.monotonic()
        checks.append(
            (now, typist.text_as_of(now - BEHIND_LIMIT_S), on_disk(store, editor.recovery_key))
        )

    checker = QTimer()
    checker.setInterval(250)
    checker.timeout.connect(check)
    checker.start()
    qtbot.waitUntil(lambda: typist.done, timeout=15_000)
    checker.stop()
    check()

    assert len(typist.typed) > 50  # typed all along, no pause of 2 s
    assert max(b[0] - a[0] for a, b in itertools.pairwise(typist.typed)) < 2
    late = [
        (round(now - typist.typed[0][0], 1), len(wanted), len(kept))
        for now, wanted, kept in checks
        if not kept.startswith(wanted)
    ]
    assert late == []  # (seconds into the typing, characters 5 s before, characters on disk)
    assert len(checks[-1][1]) > 10  # the last check had real text to find: 2 s of typing


def test_the_first_change_since_the_last_copy_starts_a_deadline_keys_do_not_move(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    """Scaled timers: a 200 ms pause, a 400 ms deadline, a key every 20 ms."""
    store = RecoveryStore(tmp_path / "recovery")
    editor = ArticleEditor(context, store, autosave_delay_ms=200, autosave_max_wait_ms=400)
    qtbot.addWidget(editor)
    assert editor.new_article()
    typist = SteadyTypist(editor, interval_ms=20, seconds=1.5)
    written: list[tuple[float, int]] = []  # (when, characters kept)
    original_save = store.save

    def recording_save(key: str, copy: object) -> None:
        original_save(key, copy)  # type: ignore[arg-type]
        written.append((time.monotonic(), len(copy.body)))  # type: ignore[attr-defined]

    store.save = recording_save  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: typist.done, timeout=5_000)
    assert editor.autosave_timer.isActive()  # the pause timer never ran out while typing
    assert len(written) >= 3  # a copy about every 400 ms, though the typing never paused
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(written)]
    assert all(gap < 0.8 for gap in gaps), gaps
    assert [length for _, length in written] == sorted(length for _, length in written)
    # Once the typing stops, the pause writes the rest.
    qtbot.waitUntil(
        lambda: on_disk(store, editor.recovery_key) == editor.form.body_edit.toPlainText()
    )
    assert AUTOSAVE_MAX_WAIT_MS < BEHIND_LIMIT_S * 1000
