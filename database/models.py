"""The typed ORM classes. The schema itself is owned by the Alembic migrations."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from database.statuses import ArticleStatus, CommentStatus

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always handed back timezone-aware.

    SQLite keeps no zone; without this, values read back would be naive and compare badly.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    # Stored as the values, checked by a named constraint, portable to PostgreSQL.
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    # Authors created by import are known only by their bio until someone names them.
    needs_name: Mapped[bool] = mapped_column(default=False)
    bio: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    website: Mapped[str] = mapped_column(String(2000), default="")
    specialties: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    known_bios: Mapped[list[AuthorBio]] = relationship(
        back_populates="author", cascade="all, delete-orphan"
    )


class AuthorBio(Base):
    """Every bio an author has been seen with, so that imports keep matching after an edit."""

    __tablename__ = "author_bios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"), index=True)
    # A digest, not the text, carries the unique index: bios can outgrow index key limits.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    bio: Mapped[str] = mapped_column(Text)

    author: Mapped[Author] = relationship(back_populates="known_bios")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(1000), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[ArticleStatus] = mapped_column(
        _enum(ArticleStatus, "article_status"), default=ArticleStatus.DRAFT, index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("authors.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    # Bumped on every save so that a save from a stale copy can be refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    # Who made the last save (migration 0003); "" for articles created or imported.
    updated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # In the Trash since then, by that person (migration 0007); NULL for a live article. Every
    # list and count leaves trashed articles and their comments out (database/trash_filter.py).
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    deleted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)

    author: Mapped[Author | None] = relationship()


class ArticleRevision(Base):
    """A version of an article as it was before a save replaced it."""

    __tablename__ = "article_revisions"
    __table_args__ = (Index("ix_article_revisions_article_number", "article_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(1000))
    body: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(200), default="")
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # NULL in revisions kept before migration 0006: what they held then is not known.
    status: Mapped[ArticleStatus | None] = mapped_column(
        _enum(ArticleStatus, "revision_status"), nullable=True
    )
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Why the version after it was published past the pre-publish checklist, if it was.
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class NewsroomWord(Base):
    """A word the newsroom's spell checking accepts (local names, house style), per language."""

    __tablename__ = "newsroom_words"
    __table_args__ = (UniqueConstraint("language", "word"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(20))
    word: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class NewsroomSetting(Base):
    """A setting every desk shares (the pre-publish checklist's items, say), as JSON text."""

    __tablename__ = "newsroom_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        # An article's comments in order; and, for the queue's filter lists, comments of a
        # status counted per article (migration 0004 says why not an index of its own).
        Index("ix_comments_article_status_position", "article_id", "status", "position"),
        Index("ix_comments_status_received", "status", "received_at"),
        # The queue's filter list of reasons: comments of a status counted per held reason.
        Index("ix_comments_status_held_reason", "status", "held_reason"),
        # Migration 0008: only the held comments (and those decided with a reason), a few
        # percent of them; the figures count a period's held comments by reason from it.
        Index(
            "ix_comments_held_reason",
            "held_reason",
            "received_at",
            sqlite_where=text("held_reason IS NOT NULL"),
            postgresql_where=text("held_reason IS NOT NULL"),
        ),
        Index(
            "ix_comments_decision_reason",
            "decision_reason",
            sqlite_where=text("decision_reason IS NOT NULL"),
            postgresql_where=text("decision_reason IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Order of the comment under its article, as first seen.
    position: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(
        _enum(CommentStatus, "comment_status"), default=CommentStatus.PENDING
    )
    held_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # Why the moderator decided as they did (the newsroom's list), with the current status.
    decision_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Every rule that matched, first (held_reason) included, as a JSON list; NULL where only
    # held_reason is known (comments triaged before migration 0008, or no rule matched).
    held_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)


class ModerationEntry(Base):
    """One change of a comment's status: the moderation log."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "log_from_status"))
    to_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "log_to_status"))
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    # Migration 0008: the reason given with the decision, and what made the change: NULL by
    # hand, "undo", or "rules" (the rules applied to the pending queue).
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str | None] = mapped_column(String(16), nullable=True)

    __table_args__ = (Index("ix_moderation_log_changed_by", "changed_by", "changed_at"),)


class ModerationRuleChange(Base):
    """One save of the moderation rules that changed them: who, when, before and after (the
    rules as JSON, as ModerationRuleService stores them)."""

    __tablename__ = "moderation_rule_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changed_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)


class ImportRecord(Base):
    """A file that went into the database: where from, what it was, what became of it."""

    __tablename__ = "import_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source_path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    file_digest: Mapped[str] = mapped_column(String(64), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ModerationRuleSetting(Base):
    """One setting of the newsroom's moderation rules, shared by every desk: a key and a JSON
    value, so that a new kind of rule needs no new column."""

    __tablename__ = "moderation_rules"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ArticlePresence(Base):
    """Who has an article open for editing: one mark per article, kept fresh by heartbeats.

    A mark whose heartbeat is older than the expiry (the app died, the network went) counts
    as gone; the next one to open the article replaces it.
    """

    __tablename__ = "article_presence"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    user_name: Mapped[str] = mapped_column(String(200))
    # One per running copy of Copydesk: the same person may have two open.
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)
