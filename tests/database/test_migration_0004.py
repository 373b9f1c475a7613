"""Migration 0004: an archive of the previous schema gets its comments indexed by article, and
the queue's indexes; downgrading takes them away again."""

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session

from database.engine import open_database
from database.migrate import alembic_config
from database.models import Article, Comment
from database.services.articles import ArticleFilter, ArticleService
from database.services.comments import CommentService
from database.statuses import CommentStatus

NEW_INDEXES = {"ix_comments_article_status_position", "ix_comments_status_held_reason"}
SQLITE_OBJECTS = {
    "comment_fts_by_article",
    "comment_fts_by_article_insert",
    "comment_fts_by_article_delete",
    "comment_fts_by_article_update",
}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


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
    with Session(engine) as session, session.begin():
        ferry = Article(title="Ferry", body="The crossing.")
        bridge = Article(title="Bridge", body="The span.")
        session.add_all([ferry, bridge])
        session.flush()
        session.add_all(
            [
                Comment(article_id=ferry.id, position=1, body="Where is the timetable?"),
                Comment(article_id=bridge.id, position=1, body="Closed on Monday"),
                Comment(article_id=bridge.id, position=2, body="The timetable says otherwise"),
            ]
        )
        session.flush()
        ferry_id, bridge_id = ferry.id, bridge.id
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
        if statement.startswith("SELECT"):
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
