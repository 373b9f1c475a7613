"""The bounds that keep the preview's work short, one by one, and the fallbacks to plain text."""

from __future__ import annotations

import re
import threading
import time

import pytest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.articles import preview
from desktop.articles.markdown_highlighter import MAX_SPANS, MarkdownHighlighter
from desktop.articles.preview import PreviewBrowser, render
from desktop.articles.preview_limits import (
    BREAK,
    FAILED_NOTICE,
    HTML_DEPTH_LIMIT,
    INDENT_LIMIT,
    LIST_ITEMS_LIMIT,
    LONG_WORD,
    MAX_PREVIEW_CHARACTERS,
    NESTING_LIMIT,
    OVERDUE_NOTICE,
    TABLE_CELLS_LIMIT,
    WORD_PIECE,
    Cut,
    bound_html,
    bound_markdown,
    break_long_words,
    plain_text_html,
)

# Each took Python-Markdown from 0.5 s to minutes, or raised RecursionError, before the bounds.
HOSTILE = {
    "20,000 [": "[" * 20_000,
    "10,000 ![": "![" * 10_000,
    "link openings": "[a](" * 5_000,
    "reference openings": "[a][" * 5_000,
    "emphasis and links": "*[" * 10_000,
    "unclosed tags": "<a\n" * 10_000,
    "unclosed autolinks": "<http://" * 5_000,
    "nested numbered lists": "1. " * 6_000,
    "lists nested by indentation": "\n".join(" " * (4 * depth) + "- x" for depth in range(300)),
    "ever deeper quotes": "\n".join(">" * depth + " x" for depth in range(1, 300)),
    "20,000 >": ">" * 20_000,
}


def markup_text(html: str) -> str:
    """The text of rendered HTML as Qt shows it, breaks and tags left out."""
    return re.sub(r"<[^>]*>", "", html).replace(BREAK, "")


# --- the Markdown ----------------------------------------------------------------------


def test_quotes_nest_to_the_limit_and_the_rest_of_the_line_is_text() -> None:
    bounded = bound_markdown(">" * 20)
    assert bounded.text == ">" * NESTING_LIMIT + "\\" + ">" * (20 - NESTING_LIMIT)
    assert bounded.cuts == {Cut.NESTING}
    html = render(">" * 20).html
    assert html.count("<blockquote>") == NESTING_LIMIT
    assert "&gt;" * (20 - NESTING_LIMIT) in html.replace(BREAK, "")


def test_lists_and_quotes_within_each_other_count_together() -> None:
    assert bound_markdown("> - " * 12 + "x").text == "> - " * 4 + "\\> - " + "> - " * 7 + "x"
    assert bound_markdown("1. " * 10 + "x").text == "1. " * 8 + "1\\. 1. x"


def test_ordinary_markdown_is_left_as_it_is() -> None:
    text = "> quoted\n> > twice\n- item\n    - nested\n1. one\n- - - - - - - - - - -\n**bold**"
    assert bound_markdown(text) == bound_markdown(text)  # frozen, comparable
    assert bound_markdown(text).text == text
    assert bound_markdown(text).cuts == frozenset()
    assert render(text).notice == ""


def test_fenced_code_is_not_touched() -> None:
    text = "```\n" + ">" * 40 + "\n" + "[" * 20_000 + "\n```"
    assert bound_markdown(text).text == text
    rendered = render(text)
    assert rendered.notice == ""
    assert "[" * 20_000 in rendered.html.replace(BREAK, "")


def test_deep_indentation_is_cut_to_the_limit() -> None:
    bounded = bound_markdown("- x\n" + " " * 400 + "- y")
    assert bounded.text == "- x\n" + " " * INDENT_LIMIT + "- y"
    assert bounded.cuts == {Cut.NESTING}


def test_a_paragraph_of_too_many_marks_is_shown_as_typed() -> None:
    text = "Look: `code` **bold** " + "[" * 20_000
    rendered = render(text)
    assert Cut.MARKUP.value in rendered.notice
    assert "Look: `code` **bold** " + "[" * 20_000 in markup_text(rendered.html)
    assert "<strong>" not in rendered.html and "<code>" not in rendered.html
    # Other paragraphs are still read as Markdown.
    assert "<strong>fine</strong>" in render("**fine**\n" + text).html


