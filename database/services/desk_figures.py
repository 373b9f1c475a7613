"""Figures for the desk: words filed per person per day, and articles waiting in review.

"Filed" words are the words a person added to the articles they saved: for every version
they saved, the words it holds beyond the version before it (a save that cuts counts
nothing, never less than nothing), by the day it was saved (the desk's local day). Versions
are the article's revisions, each named after whoever wrote it, and the article as it is
now. Imports and articles as first created name no one (`updated_by` ""): not filed by
anyone. An article's first version, saved by a person, files all of its words.

Waiting in review: articles now In review, since the earliest version of the run of
versions in review that leads to now. Revisions older than migration 0006 recorded no
status: where the run reaches one, "since" is the earliest time known and says so
(`since_known` False).

Every query starts from an index: articles by `updated_at` (only articles saved in the
period can hold a version saved in it), articles by `status`, revisions by
(`article_id`, `number`); bodies are read only for the versions that are counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.errors import ValidationError
from database.models import Article, ArticleRevision, Author
from database.services.chunks import CHUNK_SIZE, chunked
from database.services.newsroom_settings import read_setting, write_setting
from database.statuses import ArticleStatus

PERIODS = (7, 30)  # days the view offers
GOAL_KEY = "desk.daily_word_goal"
WAITING_LIMIT = 500  # the longest waiting, listed; the count says how many in all
MAX_GOAL = 100_000


@dataclass(frozen=True)
class DailyWords:
    day: date
    person: str
    words: int
    articles: int  # how many articles they added words to that day


@dataclass(frozen=True)
class PersonWords:
    person: str
    words: int
    days: int  # days with words filed
    best_day: int
    days_at_goal: int  # days with at least the daily word goal; 0 without a goal


@dataclass(frozen=True)
class WaitingArticle:
    article_id: int
    title: str
    author_name: str
    sent_by: str  # who saved the version that moved it into review; "" if not recorded
    since: datetime
    since_known: bool  # False: in review at least since then, maybe longer

    def waited(self, now: datetime) -> timedelta:
        return max(now - self.since, timedelta(0))


@dataclass(frozen=True)
class DeskFigures:
    first_day: date
    last_day: date
    daily: tuple[DailyWords, ...]  # newest day first, then most words
    people: tuple[PersonWords, ...]  # most words first
    waiting: tuple[WaitingArticle, ...]  # longest waiting first, at most WAITING_LIMIT
    waiting_count: int
    daily_goal: int  # 0: none
    computed_at: datetime

    @property
    def total_words(self) -> int:
        return sum(person.words for person in self.people)


@dataclass(frozen=True)
class _Version:
    revision_id: int | None  # None: the article as it is now
    writer: str
    at: datetime
    status: ArticleStatus | None


def words_in(text: str) -> int:
    """Words as the editor's statistics count them (desktop/articles/text_stats.py)."""
    return len(text.split())


def _local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def _versions(session: Session, current: dict[int, _Version]) -> dict[int, list[_Version]]:
    """Every version of each article, oldest first, without their text."""
    versions: dict[int, list[_Version]] = defaultdict(list)
    for chunk in chunked(list(current), CHUNK_SIZE):
        rows = session.execute(
            select(
                ArticleRevision.article_id,
                ArticleRevision.id,
                ArticleRevision.saved_by,
                ArticleRevision.saved_at,
                ArticleRevision.status,
            )
            .where(ArticleRevision.article_id.in_(chunk))
            .order_by(ArticleRevision.article_id, ArticleRevision.number)
        )
        for article_id, revision_id, writer, at, status in rows:
            versions[article_id].append(_Version(revision_id, writer or "", at, status))
    for article_id, now in current.items():
        versions[article_id].append(now)
    return versions


