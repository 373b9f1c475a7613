"""Preview: a 25 KB article rendered to the sanitised preview and shown, against one frame.

What the editor does after a typing pause, on the GUI thread: Markdown to HTML, nh3's
sanitising, and the QTextBrowser taking the HTML and painting it.
"""

from __future__ import annotations

import os
import random

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks.corpus import Corpus
from benchmarks.report import Figure, median_of, percentile, timed
from desktop.articles.preview import PreviewBrowser

GROUP = "preview"
FRAME_S = 1 / 60
SIZE = 25_000
RENDERS = 30


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
    browser.show_markdown(text)  # the first render builds the Markdown converter
    samples = []
    for render in range(max(RENDERS, runs * RENDERS // 5)):
        # A character changed each time, as when typing: nothing is cached between renders.
        edited = text[:-1] + "abcdefghij"[render % 10]

        def show(edited: str = edited) -> None:
            browser.show_markdown(edited)
            browser.viewport().repaint()

        samples.append(timed(show))
    app.processEvents()
    label = f"render and show {len(text.encode()) // 1000} KB of Markdown"
    return [
        Figure(GROUP, f"median, {label}", median_of(samples), FRAME_S, "one frame", 1),
        Figure(GROUP, f"95th percentile, {label}", percentile(samples, 0.95), FRAME_S,
               "one frame", 1),
    ]  # fmt: skip
