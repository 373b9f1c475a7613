"""Desk figures: words filed per person per day (words added by their saves), and how long
articles have waited in review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from database.engine import Database
from database.errors import ValidationError
from database.models import Article, ArticleRevision
from database.services.articles import ArticleDetail, ArticleService
from database.services.desk_figures import DailyWords, DeskFiguresService
from database.statuses import ArticleStatus

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def articles(database: Database) -> ArticleService:
    return ArticleService(database.session_factory)


@pytest.fixture
def figures(database: Database) -> DeskFiguresService:
    return DeskFiguresService(database.session_factory)


def words(count: int) -> str:
    return " ".join(["word"] * count)


def save(articles: ArticleService, article_id: int, user: str, **changes: object) -> ArticleDetail:
    current = articles.get(article_id)
    fields: dict[str, object] = {
        "title": current.title,
        "body": current.body,
        "status": current.status,
        "author_id": current.author_id,
        "notes": current.notes,
        "expected_version": current.version,
        "user": user,
    }
    fields.update(changes)
    return articles.save(article_id, **fields)  # type: ignore[arg-type]


def date_versions(database: Database, article_id: int, *moments: datetime) -> None:
    """Put the article's versions (revisions oldest first, then the article) at `moments`."""
    with database.session_factory.begin() as session:
        revisions = session.scalars(
            select(ArticleRevision.id)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.number)
        ).all()
        assert len(revisions) == len(moments) - 1
        for revision_id, moment in zip(revisions, moments, strict=False):
            session.execute(
                update(ArticleRevision)
                .where(ArticleRevision.id == revision_id)
                .values(saved_at=moment)
            )
        session.execute(
            update(Article).where(Article.id == article_id).values(updated_at=moments[-1])
        )