def test_a_long_text_is_cut_and_says_so() -> None:
    rendered = render("word " * (MAX_PREVIEW_CHARACTERS // 5 + 100))
    assert rendered.notice == f"This article is long: {Cut.LENGTH.value}."
    assert markup_text(rendered.html).count("word") <= MAX_PREVIEW_CHARACTERS // 5 + 1


def test_many_unclosed_tags_are_read_as_text_in_their_paragraphs() -> None:
    assert not bound_markdown("<a\n" * 10_000).html_blocks
    assert bound_markdown("<div>\n<b>x</b>\n</div>").html_blocks
    assert "<b>x</b>" in render("<div>\n<b>x</b>\n</div>").html


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_markdown_renders_in_bounded_time(name: str) -> None:
    render("warm up")  # the converter is built on the first render of a thread
    start = time.perf_counter()
    rendered = render(HOSTILE[name])
    took = time.perf_counter() - start
    assert took < 1.5, f"{took:.1f} s"  # 0.01-0.2 s here; 40 s to minutes before
    assert rendered.html


# --- the HTML ------------------------------------------------------------------------------


def test_elements_past_the_depth_limit_are_unwrapped_and_their_text_kept() -> None:
    html = "<b>" * 100 + "deep" + "</b>" * 100
    bounded, cuts = bound_html(html)
    assert bounded == "<b>" * HTML_DEPTH_LIMIT + "deep" + "</b>" * HTML_DEPTH_LIMIT
    assert cuts == {Cut.NESTING}
    assert bound_html("<p>a <b>b</b><br>c</p>") == ("<p>a <b>b</b><br>c</p>", frozenset())


def test_nested_b_tags_render_flat_enough() -> None:
    lines = "<div>\n" + "<b>\n" * 6_000 + "deep\n" + "</b>\n" * 6_000 + "</div>"
    rendered = render(lines)
    assert rendered.html.count("<b>") <= HTML_DEPTH_LIMIT
    assert "deep" in rendered.html and Cut.NESTING.value in rendered.notice


def test_a_table_of_too_many_cells_becomes_a_paragraph_a_row() -> None:
    rows = TABLE_CELLS_LIMIT // 2 + 1
    table = "<table><tbody>" + "<tr><td>a</td><td>b</td></tr>" * rows + "</tbody></table>"
    bounded, cuts = bound_html(table)
    assert cuts == {Cut.TABLE}
    assert "<td>" not in bounded and "<table>" not in bounded
    assert bounded.count("<p>a b </p>") == rows
    small = "<table><tr><td>a</td></tr></table>"
    assert bound_html(small) == (small, frozenset())


def test_list_items_past_the_limit_become_paragraphs() -> None:
    items = "<ul>" + "<li>x</li>" * (LIST_ITEMS_LIMIT + 10) + "</ul>"
    bounded, cuts = bound_html(items)
    assert cuts == {Cut.LIST}
    assert bounded.count("<li>") == LIST_ITEMS_LIMIT and bounded.count("<p>x</p>") == 10


def test_long_words_get_breaks_outside_tags_and_character_references() -> None:
    html = '<a href="https://example.com/' + "p" * 80 + '">' + "&gt;" * 50 + "</a> short"
    broken = break_long_words(html)
    assert broken.replace(BREAK, "") == html
    assert 'href="https://example.com/' + "p" * 80 + '"' in broken  # the tag is whole
    pieces = markup_text(broken.replace(BREAK, "|")).split("|")
    assert pieces == ["&gt;" * WORD_PIECE] * (50 // WORD_PIECE - 1) + [
        "&gt;" * WORD_PIECE + " short"
    ]
    assert break_long_words("<p>responsibilities " + "x" * LONG_WORD + "</p>").count(BREAK) == 0


def test_plain_text_is_escaped_under_its_notice() -> None:
    html = plain_text_html('<img src="x">\n\nsecond line', "Why it is plain.")
    assert html.startswith("<p><em>Why it is plain.</em></p>")
    assert "&lt;img src=&quot;x&quot;&gt;" in html and "<img" not in html
    assert html.count("<p>") == 3


# --- the browser -----------------------------------------------------------------------


def test_a_render_that_runs_late_gives_way_to_the_plain_text_until_it_is_done(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    original = preview.render

    def slow_render(text: str) -> preview.Rendered:
        release.wait(10)
        return original(text)

    monkeypatch.setattr(preview, "render", slow_render)
    monkeypatch.setattr(preview, "RENDER_DEADLINE_MS", 100)
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown_soon("**Slow** <b>article</b>")
    qtbot.waitUntil(lambda: browser.notice == OVERDUE_NOTICE, timeout=2_000)
    assert "**Slow** <b>article</b>" in browser.toPlainText()  # as typed
    release.set()
    qtbot.waitUntil(lambda: not browser.rendering and browser.notice == "")
    assert browser.toPlainText().strip() == "Slow article"


def test_a_render_that_fails_shows_the_plain_text_and_says_so(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_render(text: str) -> preview.Rendered:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(preview, "render", failing_render)
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown_soon("Some *text*")
    qtbot.waitUntil(lambda: not browser.rendering)
    assert browser.notice == FAILED_NOTICE
    assert browser.toPlainText().splitlines() == [FAILED_NOTICE, "Some *text*"]


def test_copying_from_the_preview_leaves_the_breaks_out(qtbot: QtBot) -> None:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown("x" * 100)
    assert BREAK in browser.toPlainText()
    browser.selectAll()
    assert browser.createMimeDataFromSelection().text() == "x" * 100


# --- the editor's colours ------------------------------------------------------------------


@pytest.mark.parametrize("line", ["[" * 20_000, "*a " * 7_000, "`a" * 10_000, "**a" * 7_000])
def test_a_hostile_line_is_coloured_in_bounded_time_and_spans(qtbot: QtBot, line: str) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    highlighter = MarkdownHighlighter(edit)
    edit.setPlainText(line)
    start = time.perf_counter()
    highlighter.rehighlight()
    took = time.perf_counter() - start
    spans = len(edit.document().firstBlock().layout().formats())
    assert took < 0.25, f"{took:.2f} s"
    assert spans <= 4 * MAX_SPANS  # a span may add its markers' formats
