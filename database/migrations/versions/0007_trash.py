"""trash: an article deleted from the list goes to the Trash first, with who and when

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: on SQLite a batch may rebuild the table, which would drop
    # the search index's and the change feed's triggers on it (migrations 0001 and 0003).
    # Nullable columns without a default: no existing row is rewritten, on either database.
    op.add_column("articles", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("articles", sa.Column("deleted_by", sa.String(length=200), nullable=True))
    # Small (only trashed articles have a value worth finding), and it answers both "is the
    # Trash empty?" and the purge's "trashed before…" without reading the table.
    op.create_index("ix_articles_deleted_at", "articles", ["deleted_at"], unique=False)


_TRASHED = "SELECT id FROM articles WHERE deleted_at IS NOT NULL"
# What the articles in the Trash take with them when it is emptied, children first (these are
# the cascades of the models, said in SQL: a migration does not rely on foreign key pragmas).
_PURGE_TRASHED = (
    "DELETE FROM moderation_log WHERE comment_id IN"
    f" (SELECT id FROM comments WHERE article_id IN ({_TRASHED}))",
    f"DELETE FROM comments WHERE article_id IN ({_TRASHED})",
    f"DELETE FROM article_revisions WHERE article_id IN ({_TRASHED})",
    f"DELETE FROM article_presence WHERE article_id IN ({_TRASHED})",
    f"UPDATE import_records SET article_id = NULL WHERE article_id IN ({_TRASHED})",
    "DELETE FROM articles WHERE deleted_at IS NOT NULL",
)


def downgrade() -> None:
    # Without the columns, trashed articles would come back as live ones: an older Copydesk
    # cannot tell them apart. They are deleted for good first, as emptying the Trash would.
    for statement in _PURGE_TRASHED:
        op.execute(statement)
    op.drop_index("ix_articles_deleted_at", table_name="articles")
    # SQLite (3.35+) drops a column without an index or constraint in place: no rebuild.
    op.drop_column("articles", "deleted_by")
    op.drop_column("articles", "deleted_at")