def test_words_filed_are_the_words_each_save_added(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    article = articles.create("Harbour", words(100), created_by="ann")
    save(articles, article.id, "ann", body=words(150))
    save(articles, article.id, "bob", body=words(120))  # a cut files nothing
    save(articles, article.id, "bob", body=words(130))
    save(articles, article.id, "bob", status=ArticleStatus.IN_REVIEW)  # no words
    date_versions(database, article.id, *[NOW - timedelta(hours=5 - n) for n in range(5)])
    result = figures.figures(7, now=NOW, zone=UTC)
    assert result.daily == (
        DailyWords(date(2026, 3, 10), "ann", 150, 1),
        DailyWords(date(2026, 3, 10), "bob", 10, 1),
    )
    assert [(p.person, p.words, p.days) for p in result.people] == [("ann", 150, 1), ("bob", 10, 1)]
    assert result.total_words == 160


def test_imports_file_nothing_but_the_words_added_to_them_count(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    imported = articles.create("Imported", words(300))  # no one's: an import
    save(articles, imported.id, "ann", body=words(305))
    date_versions(database, imported.id, NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    assert figures.figures(7, now=NOW, zone=UTC).daily == (
        DailyWords(date(2026, 3, 10), "ann", 5, 1),
    )


def test_days_and_the_period(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    article = articles.create("Harbour", words(40), created_by="ann")
    save(articles, article.id, "ann", body=words(60))
    save(articles, article.id, "ann", body=words(100))
    # Ten days ago, yesterday 23:30 and today: the first is out of a 7-day period, but the
    # words it held are what yesterday's save added to.
    date_versions(
        database,
        article.id,
        NOW - timedelta(days=10),
        datetime(2026, 3, 9, 23, 30, tzinfo=UTC),
        NOW,
    )
    week = figures.figures(7, now=NOW, zone=UTC)
    assert week.daily == (
        DailyWords(date(2026, 3, 10), "ann", 40, 1),
        DailyWords(date(2026, 3, 9), "ann", 20, 1),
    )
    assert (week.first_day, week.last_day) == (date(2026, 3, 4), date(2026, 3, 10))
    assert figures.figures(30, now=NOW, zone=UTC).total_words == 100
    # Days are the desk's: at UTC+1, yesterday 23:30 UTC is today.
    plus_one = timezone(timedelta(hours=1))
    assert [(d.day, d.words) for d in figures.figures(7, now=NOW, zone=plus_one).daily] == [
        (date(2026, 3, 10), 60)
    ]


def test_daily_goal_is_the_newsrooms_and_counts_days_at_goal(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    assert figures.daily_goal() == 0
    figures.set_daily_goal(50, user="ed")
    assert DeskFiguresService(database.session_factory).daily_goal() == 50  # another desk
    article = articles.create("Harbour", words(60), created_by="ann")
    save(articles, article.id, "ann", body=words(80))
    date_versions(database, article.id, NOW - timedelta(days=1), NOW)
    (ann,) = figures.figures(7, now=NOW, zone=UTC).people
    assert (ann.words, ann.days, ann.best_day, ann.days_at_goal) == (80, 2, 60, 1)
    with pytest.raises(ValidationError):
        figures.set_daily_goal(-1, user="ed")


def test_waiting_in_review_since_the_move_into_review(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    waiting = articles.create("Waiting", words(10), created_by="ann")
    save(articles, waiting.id, "ann", status=ArticleStatus.IN_REVIEW)
    save(articles, waiting.id, "bob", body=words(12))  # edited in review: still waiting
    moved_in = NOW - timedelta(days=3)
    date_versions(database, waiting.id, NOW - timedelta(days=4), moved_in, NOW - timedelta(hours=1))
    sent_back = articles.create("Sent back", words(10), created_by="cat")
    save(articles, sent_back.id, "cat", status=ArticleStatus.IN_REVIEW)
    save(articles, sent_back.id, "ed", status=ArticleStatus.DRAFT)
    save(articles, sent_back.id, "cat", status=ArticleStatus.IN_REVIEW)
    again = NOW - timedelta(hours=2)
    date_versions(
        database,
        sent_back.id,
        NOW - timedelta(days=9),
        NOW - timedelta(days=8),
        NOW - timedelta(days=7),
        again,
    )
    articles.create("A draft", words(10))
    result = figures.figures(7, now=NOW, zone=UTC)
    assert result.waiting_count == 2
    first, second = result.waiting
    assert (first.title, first.sent_by, first.since, first.since_known) == (
        "Waiting",
        "ann",
        moved_in,
        True,
    )
    assert first.waited(NOW) == timedelta(days=3)
    assert (second.title, second.sent_by, second.since) == ("Sent back", "cat", again)


def test_revisions_without_a_status_make_since_a_lower_bound(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    article = articles.create("Old", words(10), created_by="ann")
    save(articles, article.id, "ann", status=ArticleStatus.IN_REVIEW)
    save(articles, article.id, "bob", body=words(11))
    with database.session_factory.begin() as session:  # as kept before migration 0006
        session.execute(
            update(ArticleRevision)
            .where(ArticleRevision.article_id == article.id, ArticleRevision.number == 1)
            .values(status=None)
        )
    (waiting,) = figures.figures(7, now=NOW, zone=UTC).waiting
    assert waiting.since_known is False and waiting.sent_by == "ann"


def test_trashed_articles_are_left_out(
    database: Database, articles: ArticleService, figures: DeskFiguresService
) -> None:
    article = articles.create("Trashed", words(10), created_by="ann")
    save(articles, article.id, "ann", status=ArticleStatus.IN_REVIEW)
    date_versions(database, article.id, NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    assert figures.figures(7, now=NOW, zone=UTC).waiting_count == 1
    with database.session_factory.begin() as session:
        session.execute(update(Article).where(Article.id == article.id).values(deleted_at=NOW))
    result = figures.figures(7, now=NOW, zone=UTC)
    assert (result.waiting_count, result.daily) == (0, ())
