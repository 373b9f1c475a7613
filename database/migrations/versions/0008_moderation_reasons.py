"""moderation reasons: a reason with each decision, every rule a comment matched, the rule
changes, and indexes on what the filters and the figures read

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Partial: only held (or decided with a reason) comments have a value worth finding, a few
# percent of a million; the index holds only them. SQLite and PostgreSQL both use it for
# `column = value` and for `column IS NOT NULL`.
_HELD = sa.text("held_reason IS NOT NULL")
_WITH_REASON = sa.text("decision_reason IS NOT NULL")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch (as in 0007): a rebuilt comments table would lose the
    # search index's triggers. Nullable without a default: no existing row is rewritten.
    # held_reasons: every rule that matched, as JSON; NULL for comments triaged before this
    # (their held_reason is the only one known).
    op.add_column("comments", sa.Column("decision_reason", sa.String(length=200), nullable=True))
    op.add_column("comments", sa.Column("held_reasons", sa.Text(), nullable=True))
    op.add_column("moderation_log", sa.Column("reason", sa.String(length=200), nullable=True))
    # NULL: a decision by hand; "undo"; "rules" (the rules applied to the pending queue).
    op.add_column("moderation_log", sa.Column("action", sa.String(length=16), nullable=True))
    # Held comments of a period counted by reason, and the queue filtered by one, read from
    # the index alone.
    op.create_index(
        "ix_comments_held_reason",
        "comments",
        ["held_reason", "received_at"],
        unique=False,
        sqlite_where=_HELD,
        postgresql_where=_HELD,
    )
    op.create_index(
        "ix_comments_decision_reason",
        "comments",
        ["decision_reason"],
        unique=False,
        sqlite_where=_WITH_REASON,
        postgresql_where=_WITH_REASON,
    )
    # One moderator's entries, newest first: the log's filter and the figures per person.
    op.create_index(
        "ix_moderation_log_changed_by",
        "moderation_log",
        ["changed_by", "changed_at"],
        unique=False,
    )
    op.create_table(
        "moderation_rule_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_rule_changes")),
    )
    op.create_index(
        "ix_moderation_rule_changes_changed_at",
        "moderation_rule_changes",
        ["changed_at"],
        unique=False,
    )


def downgrade() -> None:
    # What an older Copydesk has no place for goes: the reasons, the other matched rules and
    # the record of rule changes. Statuses and the first held reason stay.
    op.drop_index("ix_moderation_rule_changes_changed_at", table_name="moderation_rule_changes")
    op.drop_table("moderation_rule_changes")
    op.drop_index("ix_moderation_log_changed_by", table_name="moderation_log")
    op.drop_index("ix_comments_decision_reason", table_name="comments")
    op.drop_index("ix_comments_held_reason", table_name="comments")
    # SQLite (3.35+) drops a column without an index or constraint in place: no rebuild, the
    # triggers stay.
    op.drop_column("moderation_log", "action")
    op.drop_column("moderation_log", "reason")
    op.drop_column("comments", "held_reasons")
    op.drop_column("comments", "decision_reason")
