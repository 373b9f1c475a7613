import time

from PySide6.QtCore import Qt

from database.statuses import CommentStatus
from desktop.moderation import panel as panel_module
from desktop.moderation.panel import ModerationPanel
from desktop.moderation.queue_model import CommentQueueModel

from .conftest import add_comments


def tab_texts(panel: ModerationPanel) -> list[str]:
    tabs = panel.filter_bar.tabs
    return [tabs.tabText(index) for index in range(tabs.count())]


def excerpts(panel: ModerationPanel) -> list[str]:
    rows = (panel.model.summary(row) for row in range(panel.model.rowCount()))
    return [row.excerpt for row in rows if row is not None]


def test_queues_with_counts(qtbot, panel: ModerationPanel, database, settle) -> None:
    add_comments(database, ["Old and fine"], title="Archive", status=CommentStatus.APPROVED)
    add_comments(database, ["Buy pills"], title="Archive 2", status=CommentStatus.SPAM)
    counts: list[int] = []
    panel.pendingCountChanged.connect(counts.append)
    panel.refresh()
    settle()
    assert counts == [10]
    assert tab_texts(panel) == [
        "Pending (10)",
        "Approved (1)",
        "Spam (1)",
        "Rejected (0)",
        "All (12)",
    ]
    panel.filter_bar.tabs.setCurrentIndex(2)
    settle()
    assert excerpts(panel) == ["Buy pills"]
    assert "Buy pills" in panel.comment_view.toPlainText()
    assert panel.view.isColumnHidden(4)
    panel.filter_bar.tabs.setCurrentIndex(4)
    settle()
    assert panel.model.rowCount() == 12
    assert not panel.view.isColumnHidden(4)
    assert panel.model.data(panel.model.index(11, 4)) == "Spam"


def suggestions(panel: ModerationPanel) -> list[str]:
    offered = panel.filter_bar.article.suggestions
    return [offered.item(row).text() for row in range(offered.rowCount())]


def test_filter_by_article_and_held_reason(
    qtbot, panel: ModerationPanel, database, settle
) -> None:
    (roads,) = add_comments(
        database, ["Visit http://a.x http://b.x"], title="Roads", held_reason="2 links"
    )
    add_comments(database, ["A refund please"], title="Bins", held_reason="word: refund")
    add_comments(database, ["Gone with it"], title="Roadworks", status=CommentStatus.SPAM)
    panel.refresh()
    settle()
    article = panel.filter_bar.article
    article.setFocus()
    qtbot.waitUntil(article.hasFocus)
    qtbot.keyClicks(article, "ro")
    # Pending comments only: "Roadworks" has none.
    qtbot.waitUntil(lambda: suggestions(panel) == ["Roads (1)"])
    popup = article.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    roads_article = panel.context.comments.get(roads).article_id
    assert (article.text(), article.article_id()) == ("Roads", roads_article)
    settle()
    assert excerpts(panel) == ["Visit http://a.x http://b.x"]
    assert "held because: 2 links" in panel.comment_view.toPlainText()
    assert "article “Roads”" in panel.filter_bar.describe()
    qtbot.keyClick(article, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(article, Qt.Key.Key_Backspace)  # emptied: every article again
    assert article.article_id() is None
    settle()
    assert panel.model.rowCount() == 12
    assert panel.filter_bar.choose_reason("word: refund")
    settle()
    assert excerpts(panel) == ["A refund please"]
    assert panel.model.data(panel.model.index(0, 3)) == "word: refund"
    assert panel.model.data(panel.model.index(0, 1)) == "Bins"


def test_full_text_search(qtbot, panel: ModerationPanel, database, settle) -> None:
    add_comments(database, ["The bins were not collected", "Bin day moved"], title="Bins")
    search = panel.filter_bar.search
    search.setFocus()
    qtbot.keyClicks(search, "bins")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    settle()
    assert excerpts(panel) == ["The bins were not collected"]
    qtbot.waitUntil(panel.view.hasFocus)
    search.setText("bin*")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)  # after the typing pause
    search.setText("")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 12)


def test_everything_matching_the_filter_and_undo(
    qtbot, panel, database, monkeypatch, settle
) -> None:
    refund = add_comments(database, [f"refund {n}" for n in range(5)], title="Bins")
    others = panel.context.comments.ids()
    panel.refresh()
    asked: list[str] = []
    monkeypatch.setattr(panel_module, "confirm", lambda _p, _t, text: asked.append(text) or True)
    panel.filter_bar.search.setText("refund")
    panel.filter_bar.search.done.emit()
    settle()
    assert panel.model.rowCount() == 5
    panel.moderation_actions.spam_matching.trigger()
    settle()
    assert "all 5 comments that match “Pending, containing “refund”" in asked[0]
    counts = panel.context.comments.counts()
    assert counts[CommentStatus.SPAM] == 5
    assert counts[CommentStatus.PENDING] == 10
    assert panel.model.rowCount() == 0
    assert tab_texts(panel)[:3] == ["Pending (10)", "Approved (0)", "Spam (5)"]
    assert panel.comment_view.toPlainText() == "The queue is empty."
    qtbot.keyClick(panel.view, Qt.Key.Key_Z)
    settle()
    assert panel.context.comments.ids() == others
    assert [panel.model.comment_id(row) for row in range(5)] == refund
    assert tab_texts(panel)[:3] == ["Pending (15)", "Approved (0)", "Spam (0)"]


