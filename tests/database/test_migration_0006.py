"""Migration 0006: revisions kept before it stay readable (their status, author and notes are
unknown), the newsroom's words and settings get their tables, and downgrading undoes it."""


from sqlalchemy import Engine, text

from tests.database.migration_steps import columns, migrate, tables


def test_an_old_revision_is_kept_with_what_it_did_not_record_unknown(engine: Engine) -> None:
    migrate(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, title, body, status, notes, version, created_at,"
                " updated_at, updated_by) VALUES (1, 'T', 'B', 'draft', '', 2, :now, :now, 'ann')"
            ),
            {"now": "2026-12-01 10:00:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO article_revisions (article_id, number, title, body, saved_by,"
                " saved_at) VALUES (1, 1, 'Old', 'Old body', 'ann', :now)"
            ),
            {"now": "2026-12-01 09:00:00+00:00"},
        )
    migrate(engine, "0006")
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT title, status, author_id, notes, reason FROM article_revisions")
        ).one()
    assert tuple(row) == ("Old", None, None, None, "")
    assert {"newsroom_words", "newsroom_settings"} <= tables(engine)


def test_downgrade_takes_it_away_and_upgrade_brings_it_back(engine: Engine) -> None:
    migrate(engine, "0006")
    migrate(engine, "0005", down=True)
    assert not {"status", "author_id", "notes", "reason"} & columns(engine, "article_revisions")
    assert not {"newsroom_words", "newsroom_settings"} & tables(engine)
    migrate(engine, "0006")
    assert {"status", "author_id", "notes", "reason"} <= columns(engine, "article_revisions")
