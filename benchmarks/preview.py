"""Preview: a 25 KB article as someone types into it, against one frame.

The editor renders (Markdown, then nh3's sanitising, then Qt's reading of the HTML into a
document) on a worker thread and shows the document on the GUI thread. Three figures: what the
GUI thread spends on an update (the QTextBrowser taking the document and painting it); the
longest the event loop stalls while someone types and the previews keep coming (a 1 ms timer
ticking throughout, renders in the background holding the interpreter lock too); and what a
render costs on the worker, against the typing pause that comes before it.
"""

from __future__ import annotations

import itertools
import os
import random
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.corpus import Corpus
from benchmarks.report import Figure, median_of, percentile, timed
from desktop.articles.editor_form import PREVIEW_DELAY_MS
from desktop.articles.preview import PreviewBrowser, build_document, render_html

GROUP = "preview"
FRAME_S = 1 / 60
SIZE = 25_000
RENDERS = 30
TYPING_MS = 40  # a fast typist: 25 keys a second, each one asking for a preview


def article_text(seed: int) -> str:
    """25 KB of article: paragraphs, headings, lists, emphasis, links, a quote, a table."""
    corpus = Corpus.create(seed)
    rng = random.Random(seed)
    blocks: list[str] = []
    while sum(len(block) + 1 for block in blocks) < SIZE:
        text = " ".join(rng.choices(corpus.sentences, k=rng.randint(1, 4)))
        kind = rng.random()
        if kind < 0.08:
            blocks.append("## " + text[:60].rstrip("."))
        elif kind < 0.2:
            blocks.extend(f"- {sentence}" for sentence in rng.sample(corpus.sentences, 3))
        elif kind < 0.25:
            blocks.append(f"> {text}")
        elif kind < 0.3:
            blocks.append(
                f"See **{text[:30]}** at [the council](https://example.org/{len(blocks)})."
            )
        elif kind < 0.32:
            blocks.extend(["| Ward | Votes |", "| --- | --- |", "| North | 1,204 |"])
        else:
            blocks.append(text)
    return "\n".join(blocks)[:SIZE]


def figures(seed: int, runs: int) -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    text = article_text(seed)
    browser = PreviewBrowser()
    browser.resize(640, 800)
    browser.show()
    render_html(text)  # the first render builds the Markdown converter
    count = max(RENDERS, runs * RENDERS // 5)
    # A character changed each time, as when typing: nothing is cached between renders.
    edits = [text[:-1] + "abcdefghij"[render % 10] for render in range(count)]
    rendering = [timed(lambda edited=edited: render_html(edited)) for edited in edits]
    shown: list[float] = []
    for edited in edits:
        # Built on the worker in the editor: not the GUI thread's share.
        document = build_document(render_html(edited), browser._document_style(), app.thread())

        def show(document: object = document) -> None:
            browser._show_document(document)  # type: ignore[arg-type]
            browser.viewport().repaint()

        shown.append(timed(show))
    stall = longest_stall_while_typing(app, browser, edits)
    label = f"{len(text.encode()) // 1000} KB of Markdown"
    return [
        Figure(GROUP, f"GUI thread per update, median, {label}", median_of(shown), FRAME_S,
               "one frame", 1),
        Figure(GROUP, f"GUI thread per update, 95th percentile, {label}",
               percentile(shown, 0.95), FRAME_S, "one frame", 1),
        Figure(GROUP, f"longest event-loop stall while typing, {len(edits)} previews", stall,
               FRAME_S, "one frame", 1),
        Figure(GROUP, f"render on the worker, 95th percentile, {label}",
               percentile(rendering, 0.95), PREVIEW_DELAY_MS / 1000, "typing pause", 1),
    ]  # fmt: skip


def longest_stall_while_typing(
    app: QApplication, browser: PreviewBrowser, edits: list[str]
) -> float:
    """Type a change every TYPING_MS, each asking for a preview as the editor does, until all
    were asked for and shown; the longest gap between two ticks of a 1 ms timer meanwhile."""
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    pending = list(edits)
    typist = QTimer()
    typist.setInterval(TYPING_MS)
    typist.timeout.connect(lambda: browser.show_markdown_soon(pending.pop(0)) if pending else None)
    done = QEventLoop()
    watcher = QTimer()
    watcher.setInterval(5)
    watcher.timeout.connect(lambda: done.quit() if not pending and not browser.rendering else None)
    for timer in (ticker, typist, watcher):
        timer.start()
    ticks.append(time.perf_counter())
    done.exec()
    for timer in (ticker, typist, watcher):
        timer.stop()
    app.processEvents()
    return max(later - earlier for earlier, later in itertools.pairwise(ticks))
