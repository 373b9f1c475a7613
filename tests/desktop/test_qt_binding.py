"""Guards against a Qt binding that would crash the app after a few minutes of use."""

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_alive(qtbot) -> None:
    # PySide6 6.12.0 lost a reference to None on every such call; Python aborted after ~5,000.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.clear()
    assert sys.getrefcount(None) - before > -100
