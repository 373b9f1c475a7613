"""comment search by article; comment indexes for the moderation queue's filters

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

# SQLite: the article list's search needs the articles whose comments match, and comment_fts
# gives comment ids, which took reading up to a million comment rows for a common word to map
# back to articles. A second index of the comments, contentless (the words only, no copy of the
# text), has a rowid that carries the article: article_id << 32 | comment id, so `rowid >> 32`
# is the article, with no lookup. comment_fts stays: the moderation queue searches comments.
#
# The comment id (rather than its position under the article) makes rowids unique by
# construction: a contentless table does not refuse a duplicate rowid, and a later 'delete' of
# either would corrupt the index. The price is a limit, checked on every insert: comment ids
# below 2**32, article ids below 2**31 (the rowid is a signed 64-bit integer).
#
# Contentless: a row is removed with the 'delete' command and the very values it was indexed
# with. The name starts with "comment_fts" so that database.migrate's filter of SQLite-only
# tables (for the comparison of schema and models) covers it and its shadow tables.
_TOO_LARGE = """SELECT RAISE(ABORT, 'comment or article id too large for the search index')
        WHERE new.id >= 4294967296 OR new.article_id >= 2147483648;"""
SQLITE_FULL_TEXT = [
    """CREATE VIRTUAL TABLE comment_fts_by_article USING fts5(
        body, content='', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER comment_fts_by_article_insert AFTER INSERT ON comments BEGIN
        {_TOO_LARGE}
        INSERT INTO comment_fts_by_article(rowid, body)
        VALUES ((new.article_id << 32) | new.id, new.body);
    END""",
    """CREATE TRIGGER comment_fts_by_article_delete AFTER DELETE ON comments BEGIN
        INSERT INTO comment_fts_by_article(comment_fts_by_article, rowid, body)
        VALUES ('delete', (old.article_id << 32) | old.id, old.body);
    END""",
    # The article is part of the rowid: moving a comment re-indexes it, as an edit does.
    f"""CREATE TRIGGER comment_fts_by_article_update AFTER UPDATE OF article_id, body ON comments
    BEGIN
        {_TOO_LARGE}
        INSERT INTO comment_fts_by_article(comment_fts_by_article, rowid, body)
        VALUES ('delete', (old.article_id << 32) | old.id, old.body);
        INSERT INTO comment_fts_by_article(rowid, body)
        VALUES ((new.article_id << 32) | new.id, new.body);
    END""",
    # The comments already there, in one statement: with the indexes above, 22 s for a million
    # comments on a 2-core machine, once, on the first start after the update.
    """INSERT INTO comment_fts_by_article(rowid, body)
        SELECT (article_id << 32) | id, body FROM comments""",
]
SQLITE_FULL_TEXT_DROP = [
    "DROP TRIGGER IF EXISTS comment_fts_by_article_update",
    "DROP TRIGGER IF EXISTS comment_fts_by_article_delete",
    "DROP TRIGGER IF EXISTS comment_fts_by_article_insert",
    "DROP TABLE IF EXISTS comment_fts_by_article",
]

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not in a batch: on SQLite a batch may rebuild the table, which would drop its triggers.
    # The queue's filter lists count comments of a status per article and per held reason:
    # without an index, each count read every comment of the status (1.8 s for a million).
    # Per article, the status goes into the index by article that comments already had,
    # rather than into an index of its own on (status, article_id): changing a comment's status
    # then rewrites one leaf of it, not two far apart, and one index fewer is kept up to date.
    # Approving 10,000 comments of a million took 0.8 s of SQLite's time with a third status
    # index, 0.45 s this way; the article list counts as fast (0.35 s, 100,000 articles).
    op.drop_index("ix_comments_article_position", table_name="comments")
    op.create_index(
        "ix_comments_article_status_position",
        "comments",
        ["article_id", "status", "position"],
        unique=False,
    )
    op.create_index(
        "ix_comments_status_held_reason", "comments", ["status", "held_reason"], unique=False
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FULL_TEXT:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FULL_TEXT_DROP:
            op.execute(statement)
    op.drop_index("ix_comments_status_held_reason", table_name="comments")
    op.drop_index("ix_comments_article_status_position", table_name="comments")
    op.create_index(
        "ix_comments_article_position", "comments", ["article_id", "position"], unique=False
    )
