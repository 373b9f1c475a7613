import re
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from database.textformat import parse_file
from desktop.articles import preview
from desktop.articles.preview import PreviewBrowser, render_html


def paragraphs(html: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", html, flags=re.DOTALL)


def test_every_line_of_an_archive_body_is_a_paragraph(samples: list[Path]) -> None:
    body = parse_file(samples[0]).body
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) > 5
    html = render_html(body)
    assert len(paragraphs(html)) == len(lines)
    assert paragraphs(html)[1].startswith(lines[1][:30])


def test_lists_headings_quotes_and_code_still_work() -> None:
    html = render_html(
        "# Heading\nIntro line\nSecond line\n- one\n- two\n1. first\n2. second\nAfter\n"
        "> quoted one\n> quoted two\n```\ncode a\ncode b\n```\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h1>Heading</h1>" in html
    assert "<p>Intro line</p>\n<p>Second line</p>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html
    assert "<p>After</p>" in html
    assert "<blockquote>\n<p>quoted one</p>\n<p>quoted two</p>\n</blockquote>" in html
    assert "<pre><code>code a\ncode b\n</code></pre>" in html
    assert "<td>1</td>" in html and "<th>a</th>" in html


def test_emphasis_and_safe_links_are_kept() -> None:
    html = render_html('**bold** *it* [site](https://example.com "T") <mailto:desk@example.com>')
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert 'href="https://example.com"' in html and 'title="T"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "mailto:" in html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert('x')</script>Text", ["<script", "alert"]),
        ('<p onclick="steal()">Click</p>', ["onclick", "steal"]),
        ("[bad](javascript:alert(1))", ["javascript:"]),
        ('<a href="javascript:alert(1)">bad</a>', ["javascript:"]),
        ("![photo](https://tracker.example.com/pixel.png)", ["<img", "tracker"]),
        ('<img src="file:///etc/passwd">', ["<img", "passwd"]),
        ("<style>p { color: red }</style>Text", ["<style", "color"]),
        ('<iframe src="https://example.com"></iframe>', ["<iframe"]),
        ("[local](file:///etc/passwd)", ["file:"]),
        ('<span style="x">s</span><!-- hidden -->', ["style=", "<span", "hidden"]),
    ],
)
def test_sanitised(markdown: str, forbidden: list[str]) -> None:
    html = render_html(markdown)
    for text in forbidden:
        assert text not in html


def test_a_long_article_renders_whole_and_fast_enough(samples: list[Path], qtbot: QtBot) -> None:
    body = parse_file(samples[0]).body
    text = (body * (25_000 // len(body) + 1))[:25_000]
    render_html(text)  # the first call builds the Markdown converter
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        rendered = preview.render(text)
        runs.append(time.perf_counter() - start)
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    start = time.perf_counter()
    browser.show_html(rendered.html)
    shown = time.perf_counter() - start
    print(f"\nrender of 25 KB: best {min(runs) * 1000:.1f} ms; shown in {shown * 1000:.1f} ms")
    # Nothing given up: every line a paragraph, no notice; and typically 20 ms and 10 ms.
    assert rendered.notice == "" and browser.notice == ""
    assert len(paragraphs(rendered.html)) == len([line for line in text.splitlines() if line])
    assert min(runs) < 0.5
    assert shown < 0.25


def test_the_browser_loads_no_resources(qtbot: QtBot) -> None:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(
        '<p>x<img src="file:///etc/passwd"><img src="https://example.com/track.png"></p>'
    )
    browser.show()
    qtbot.waitExposed(browser)
    assert "file:///etc/passwd" in browser.blocked_resources
    document = browser.document()
    for url in ("file:///etc/passwd", "https://example.com/track.png"):
        loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
        assert not loaded  # Qt would read the local file itself if given None


def test_markdown_images_never_reach_the_browser(qtbot: QtBot) -> None:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown('![x](https://example.com/a.png)\n<img src="file:///etc/passwd">')
    browser.show()
    qtbot.waitExposed(browser)
    assert browser.blocked_resources == set()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url.toString()) or True)
    )
    return urls


def test_links_open_only_when_confirmed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    answers = iter([False, True])
    asked: list[str] = []

    def confirm(parent: object, url: QUrl) -> bool:
        asked.append(url.toString())
        return next(answers)

    monkeypatch.setattr(preview, "confirm_open_link", confirm)
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.anchorClicked.emit(QUrl("https://example.com/story"))
    assert opened == []
    browser.anchorClicked.emit(QUrl("https://example.com/story"))
    assert opened == ["https://example.com/story"]
    assert asked == ["https://example.com/story"] * 2


@pytest.mark.parametrize(
    "link", ["file:///etc/passwd", "javascript:alert(1)", "/relative", "ftp://x"]
)
def test_other_links_are_refused_without_asking(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, opened: list[str], link: str
) -> None:
    monkeypatch.setattr(preview, "confirm_open_link", lambda parent, url: pytest.fail("asked"))
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    with qtbot.waitSignal(browser.linkRefused):
        browser.anchorClicked.emit(QUrl(link))
    assert opened == []


def test_the_browser_never_follows_links_itself(qtbot: QtBot) -> None:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_typing_renders_off_the_gui_thread_and_shows_the_newest_text(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered_on: list[bool] = []
    original = preview.render

    def spying_render(text: str) -> preview.Rendered:
        rendered_on.append(threading.current_thread() is threading.main_thread())
        return original(text)

    monkeypatch.setattr(preview, "render", spying_render)
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    for number in range(20):  # faster than renders finish: only the newest waits
        browser.show_markdown_soon(f"Draft number {number}")
    qtbot.waitUntil(lambda: not browser.rendering)
    assert browser.toPlainText().strip() == "Draft number 19"
    assert rendered_on and not any(rendered_on)
    assert len(rendered_on) < 20


def test_a_render_overtaken_by_an_opened_article_or_a_clear_is_not_shown(qtbot: QtBot) -> None:
    browser = PreviewBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown_soon("The old article, still rendering")
    browser.show_markdown("The article just opened")
    qtbot.waitUntil(lambda: not browser.rendering)
    assert browser.toPlainText().strip() == "The article just opened"
    browser.show_markdown_soon("Typed, then the editor closed")
    browser.clear()
    qtbot.waitUntil(lambda: not browser.rendering)
    assert browser.toPlainText() == ""
