"""shared database: who saved, who is editing, full-text search and change feed per dialect

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# What the change feed watches: kind of change -> (table, the columns whose update counts).
# SQLite: a counter per kind of data, bumped by triggers; other copies of Copydesk on the same
# file poll the four rows (see database/services/changes.py). Presence heartbeats change only
# heartbeat_at, which fires nothing: a heartbeat is not news.
_WATCHED = {
    "articles": ("articles", ""),
    "comments": ("comments", ""),
    "authors": ("authors", ""),
    "presence": ("article_presence", " OF article_id, user_name, client_id, since"),
}


def _sqlite_change_feed() -> list[str]:
    statements = [
        """CREATE TABLE change_counters (
            kind VARCHAR(16) NOT NULL PRIMARY KEY, serial INTEGER NOT NULL DEFAULT 0)""",
        "INSERT INTO change_counters (kind, serial) VALUES "
        + ", ".join(f"('{kind}', 0)" for kind in _WATCHED),
    ]
    for kind, (table, columns) in _WATCHED.items():
        for event in ("INSERT", "UPDATE", "DELETE"):
            of = columns if event == "UPDATE" else ""
            statements.append(
                f"""CREATE TRIGGER change_{table}_{event.lower()} AFTER {event}{of} ON {table}
                BEGIN
                    UPDATE change_counters SET serial = serial + 1 WHERE kind = '{kind}';
                END"""
            )
    return statements


def _sqlite_change_feed_drop() -> list[str]:
    return [
        *(
            f"DROP TRIGGER IF EXISTS change_{table}_{event}"
            for table, _ in _WATCHED.values()
            for event in ("insert", "update", "delete")
        ),
        "DROP TABLE IF EXISTS change_counters",
    ]


# PostgreSQL: its own full-text search (generated tsvector columns under GIN indexes; 'simple'
# like SQLite's unicode61: no stemming, no stop words) and NOTIFY from statement triggers.
# Notifications are sent at commit, and identical ones of one transaction are merged, so an
# import of a thousand comments is one notification. Text beyond the first 250,000 characters
# is not indexed: a tsvector is limited to 1 MB.
_POSTGRESQL = [
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', left(title, 1000)), 'A')
        || setweight(to_tsvector('simple', left(body, 250000)), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
    """ALTER TABLE comments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', left(body, 250000))) STORED""",
    "CREATE INDEX ix_comments_search_vector ON comments USING gin (search_vector)",
    """CREATE FUNCTION copydesk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('copydesk_changes', TG_ARGV[0]);
        RETURN NULL;
    END
    $$""",
    *(
        f"""CREATE TRIGGER change_{table}_notify
        AFTER INSERT OR UPDATE{columns} OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION copydesk_notify_change('{kind}')"""
        for kind, (table, columns) in _WATCHED.items()
    ),
]
_POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS change_{table}_notify ON {table}" for table, _ in _WATCHED.values()),
    "DROP FUNCTION IF EXISTS copydesk_notify_change()",
    "DROP INDEX IF EXISTS ix_comments_search_vector",
    "ALTER TABLE comments DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not in a batch: on SQLite a batch may rebuild the table, which would drop its triggers.
    op.add_column(
        "articles",
        sa.Column("updated_by", sa.String(length=200), server_default="", nullable=False),
    )
    op.create_table(
        "article_presence",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_presence_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_presence")),
    )
    op.create_index(
        op.f("ix_article_presence_client_id"), "article_presence", ["client_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _sqlite_change_feed():
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _POSTGRESQL:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _sqlite_change_feed_drop():
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _POSTGRESQL_DROP:
            op.execute(statement)
    op.drop_index(op.f("ix_article_presence_client_id"), table_name="article_presence")
    op.drop_table("article_presence")
    op.drop_column("articles", "updated_by")
