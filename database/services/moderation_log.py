"""The moderation log, read back: who changed which comment from what to what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from database.models import Article, Comment, ModerationEntry, ModerationRuleChange
from database.search import matching_comment_ids
from database.services.moderation_rules import ModerationRules, rules_from_json
from database.statuses import CommentStatus

EXCERPT_LENGTH = 120
DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class LogFilter:
    """Every field narrows the log; the defaults show all of it.

    `since` is inclusive and `until` exclusive, so that consecutive ranges never overlap.
    `text` matches the comment's text (full-text search) or the name of who changed it.
    """

    user: str | None = None
    from_status: CommentStatus | None = None
    to_status: CommentStatus | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    comment_id: int | None = None
    reason: str | None = None  # the reason given with the decision


@dataclass(frozen=True)
class LogEntry:
    id: int
    comment_id: int
    article_title: str
    excerpt: str
    from_status: CommentStatus
    to_status: CommentStatus
    changed_by: str
    changed_at: datetime
    reason: str | None = None
    action: str | None = None  # None by hand, "undo", "rules"


@dataclass(frozen=True)
class RuleChange:
    """A save that changed the moderation rules."""

    id: int
    changed_by: str
    changed_at: datetime
    before: ModerationRules
    after: ModerationRules

    def describe(self) -> list[str]:
        """What changed, a line each: "link limit 2 → 3", "hold words + refund, − loan"."""
        lines: list[str] = []
        if self.before.link_limit != self.after.link_limit:
            lines.append(
                f"link limit {_limit(self.before.link_limit)} → {_limit(self.after.link_limit)}"
            )
        for name, before, after in (
            ("hold words", self.before.hold_words, self.after.hold_words),
            ("spam words", self.before.spam_words, self.after.spam_words),
        ):
            added = [word for word in after if word not in before]
            removed = [word for word in before if word not in after]
            parts = [f"+ {', '.join(added)}"] if added else []
            parts += [f"− {', '.join(removed)}"] if removed else []
            if parts:
                lines.append(f"{name} {'; '.join(parts)}")
        return lines


def _limit(value: int) -> str:
    return "off" if value == 0 else str(value)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ModerationLogService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def _filtered(self, session: Session, query: Select, filters: LogFilter) -> Select:  # type: ignore[type-arg]
        if filters.user is not None:
            query = query.where(ModerationEntry.changed_by == filters.user)
        if filters.from_status is not None:
            query = query.where(ModerationEntry.from_status == filters.from_status)
        if filters.to_status is not None:
            query = query.where(ModerationEntry.to_status == filters.to_status)
        if filters.since is not None:
            query = query.where(ModerationEntry.changed_at >= filters.since)
        if filters.until is not None:
            query = query.where(ModerationEntry.changed_at < filters.until)
        if filters.comment_id is not None:
            query = query.where(ModerationEntry.comment_id == filters.comment_id)
        if filters.reason is not None:
            query = query.where(ModerationEntry.reason == filters.reason)
        text = filters.text.strip()
        if text:
            by_user = ModerationEntry.changed_by.ilike(_like_pattern(text), escape="\\")
            in_comments = matching_comment_ids(session, text)
            query = query.where(
                by_user
                if in_comments is None
                else or_(by_user, ModerationEntry.comment_id.in_(in_comments))
            )
        return query

    def count(self, filters: LogFilter = LogFilter()) -> int:
        with self._sessions() as session:
            query = self._filtered(session, select(func.count(ModerationEntry.id)), filters)
            return session.scalar(query) or 0

    def entries(
        self, filters: LogFilter = LogFilter(), *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> list[LogEntry]:
        """Matching entries, newest first: the log is read from its end."""
        with self._sessions() as session:
            query = select(
                ModerationEntry.id,
                ModerationEntry.comment_id,
                Article.title,
                func.substr(Comment.body, 1, EXCERPT_LENGTH),
                ModerationEntry.from_status,
                ModerationEntry.to_status,
                ModerationEntry.changed_by,
                ModerationEntry.changed_at,
                ModerationEntry.reason,
                ModerationEntry.action,
            ).select_from(ModerationEntry)
            query = query.join(Comment, Comment.id == ModerationEntry.comment_id).join(
                Article, Article.id == Comment.article_id
            )
            query = self._filtered(session, query, filters)
            query = query.order_by(ModerationEntry.changed_at.desc(), ModerationEntry.id.desc())
            rows = session.execute(query.limit(limit).offset(offset)).all()
        return [
            LogEntry(
                id=row[0],
                comment_id=row[1],
                article_title=row[2],
                excerpt=" ".join(row[3].split()),
                from_status=row[4],
                to_status=row[5],
                changed_by=row[6],
                changed_at=row[7],
                reason=row[8],
                action=row[9],
            )
            for row in rows
        ]

    def rule_changes(self, *, limit: int = DEFAULT_LIMIT) -> list[RuleChange]:
        """The changes of the moderation rules, newest first."""
        query = (
            select(ModerationRuleChange)
            .order_by(ModerationRuleChange.changed_at.desc(), ModerationRuleChange.id.desc())
            .limit(limit)
        )
        with self._sessions() as session:
            return [
                RuleChange(
                    id=change.id,
                    changed_by=change.changed_by,
                    changed_at=change.changed_at,
                    before=rules_from_json(change.before),
                    after=rules_from_json(change.after),
                )
                for change in session.scalars(query)
            ]

    def users(self) -> list[str]:
        """Everyone who has moderated, for a filter's choices."""
        with self._sessions() as session:
            query = (
                select(ModerationEntry.changed_by).distinct().order_by(ModerationEntry.changed_by)
            )
            return list(session.scalars(query))


__all__ = ["LogEntry", "LogFilter", "ModerationLogService", "RuleChange"]
