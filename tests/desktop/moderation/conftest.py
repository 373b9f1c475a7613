"""A Moderation panel over a real temporary database, shown and holding the keyboard focus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from database.models import Article, ArticleStatus, Comment
from database.statuses import CommentStatus
from desktop import operations

START = datetime(2026, 3, 1, tzinfo=UTC)


def add_comments(
    database,
    bodies: Sequence[str],
    *,
    title: str = "Council tax to rise",
    status: CommentStatus = CommentStatus.PENDING,
    held_reason: str | None = None,
) -> list[int]:
    """Comments on a new article, straight through Core, oldest first; returns their ids."""
    with database.session_factory.begin() as session:
        article_id = session.execute(
            insert(Article)
            .values(
                title=title,
                body=f"The opening of “{title}”.\nThe rest.",
                status=ArticleStatus.PUBLISHED,
                notes="",
            )
            .returning(Article.id)
        ).scalar_one()
        first = session.execute(select(func.coalesce(func.max(Comment.id), 0))).scalar_one() + 1
        offset = session.execute(select(func.count(Comment.id))).scalar_one()
        if bodies:
            session.execute(
                insert(Comment),
                [
                    {
                        "article_id": article_id,
                        "position": number + 1,
                        "body": body,
                        "status": status,
                        "held_reason": held_reason,
                        "received_at": START + timedelta(seconds=offset + number),
                    }
                    for number, body in enumerate(bodies)
                ],
            )
    return list(range(first, first + len(bodies)))


@pytest.fixture
def queue_ids(database) -> list[int]:
    """Ten pending comments, numbered in their text: 'Comment 0' … 'Comment 9'."""
    return add_comments(database, [f"Comment {number} about the budget" for number in range(10)])


@pytest.fixture
def panel(qtbot, context, queue_ids):
    from desktop.moderation.panel import ModerationPanel

    context.settings.user_name = "mod"
    widget = ModerationPanel(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(operations.idle)  # its queue, counts and reasons, read in the background
    widget.activateWindow()
    widget.view.setFocus()
    qtbot.waitUntil(widget.view.hasFocus)
    return widget