def _word_counts(
    session: Session, revision_ids: Iterable[int], article_ids: Iterable[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """Words in the given revisions and in the given articles as they are now."""
    of_revisions: dict[int, int] = {}
    for chunk in chunked(list(revision_ids), CHUNK_SIZE):
        rows = session.execute(
            select(ArticleRevision.id, ArticleRevision.body).where(ArticleRevision.id.in_(chunk))
        )
        of_revisions.update((revision_id, words_in(body)) for revision_id, body in rows)
    of_articles: dict[int, int] = {}
    for chunk in chunked(list(article_ids), CHUNK_SIZE):
        rows = session.execute(select(Article.id, Article.body).where(Article.id.in_(chunk)))
        of_articles.update((article_id, words_in(body)) for article_id, body in rows)
    return of_revisions, of_articles


def _filed(
    session: Session, start: datetime, zone: tzinfo
) -> dict[tuple[date, str], tuple[int, set[int]]]:
    """(day, person) → words filed and the articles they went into, from `start` on."""
    # Version 1 by no one (an import, a first creation) holds nothing filed in itself.
    # The Trash is left out here, not in SQL: told `deleted_at IS NULL`, SQLite would read
    # every live article through that index rather than the few saved since `start`.
    touched = session.execute(
        select(
            Article.id, Article.updated_by, Article.updated_at, Article.status, Article.deleted_at
        ).where(Article.updated_at >= start, or_(Article.version > 1, Article.updated_by != ""))
    )
    current = {
        article_id: _Version(None, writer or "", at, status)
        for article_id, writer, at, status, deleted_at in touched
        if deleted_at is None
    }
    versions = _versions(session, current)
    counted: list[tuple[int, int, _Version]] = []  # article, index of the version, version
    for article_id, kept in versions.items():
        for index, version in enumerate(kept):
            if version.writer and version.at >= start:
                counted.append((article_id, index, version))
    needed_revisions: set[int] = set()
    needed_articles: set[int] = set()
    for article_id, index, version in counted:
        for wanted in (version, versions[article_id][index - 1] if index else None):
            if wanted is None:
                continue
            if wanted.revision_id is None:
                needed_articles.add(article_id)
            else:
                needed_revisions.add(wanted.revision_id)
    of_revisions, of_articles = _word_counts(session, needed_revisions, needed_articles)

    def words(article_id: int, version: _Version) -> int:
        if version.revision_id is None:
            return of_articles.get(article_id, 0)
        return of_revisions.get(version.revision_id, 0)

    filed: dict[tuple[date, str], tuple[int, set[int]]] = {}
    for article_id, index, version in counted:
        before = words(article_id, versions[article_id][index - 1]) if index else 0
        added = words(article_id, version) - before
        if added <= 0:
            continue
        key = (_local_day(version.at, zone), version.writer)
        total, articles = filed.get(key, (0, set()))
        articles.add(article_id)
        filed[key] = (total + added, articles)
    return filed


def _waiting(session: Session) -> tuple[list[WaitingArticle], int]:
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            Author.display_name,
            Article.updated_by,
            Article.updated_at,
            Article.deleted_at,
        )
        .outerjoin(Author, Author.id == Article.author_id)
        .where(Article.status == ArticleStatus.IN_REVIEW)
    ).all()
    rows = [row for row in rows if row.deleted_at is None]  # in Python: see _filed
    current = {
        row.id: _Version(None, row.updated_by or "", row.updated_at, ArticleStatus.IN_REVIEW)
        for row in rows
    }
    versions = _versions(session, current)
    waiting: list[WaitingArticle] = []
    for row in rows:
        kept = versions[row.id]
        first = kept[-1]
        known = True
        for version in reversed(kept[:-1]):
            if version.status is None:
                known = False  # kept before statuses were: it may have been in review too
                break
            if version.status is not ArticleStatus.IN_REVIEW:
                break
            first = version
        waiting.append(
            WaitingArticle(row.id, row.title, row.display_name or "", first.writer, first.at, known)
        )
    waiting.sort(key=lambda article: (article.since, article.article_id))
    return waiting[:WAITING_LIMIT], len(waiting)


def _people(daily: Sequence[DailyWords], goal: int) -> list[PersonWords]:
    by_person: dict[str, list[int]] = defaultdict(list)
    for entry in daily:
        by_person[entry.person].append(entry.words)
    people = [
        PersonWords(
            person=person,
            words=sum(days),
            days=len(days),
            best_day=max(days),
            days_at_goal=sum(1 for words in days if words >= goal) if goal else 0,
        )
        for person, days in by_person.items()
    ]
    people.sort(key=lambda person: (-person.words, person.person.casefold()))
    return people


def _goal(session: Session) -> int:
    stored = read_setting(session, GOAL_KEY)
    return stored if isinstance(stored, int) and 0 <= stored <= MAX_GOAL else 0


class DeskFiguresService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def figures(
        self, days: int = 7, *, now: datetime | None = None, zone: tzinfo | None = None
    ) -> DeskFigures:
        """The last `days` days, today included, in `zone` (the desk's local time by
        default), as of `now`."""
        if days < 1:
            raise ValidationError("A period is at least one day.", field="days")
        now = now or datetime.now(UTC)
        zone = zone or now.astimezone().tzinfo or UTC
        last_day = _local_day(now, zone)
        first_day = last_day - timedelta(days=days - 1)
        start = datetime.combine(first_day, time(), zone).astimezone(UTC)
        with operational_errors_reported("count the desk's figures"), self._sessions() as session:
            goal = _goal(session)
            filed = _filed(session, start, zone)
            waiting, waiting_count = _waiting(session)
        daily = [
            DailyWords(day, person, words, len(articles))
            for (day, person), (words, articles) in filed.items()
            if day <= last_day
        ]
        daily.sort(key=lambda entry: (-entry.day.toordinal(), -entry.words, entry.person))
        return DeskFigures(
            first_day=first_day,
            last_day=last_day,
            daily=tuple(daily),
            people=tuple(_people(daily, goal)),
            waiting=tuple(waiting),
            waiting_count=waiting_count,
            daily_goal=goal,
            computed_at=now,
        )

    def daily_goal(self) -> int:
        with operational_errors_reported("read the daily word goal"), self._sessions() as session:
            return _goal(session)

    def set_daily_goal(self, words: int, *, user: str) -> int:
        """The newsroom's daily word goal, for every desk; 0 for none."""
        if not 0 <= words <= MAX_GOAL:
            raise ValidationError(f"A daily word goal is from 0 to {MAX_GOAL:,}.", field="goal")
        with (
            operational_errors_reported("save the daily word goal"),
            self._sessions.begin() as session,
        ):
            write_setting(session, GOAL_KEY, words, user=user)
        return words


__all__ = [
    "PERIODS",
    "DailyWords",
    "DeskFigures",
    "DeskFiguresService",
    "PersonWords",
    "WaitingArticle",
    "words_in",
]
