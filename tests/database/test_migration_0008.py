"""Migration 0008: comments and log entries gain a decision reason (existing ones none), the
comments every matched rule, the rules a record of their changes; the filters' indexes are
used; downgrading drops exactly that and keeps statuses and held reasons."""

from sqlalchemy import Connection, Engine, inspect, text

from tests.database.migration_steps import columns, migrate, tables

NOW = "2026-12-01 10:00:00+00:00"


def add_article_with_comments(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT INTO articles (id, title, body, status, notes, version, created_at,"
            " updated_at, updated_by) VALUES (1, 'Harbour reopens', 'Body words', 'published',"
            " '', 1, :now, :now, '')"
        ),
        {"now": NOW},
    )
    for comment_id, status, reason in (
        (1, "pending", "word: casino"),
        (2, "rejected", None),
    ):
        connection.execute(
            text(
                "INSERT INTO comments (id, article_id, position, body, status, held_reason,"
                " received_at) VALUES (:id, 1, :id, 'Ferry comment', :status, :reason, :now)"
            ),
            {"id": comment_id, "status": status, "reason": reason, "now": NOW},
        )
    connection.execute(
        text(
            "INSERT INTO moderation_log (comment_id, from_status, to_status, changed_by,"
            " changed_at) VALUES (2, 'pending', 'rejected', 'ann', :now)"
        ),
        {"now": NOW},
    )


def test_existing_comments_and_log_entries_have_no_reason_and_keep_theirs(engine: Engine) -> None:
    migrate(engine, "0007")
    with engine.begin() as connection:
        add_article_with_comments(connection)
    migrate(engine, "0008")
    with engine.connect() as connection:
        comments = connection.execute(
            text(
                "SELECT id, status, held_reason, held_reasons, decision_reason FROM comments"
                " ORDER BY id"
            )
        ).all()
        entry = connection.execute(
            text("SELECT changed_by, to_status, reason, action FROM moderation_log")
        ).one()
        comment_indexes = {index["name"] for index in inspect(connection).get_indexes("comments")}
        log_indexes = {index["name"] for index in inspect(connection).get_indexes("moderation_log")}
    assert [tuple(row) for row in comments] == [
        (1, "pending", "word: casino", None, None),
        (2, "rejected", None, None, None),
    ]
    assert tuple(entry) == ("ann", "rejected", None, None)
    assert {"ix_comments_held_reason", "ix_comments_decision_reason"} <= comment_indexes
    assert "ix_moderation_log_changed_by" in log_indexes
    assert "moderation_rule_changes" in tables(engine)
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            # Not a rebuilt table: the search index's triggers still follow the comments.
            connection.execute(text("UPDATE comments SET body = 'Lighthouse' WHERE id = 2"))
            found = connection.execute(
                text("SELECT rowid FROM comment_fts WHERE comment_fts MATCH 'lighthouse'")
            ).all()
            # The queue's filter by reason and the count of held comments use the new index.
            plan = " ".join(
                str(row[-1])
                for row in connection.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT held_reason, count(*) FROM comments"
                        " WHERE held_reason IS NOT NULL AND received_at >= :now"
                        " GROUP BY held_reason"
                    ),
                    {"now": NOW},
                )
            )
        assert [tuple(row) for row in found] == [(2,)]
        assert "ix_comments_held_reason" in plan


def test_downgrade_drops_the_reasons_and_the_rule_changes_and_keeps_the_rest(
    engine: Engine,
) -> None:
    migrate(engine, "0008")
    with engine.begin() as connection:
        add_article_with_comments(connection)
        connection.execute(
            text(
                "UPDATE comments SET decision_reason = 'abuse', held_reasons = '[\"a\", \"b\"]'"
                " WHERE id = 2"
            )
        )
        connection.execute(text("UPDATE moderation_log SET reason = 'abuse'"))
        connection.execute(
            text(
                "INSERT INTO moderation_rule_changes (changed_by, changed_at, before, after)"
                " VALUES ('ann', :now, '{}', '{}')"
            ),
            {"now": NOW},
        )
    migrate(engine, "0007", down=True)
    assert not {"decision_reason", "held_reasons"} & columns(engine, "comments")
    assert not {"reason", "action"} & columns(engine, "moderation_log")
    assert "moderation_rule_changes" not in tables(engine)
    with engine.connect() as connection:
        comments = connection.execute(
            text("SELECT id, status, held_reason FROM comments ORDER BY id")
        ).all()
        indexes = {index["name"] for index in inspect(connection).get_indexes("comments")}
    assert [tuple(row) for row in comments] == [
        (1, "pending", "word: casino"),
        (2, "rejected", None),
    ]
    assert "ix_comments_held_reason" not in indexes
    migrate(engine, "0008")
    assert {"decision_reason", "held_reasons"} <= columns(engine, "comments")
