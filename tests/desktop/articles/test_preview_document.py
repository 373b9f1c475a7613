"""The preview's document is built off the GUI thread; showing it costs the GUI under a frame."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from desktop.articles import preview
from desktop.articles.preview import PreviewBrowser, PreviewDocument
from desktop.articles.preview_limits import BREAK

FRAME_S = 1 / 60
HOSTILE_BODIES = {
    "20,000 >": ">" * 20_000,
    "20,000 * in a line": "Stars " + "*" * 20_000,
    "20,000 [": "[" * 20_000,
    "6,000 nested <b>": "<b>" * 6_000 + "deep" + "</b>" * 6_000,
}


def shown_browser(qtbot: QtBot) -> PreviewBrowser:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.resize(420, 700)
    browser.show()
    qtbot.waitExposed(browser)
    return browser


def preview_of(qtbot: QtBot, browser: PreviewBrowser, text: str) -> None:
    browser.show_markdown_soon(text)
    qtbot.waitUntil(lambda: not browser.rendering, timeout=30_000)


def test_the_document_is_read_from_html_on_a_worker_and_shown_on_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_on: list[bool] = []
    original = preview.build_document

    def spying_build(*arguments: object) -> PreviewDocument:
        built_on.append(threading.current_thread() is threading.main_thread())
        return original(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(preview, "build_document", spying_build)
    browser = shown_browser(qtbot)

    preview_of(qtbot, browser, "# Title\nSome **bold** words\n> a quote")

    assert built_on == [False]
    document = browser.document()
    assert isinstance(document, PreviewDocument)
    assert document.thread() is browser.thread() and document.parent() is browser
    assert document.toPlainText().split("\n") == ["Title", "Some bold words", "a quote"]
    # Laid out as the browser's own would be: its font, word wrap, the quote's margins.
    assert document.defaultFont() == browser.font()
    assert document.defaultTextOption().wrapMode() == browser.wordWrapMode()
    assert document.defaultStyleSheet() == preview.QUOTE_STYLE


def test_each_preview_replaces_the_document_before_it(qtbot: QtBot) -> None:
    browser = shown_browser(qtbot)
    for number in range(5):
        preview_of(qtbot, browser, f"Draft {number}")
    qtbot.wait(1)  # the replaced documents' deleteLater
    assert browser.toPlainText().strip() == "Draft 4"
    assert len(browser.findChildren(PreviewDocument)) == 1


def test_a_document_built_off_the_gui_thread_loads_no_resources_either(qtbot: QtBot) -> None:
    browser = shown_browser(qtbot)
    preview_of(qtbot, browser, "An article")
    document = browser.document()

    loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("file:///etc/passwd"))

    assert not loaded
    assert "file:///etc/passwd" in browser.blocked_resources


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_showing_a_hostile_preview_costs_the_gui_thread_under_a_frame(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """From the finished render's arrival on the GUI thread to the preview painted (Qt lays
    out the rest in steps of its own), in the GUI thread's own processor time: other work
    shares the machine. The best of three."""
    browser = shown_browser(qtbot)
    shown: list[float] = []
    original = PreviewBrowser._rendered

    def timed(self: PreviewBrowser, result: tuple[int, preview.Rendered, PreviewDocument]) -> None:
        started = time.thread_time()
        original(self, result)
        self.viewport().repaint()
        shown.append(time.thread_time() - started)

    monkeypatch.setattr(PreviewBrowser, "_rendered", timed)
    body = HOSTILE_BODIES[name]
    for typed in ("", " a", " b"):
        preview_of(qtbot, browser, body + typed)

    print(f"\n{name}: GUI share {[round(s * 1000, 1) for s in shown]} ms")
    assert min(shown) < FRAME_S
    assert browser.toPlainText().replace(BREAK, "").endswith("b")
