from datetime import UTC, datetime

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from database.services.comments import CommentDetail
from database.services.moderation_rules import MatchKind, ModerationRules, highlights
from database.statuses import CommentStatus
from desktop.moderation.comment_view import CommentView, highlight_colour

HOSTILE = (
    '<script>alert("x")</script> <img src="file:///etc/passwd"> '
    '<img src="http://tracker.example/pixel.png"> <a href="http://evil.example">click</a>'
    "\n\n<b>not bold</b> &amp; <style>body{display:none}</style>"
)


def detail(body: str, title: str = "<i>Title</i>") -> CommentDetail:
    return CommentDetail(
        id=7,
        article_id=1,
        article_title=title,
        article_opening="<img src=x onerror=alert(1)> opening",
        position=3,
        body=body,
        status=CommentStatus.PENDING,
        held_reason="<b>word</b>",
        received_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )


def test_a_comment_is_text_never_markup(qtbot) -> None:
    view = CommentView()
    qtbot.addWidget(view)
    view.show()
    view.show_comment(detail(HOSTILE), [])
    text = view.toPlainText()
    for visible in (
        '<script>alert("x")</script>',
        '<img src="file:///etc/passwd">',
        "<b>not bold</b> &amp;",
        "<i>Title</i>",
        "<img src=x onerror=alert(1)> opening",
        "held because: <b>word</b>",
    ):
        assert visible in text
    html = view.toHtml()
    for element in ("<script", "<img", "<a ", "<style>body", "<b>", "<i>"):
        assert element not in html
    assert "&lt;script&gt;" in html
    assert view.document().toPlainText().count("\n") >= 5
    view.document().setPageSize(view.viewport().size().toSizeF())
    view.repaint()
    # Nothing asked for, nothing loaded; had anything asked, it would have got nothing.
    assert view.refused_resources == []
    passwd = QUrl("file:///etc/passwd")
    assert not view.loadResource(QTextDocument.ResourceType.ImageResource, passwd)
    # QTextDocument reads local files itself when the browser hands back None.
    assert not view.document().resource(QTextDocument.ResourceType.ImageResource, passwd)
    assert passwd in view.refused_resources
    assert not view.openLinks()
    assert not view.openExternalLinks()


def test_matched_words_and_links_are_highlighted(qtbot) -> None:
    rules = ModerationRules(link_limit=2, hold_words=("refund",), spam_words=("casino",))
    body = "A refund from the casino at http://casino.example now"
    view = CommentView()
    qtbot.addWidget(view)
    view.show_comment(detail(body), highlights(rules, body))
    found = {}
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            background = fragment.charFormat().background().color()
            if fragment.charFormat().background().style() != 0:
                found[fragment.text()] = background
            iterator += 1
        block = block.next()
    assert found["refund"] == highlight_colour(MatchKind.HOLD_WORD)
    assert found["casino"] == highlight_colour(MatchKind.SPAM_WORD)
    assert found["http://casino.example"] == highlight_colour(MatchKind.LINK)
    assert "Highlighted: link, word that holds, spam word" in view.toPlainText()


def test_the_panel_highlights_with_the_stored_rules(qtbot, context, database, settle) -> None:
    from database.services.moderation_rules import ModerationRuleService
    from desktop.moderation.panel import ModerationPanel

    from .conftest import add_comments

    ModerationRuleService(database.session_factory).save(
        ModerationRules(hold_words=("refund",)), user="editor"
    )
    add_comments(database, ["I want a refund"], held_reason="word: refund")
    panel = ModerationPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    settle()
    assert "word that holds" in panel.comment_view.toPlainText()
    assert "held because: word: refund" in panel.comment_view.toPlainText()
