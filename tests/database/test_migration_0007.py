"""Migration 0007: articles gain the Trash's columns (existing ones stay live, their search
index and change feed keep working), and downgrading deletes what was in the Trash rather
than bring it back as live articles."""


from sqlalchemy import Connection, Engine, inspect, text

from tests.database.migration_steps import columns, migrate

NOW = "2026-12-01 10:00:00+00:00"


def add_article(connection: Connection, article_id: int, title: str) -> None:
    connection.execute(
        text(
            "INSERT INTO articles (id, title, body, status, notes, version, created_at,"
            " updated_at, updated_by) VALUES (:id, :title, 'Body words', 'published', '', 1,"
            " :now, :now, '')"
        ),
        {"id": article_id, "title": title, "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO comments (article_id, position, body, status, received_at)"
            " VALUES (:id, 1, 'A comment', 'pending', :now)"
        ),
        {"id": article_id, "now": NOW},
    )


def test_articles_written_before_it_are_live_and_still_found(engine: Engine) -> None:
    migrate(engine, "0006")
    with engine.begin() as connection:
        add_article(connection, 1, "Harbour reopens")
    migrate(engine, "0007")
    with engine.connect() as connection:
        row = connection.execute(text("SELECT deleted_at, deleted_by FROM articles")).one()
        indexes = {index["name"] for index in inspect(connection).get_indexes("articles")}
    assert tuple(row) == (None, None)
    assert "ix_articles_deleted_at" in indexes
    if engine.dialect.name == "sqlite":
        # Not a rebuilt table: its triggers (search index, change feed) are still there.
        with engine.begin() as connection:
            connection.execute(text("UPDATE articles SET title = 'Ferry returns' WHERE id = 1"))
            found = connection.execute(
                text("SELECT rowid FROM article_fts WHERE article_fts MATCH 'ferry'")
            ).all()
        assert [tuple(row) for row in found] == [(1,)]


def test_downgrade_deletes_what_was_in_the_trash_and_keeps_the_rest(engine: Engine) -> None:
    migrate(engine, "0007")
    with engine.begin() as connection:
        add_article(connection, 1, "Kept")
        add_article(connection, 2, "Trashed")
        connection.execute(
            text("UPDATE articles SET deleted_at = :now, deleted_by = 'ann' WHERE id = 2"),
            {"now": NOW},
        )
    migrate(engine, "0006", down=True)
    assert not {"deleted_at", "deleted_by"} & columns(engine, "articles")
    with engine.connect() as connection:
        titles = connection.execute(text("SELECT title FROM articles")).scalars().all()
        comment_articles = connection.execute(text("SELECT article_id FROM comments")).all()
    assert titles == ["Kept"]
    assert [tuple(row) for row in comment_articles] == [(1,)]
    migrate(engine, "0007")
    assert {"deleted_at", "deleted_by"} <= columns(engine, "articles")
