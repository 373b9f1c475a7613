"""The article preview: Markdown rendered, sanitised, and shown without loading anything.

As someone types, the rendering (Markdown and nh3, 10-20 ms for a long article) runs on a
worker thread, and so does Qt's reading of the HTML into a QTextDocument: the GUI thread only
swaps the finished document in (setDocument) and lays out what is on screen, Qt laying out the
rest a thousand characters at a time between events. Keys never wait on it, and neither does
anything else: a preview update costs the GUI thread well under a frame, hostile text too.
Hostile text is bounded first (preview_limits), so that neither the render nor Qt's layout of
its result can take long; a render that fails or runs late is replaced by the plain text.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nh3
import shiboken6
from PySide6.QtCore import QByteArray, QMimeData, QThread, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from desktop import plain_text
from desktop.articles.preview_limits import (
    BREAK,
    FAILED_NOTICE,
    OVERDUE_NOTICE,
    Cut,
    MarkupGuard,
    bound_html,
    bound_markdown,
    break_long_words,
    notice_for,
    notice_html,
    plain_text_html,
)
from desktop.workers import Worker

if TYPE_CHECKING:
    import markdown

log = logging.getLogger(__name__)

EXTENSIONS = ("sane_lists", "fenced_code", "tables")
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "hr", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
QUOTE_STYLE = "blockquote { margin-left: 16px; margin-right: 0px; }"
# A render not shown by then gives way to the plain text (bounded renders take under 0.5 s).
RENDER_DEADLINE_MS = 2000

_LIST_ITEM = re.compile(r"\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)")
_QUOTE = re.compile(r"\s{0,3}>")
_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"( {4}|\t)")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")
_SETEXT_RULE = re.compile(r"\s{0,3}=+\s*")

HTML_BLOCK_PRIORITY = 20  # Python-Markdown's own, for its search for raw HTML blocks
# Markdown objects are not thread-safe, and building one costs more than a small render.
_local = threading.local()


def _markdown() -> markdown.Markdown:
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        import markdown  # when the first article opens: 15 ms less before the window shows

        converter = _local.converter = markdown.Markdown(extensions=list(EXTENSIONS))
        # Before the inline patterns (priority 20): a flood of marks is what slows them.
        converter.treeprocessors.register(MarkupGuard(), "markup_guard", 25)
    return converter


def _bulleted(item: re.Match[str]) -> bool:
    return item.group(1) in "-*+"


def _kept_together(line: str, following: str, in_table: bool, bulleted: bool | None) -> bool:
    """Whether Markdown must see `following` directly under `line` to keep its meaning.

    `bulleted` tells the kind of list `line` belongs to, None if it is in none.
    """
    if bulleted is not None:
        if _INDENTED.match(following):
            return True  # the continuation of a list item, or a nested list
        # A tight list stays tight, but a bulleted and a numbered list are two lists.
        next_item = _LIST_ITEM.match(following)
        return next_item is not None and _bulleted(next_item) == bulleted
    if _INDENTED.match(line):
        return bool(_INDENTED.match(following))  # an indented code block
    if in_table or (_TABLE_RULE.fullmatch(following) and "|" in line):
        return "|" in following
    return bool(_SETEXT_RULE.fullmatch(following))


def one_paragraph_per_line(text: str) -> str:
    """Separate consecutive lines so that each becomes a paragraph, as the archive means them.

    Plain Markdown would join them into one paragraph. Lists, tables, code and setext
    headings are left as they are; consecutive quoted lines become separate quoted paragraphs.
    """
    return "\n".join(_separated(text.splitlines()))


def _separated(lines: list[str]) -> Iterator[str]:
    fence: str | None = None
    in_table = False
    bulleted: bool | None = None
    for index, line in enumerate(lines):
        yield line
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if item := _LIST_ITEM.match(line):
            bulleted = _bulleted(item)
        elif line.strip() and not _INDENTED.match(line):
            bulleted = None
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line.strip() or not following.strip():
            in_table = False
            continue
        if _kept_together(line, following, in_table, bulleted):
            in_table = in_table or ("|" in following and bool(_TABLE_RULE.fullmatch(following)))
            continue
        in_table = False
        if _INDENTED.match(following):
            # Markdown would run it into this paragraph; separated, it would turn into code.
            lines[index + 1] = following.lstrip()
        yield ">" if _QUOTE.match(line) and _QUOTE.match(following) else ""


@dataclass(frozen=True)
class Rendered:
    """An article ready to show: safe HTML, with the notice (if any) as its first paragraph."""

    html: str
    notice: str  # what the preview gave up, in words; "" when the article is shown whole


def render(markdown_text: str) -> Rendered:
    """The body as safe HTML that Qt lays out in bounded time: only the allowed tags,
    attributes and link schemes survive, and what the bounds changed is said above it."""
    bounded = bound_markdown(markdown_text)
    cuts = set(bounded.cuts)
    converter = _markdown()
    guard: MarkupGuard = converter.treeprocessors["markup_guard"]
    html_blocks = converter.preprocessors["html_block"]
    if not bounded.html_blocks:
        converter.preprocessors.deregister("html_block")
    try:
        rendered = converter.convert(one_paragraph_per_line(bounded.text))
        if guard.reached:
            cuts.add(Cut.MARKUP)
    finally:
        converter.reset()
        guard.reset()
        if not bounded.html_blocks:
            converter.preprocessors.register(html_blocks, "html_block", HTML_BLOCK_PRIORITY)
    cleaned = nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    cleaned, html_cuts = bound_html(cleaned)
    cuts |= html_cuts
    notice = notice_for(cuts)
    return Rendered(notice_html(notice) + break_long_words(cleaned), notice)


def render_html(markdown_text: str) -> str:
    """The body as safe HTML (see render)."""
    return render(markdown_text).html


def render_or_plain_text(markdown_text: str) -> Rendered:
    """render, or the plain text under a notice if rendering fails (never expected: the
    bounds keep Markdown from nesting deep enough to exhaust the stack)."""
    try:
        return render(markdown_text)
    except Exception:
        log.exception("the preview could not render an article")
        return as_plain_text(markdown_text, FAILED_NOTICE)


def as_plain_text(markdown_text: str, notice: str) -> Rendered:
    """The text as typed, a paragraph a line, under `notice` (linear time: no Markdown)."""
    return Rendered(plain_text_html(markdown_text, notice), notice)


class PreviewDocument(QTextDocument):
    """A rendered article, built off the GUI thread: it loads nothing, or asks its browser."""

    def loadResource(self, type: int, name: QUrl) -> object:
        browser = self.parent()
        if isinstance(browser, PreviewBrowser):  # which notes what was asked for
            return browser.loadResource(type, name)
        return QByteArray()  # not None: given None, QTextDocument reads local files itself


@dataclass(frozen=True)
class DocumentStyle:
    """What a preview document takes from its browser, captured on the GUI thread."""

    font: QFont
    text_option: QTextOption
    margin: float
    style_sheet: str


def build_document(html: str, style: DocumentStyle, home: QThread) -> PreviewDocument:
    """`html` read into a document as the browser would show it, on the calling thread (a
    worker), and handed over to `home`, the GUI thread, where it is shown."""
    document = PreviewDocument()
    document.setDefaultFont(style.font)
    document.setDefaultTextOption(style.text_option)
    document.setDocumentMargin(style.margin)
    document.setDefaultStyleSheet(style.style_sheet)
    document.setHtml(html)
    document.moveToThread(home)  # only its own thread may hand it over
    return document


def confirm_open_link(parent: QWidget | None, url: QUrl) -> bool:
    """Ask before a link in an article leaves the app: articles come from outside."""
    answer = plain_text.ask(
        parent,
        "Open link",
        f"Open this link in your browser?\n\n{url.toDisplayString()}",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Open


class PreviewBrowser(QTextBrowser):
    """Shows rendered articles; loads no images or files, opens links only when confirmed."""

    linkRefused = Signal(str)  # a link that is not http, https or mailto, as shown to people

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Lines break between words only, never anywhere: Qt lays out a long word broken
        # anywhere in quadratic time (17,000 characters in a narrow column: 2.5 s). Long words
        # carry breaks of their own instead (preview_limits.break_long_words).
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        # Qt indents a quote 40 px on each side: quotes within quotes left no room for words.
        self.document().setDefaultStyleSheet(QUOTE_STYLE)
        self.notice = ""  # what the preview shown gave up, in words; "" for nothing
        # What the text asked to load, for inspection; a set, as Qt asks again on every paint.
        self.blocked_resources: set[str] = set()
        self.anchorClicked.connect(self.open_link)
        # Background rendering: what is being rendered, the newest text waiting for its turn,
        # and a number that tells a result still wanted from one overtaken by later text.
        self._rendering: Worker | None = None
        self._waiting: str | None = None
        self._generation = 0
        # The newest text asked for, until its preview is shown; if that takes longer than
        # RENDER_DEADLINE_MS, the plain text is shown meanwhile.
        self._wanted: str | None = None
        self._deadline = QTimer(self)
        self._deadline.setObjectName("previewRenderDeadline")
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(RENDER_DEADLINE_MS)
        self._deadline.timeout.connect(self._render_overdue)

    def loadResource(self, type: int, name: QUrl) -> QByteArray:
        # Nothing from disk or network: an <img> could read local files or reveal the reader.
        # An empty value, not None: given None, QTextDocument reads local files by itself.
        self.blocked_resources.add(name.toString())
        return QByteArray()

    def show_markdown(self, markdown_text: str) -> None:
        """Render and show `markdown_text` now, on the calling thread (the editor renders
        on a worker, with show_markdown_soon)."""
        self._forget_renders()
        self._show_rendered(render_or_plain_text(markdown_text))

    def show_markdown_soon(self, markdown_text: str) -> None:
        """Render `markdown_text` off the GUI thread and show it when done. While a render
        runs, only the newest text waits for the next one."""
        self._generation += 1
        self._waiting = self._wanted = markdown_text
        if not self._deadline.isActive():
            self._deadline.start()
        if self._rendering is None:
            self._render_waiting()

    @property
    def rendering(self) -> bool:
        return self._rendering is not None or self._waiting is not None

    def show_html(self, html: str) -> None:
        """Show sanitised HTML, keeping the reader's place in a long article."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.setHtml(html)
        bar.setValue(round(fraction * bar.maximum()))

    def clear(self) -> None:
        self._forget_renders()
        self.notice = ""
        super().clear()

    def createMimeDataFromSelection(self) -> QMimeData:
        # The breaks in long words are for the layout: what is copied is the text as typed.
        data = super().createMimeDataFromSelection()
        if data.hasHtml():
            data.setHtml(data.html().replace(BREAK, ""))
        data.setText(data.text().replace(BREAK, ""))
        return data

    def _show_rendered(self, rendered: Rendered) -> None:
        self.notice = rendered.notice
        self.show_html(rendered.html)

    def _forget_renders(self) -> None:
        self._generation += 1  # a render still running is shown no more
        self._waiting = self._wanted = None
        self._deadline.stop()

    def _render_waiting(self) -> None:
        text, self._waiting = self._waiting, None
        if text is None:
            return
        generation = self._generation
        style, home = self._document_style(), self.thread()

        def work(_job: object) -> tuple[int, Rendered, PreviewDocument]:
            rendered = render_or_plain_text(text)
            return generation, rendered, build_document(rendered.html, style, home)

        worker = Worker(work)
        worker.signals.result.connect(self._rendered)
        worker.signals.finished.connect(self._render_finished)
        self._rendering = worker
        worker.start()

    def _rendered(self, result: tuple[int, Rendered, PreviewDocument]) -> None:
        generation, rendered, document = result
        if generation == self._generation:
            self._wanted = None
            self._deadline.stop()
            self.notice = rendered.notice
            self._show_document(document)

    def _document_style(self) -> DocumentStyle:
        shown = self.document()
        return DocumentStyle(
            QFont(self.font()),
            QTextOption(shown.defaultTextOption()),
            shown.documentMargin(),
            QUOTE_STYLE,
        )

    def _show_document(self, document: PreviewDocument) -> None:
        """Show a document built on the worker, keeping the reader's place; the one it
        replaces goes (the first, Qt's own, Qt deletes itself)."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        previous = self.document()
        document.setParent(self)
        self.setDocument(document)
        if isinstance(previous, PreviewDocument) and shiboken6.isValid(previous):
            previous.deleteLater()
        bar.setValue(round(fraction * bar.maximum()))

    def _render_overdue(self) -> None:
        """The newest text has waited RENDER_DEADLINE_MS: show it as plain text meanwhile.
        Its render goes on (a thread cannot be stopped) and replaces this when it is done."""
        if self._wanted is not None:
            self._show_rendered(as_plain_text(self._wanted, OVERDUE_NOTICE))

    def _render_finished(self) -> None:
        self._rendering = None
        self._render_waiting()

    def open_link(self, url: QUrl) -> bool:
        """Open `url` in the system browser if its scheme is safe and the user agrees."""
        if url.scheme().lower() not in LINK_SCHEMES:
            self.linkRefused.emit(url.toDisplayString())
            return False
        if not confirm_open_link(self, url):
            return False
        return QDesktopServices.openUrl(url)
