"""Migration 0004: an archive of the previous schema gets its comments indexed by article, and
the queue's indexes; downgrading takes them away again."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, insert, inspect

from database.engine import open_database
from database.models import Article, Comment
from database.services.articles import ArticleFilter, ArticleService
from database.services.comments import CommentService
from database.statuses import CommentStatus
from tests.database.migration_steps import migrate

NEW_INDEXES = {"ix_comments_article_status_position", "ix_comments_status_held_reason"}
SQLITE_OBJECTS = {
    "comment_fts_by_article",
    "comment_fts_by_article_insert",
    "comment_fts_by_article_delete",
    "comment_fts_by_article_update",
}


def comment_indexes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {str(index["name"]) for index in inspect(connection).get_indexes("comments")}


def sqlite_objects(engine: Engine) -> set[str]:
    if engine.dialect.name != "sqlite":
        return set()
    with engine.connect() as connection:
        names = connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars()
        return {name for name in names if name.startswith("comment_fts_by_article")}


def test_comments_already_there_are_found_by_their_article_after_the_upgrade(
    engine: Engine, database_url: str
) -> None:
    migrate(engine, "0003")
    # Core inserts naming only the columns 0003 had: the models have columns of later ones.
    now = datetime.now(UTC)
    article = {"status": "draft", "notes": "", "version": 1, "created_at": now, "updated_at": now}
    with engine.begin() as connection:
        ferry_id, bridge_id = (
            connection.execute(insert(Article.__table__).values(title=title, body=body, **article))
            .inserted_primary_key[0]
            for title, body in (("Ferry", "The crossing."), ("Bridge", "The span."))
        )
        connection.execute(
            insert(Comment.__table__),
            [
                {"article_id": ferry_id, "position": 1, "body": "Where is the timetable?"},
                {"article_id": bridge_id, "position": 1, "body": "Closed on Monday"},
                {"article_id": bridge_id, "position": 2, "body": "The timetable says otherwise"},
            ],
        )
    assert not NEW_INDEXES & comment_indexes(engine)

    database = open_database(database_url)  # as Copydesk does on opening: up to the head
    try:
        articles = ArticleService(database.session_factory)
        assert articles.matching_ids("timetable") == {ferry_id, bridge_id}
        assert articles.ids(ArticleFilter(search="monday")) == [bridge_id]
    finally:
        database.dispose()
    assert comment_indexes(engine) >= NEW_INDEXES
    if engine.dialect.name == "sqlite":
        assert sqlite_objects(engine) >= SQLITE_OBJECTS


def test_downgrade_takes_it_all_away_and_upgrade_brings_it_back(engine: Engine) -> None:
    migrate(engine, "head")
    migrate(engine, "0003", down=True)
    assert not NEW_INDEXES & comment_indexes(engine)
    assert sqlite_objects(engine) == set()
    migrate(engine, "head")
    assert comment_indexes(engine) >= NEW_INDEXES
    if engine.dialect.name == "sqlite":
        assert sqlite_objects(engine) >= SQLITE_OBJECTS


def test_the_queues_filter_lists_count_from_the_new_indexes(database) -> None:
    if not database.is_sqlite:
        pytest.skip("PostgreSQL's planner reads a table this small whole, index or not")
    statements: list[tuple[str, object]] = []

    def note(_connection, _cursor, statement: str, parameters: object, *_args: object) -> None:
        # Not the probe of whether the Trash is empty (migration 0007): it reads articles only.
        if statement.startswith("SELECT") and "comments" in statement:
            statements.append((statement, parameters))

    comments = CommentService(database.session_factory)
    event.listen(database.engine, "before_cursor_execute", note)
    try:
        comments.held_reasons(CommentStatus.PENDING)
        comments.articles_with_comments(CommentStatus.PENDING)
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    with database.engine.connect() as connection:
        plans = [
            " ".join(
                str(row[3]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p)
            )
            for s, p in statements
        ]
    assert "COVERING INDEX ix_comments_status_held_reason" in plans[0]
    assert "COVERING INDEX ix_comments_article_status_position" in plans[1]
