"""editorial history and newsroom words: revisions keep status, author and notes (and a
reason for publishing past the checklist); the newsroom's dictionary and settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("draft", "in_review", "published", "archived")


def upgrade() -> None:
    # Revisions written before this one keep NULL there: what they held is not known.
    with op.batch_alter_table("article_revisions") as batch:
        batch.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    *_STATUSES,
                    name="revision_status",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "newsroom_words",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("word", sa.String(length=200), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsroom_words")),
        sa.UniqueConstraint("language", "word", name=op.f("uq_newsroom_words_language")),
    )
    op.create_table(
        "newsroom_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_newsroom_settings")),
    )


def downgrade() -> None:
    op.drop_table("newsroom_settings")
    op.drop_table("newsroom_words")
    with op.batch_alter_table("article_revisions") as batch:
        batch.drop_column("reason")
        batch.drop_column("notes")
        batch.drop_column("author_id")
        # Else the rebuilt SQLite table would keep a check on a column it no longer has.
        batch.drop_constraint(op.f("ck_article_revisions_revision_status"), type_="check")
        batch.drop_column("status")