def test_a_cancelled_bulk_action_changes_nothing(qtbot, panel, monkeypatch, settle) -> None:
    asked: list[str] = []
    monkeypatch.setattr(panel_module, "confirm", lambda _p, _t, text: asked.append(text) and False)
    panel.moderation_actions.approve_matching.trigger()
    settle()  # counted in the background, then asked
    assert len(asked) == 1
    assert panel.pending_count() == 10
    assert panel.context.comments.counts()[CommentStatus.PENDING] == 10
    assert not panel.triage.can_undo


def test_the_model_fetches_rows_lazily(qtbot, context, database, capsys) -> None:
    ids = add_comments(database, [f"Comment {n}" for n in range(20_000)], title="Busy")
    started = time.perf_counter()
    panel = ModerationPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitExposed(panel)
    opened = time.perf_counter() - started
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 20_000)
    qtbot.waitUntil(lambda: model.cached_row_count > 0)  # the first paint
    assert model.cached_row_count <= 200
    panel.view.scrollToBottom()
    panel.triage.go_to(19_999)
    qtbot.waitUntil(lambda: model.fetches >= 2)  # the rows at the bottom, painted
    assert model.cached_row_count <= 300
    fetches = model.fetches
    assert model.summary(19_999).excerpt == "Comment 19999"
    for row in range(0, 20_000, 97):
        model.summary(row)
    assert model.cached_row_count <= 2_000
    assert model.comment_id(19_999) == ids[-1]
    with capsys.disabled():
        print(f"\nopening a queue of 20,000: {opened:.3f} s, {fetches} fetches to show it")


def test_model_blocks_and_bounded_cache(qtbot, context, database) -> None:
    add_comments(database, [f"c{n}" for n in range(1000)])
    model = CommentQueueModel(context.comments, block_size=50, cache_limit=100)
    model.reload()
    qtbot.waitUntil(lambda: not model.updating)
    assert model.data(model.index(120, 0)) == "c120"
    assert model.cached_row_count == 50
    assert model.fetches == 1
    assert model.data(model.index(149, 0)) == "c149"
    assert model.fetches == 1
    for row in range(0, 1000, 50):
        model.summary(row)
    assert model.cached_row_count == 100


def test_ten_thousand_at_once_through_the_panel(
    qtbot, context, database, monkeypatch, capsys, settle
) -> None:
    ids = add_comments(database, [f"Bulk {n}" for n in range(10_000)], title="Busy")
    panel = ModerationPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    settle()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    monkeypatch.setattr(panel_module, "confirm", lambda *_args: True)
    started = time.perf_counter()
    panel.moderation_actions.approve_matching.trigger()
    settle()
    approved = time.perf_counter() - started
    assert panel.pending_count() == 0
    assert context.comments.counts()[CommentStatus.APPROVED] == 10_000
    started = time.perf_counter()
    qtbot.keyClick(panel.view, Qt.Key.Key_Z)
    settle()
    undone = time.perf_counter() - started
    assert context.comments.ids() == ids
    assert [panel.model.comment_id(row) for row in (0, 9_999)] == [ids[0], ids[-1]]
    assert panel.pending_count() == 10_000
    with capsys.disabled():
        print(f"\npanel, 10,000 comments: approve all matching {approved:.3f} s, Z {undone:.3f} s")


def test_a_hidden_panel_reads_only_counts_until_it_is_shown(
    qtbot, context, database, monkeypatch, settle
) -> None:
    add_comments(database, ["First", "Second"], title="Quiet")
    read: list[str] = []
    comments = context.comments
    for name in ("id_array", "held_reasons", "articles_with_comments", "article_choices"):
        real = getattr(comments, name)
        monkeypatch.setattr(
            comments, name, lambda *args, real=real, name=name: read.append(name) or real(*args)
        )
    panel = ModerationPanel(context)
    qtbot.addWidget(panel)
    add_comments(database, ["Third"], title="Later")
    panel.refresh()  # as live updates do while another area is on screen
    settle()
    assert panel.pending_count() == 3
    assert tab_texts(panel)[0] == "Pending (3)"
    assert (panel.model.rowCount(), read) == (0, [])
    panel.show()
    qtbot.waitExposed(panel)
    settle()
    assert sorted(excerpts(panel)) == ["First", "Second", "Third"]
    assert sorted(read) == ["held_reasons", "id_array"]  # never every article
    panel.refresh()  # shown: everything again
    settle()
    assert sorted(read) == ["held_reasons", "held_reasons", "id_array", "id_array"]
