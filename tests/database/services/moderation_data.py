"""Comments written straight through Core for the moderation tests of the data layer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from database.engine import Database
from database.models import Article, ArticleStatus, Comment
from database.statuses import CommentStatus

ARRIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def add_comments(
    database: Database,
    bodies: Sequence[str],
    *,
    status: CommentStatus = CommentStatus.PENDING,
    held_reason: str | None = None,
    received_at: datetime = ARRIVED,
) -> list[int]:
    """Comments on a new article, a second apart from `received_at`; their ids, in order."""
    with database.session_factory.begin() as session:
        article_id = session.execute(
            insert(Article)
            .values(title="Harbour", body="Opening.", status=ArticleStatus.PUBLISHED, notes="")
            .returning(Article.id)
        ).scalar_one()
        ids = (
            session.execute(
                insert(Comment).returning(Comment.id, sort_by_parameter_order=True),
                [
                    {
                        "article_id": article_id,
                        "position": number + 1,
                        "body": body,
                        "status": status,
                        "held_reason": held_reason,
                        "received_at": received_at + timedelta(seconds=number),
                    }
                    for number, body in enumerate(bodies)
                ],
            )
            .scalars()
            .all()
        )
    return list(ids)
