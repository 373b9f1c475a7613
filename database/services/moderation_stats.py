"""Figures of the moderation: decisions per moderator per day, how long comments waited for
one, the oldest comment still pending, and why comments were held, over a chosen period.

A decision is a log entry that moved a comment to Approved, Rejected or Spam by hand (not
the rules applied to the queue, counted apart); an undo of one takes it back off its day.
Time to decision: from the comment's arrival to a decision by hand of the period that took it
out of Pending. Held because: the comments that arrived in the period and were held, by
their first reason (the one the queue is filtered by), whatever became of them since.

Each query starts from an index: the log by `changed_at` (each entry's comment read by its
key, for the arrival), the held comments by (`held_reason`, `received_at`) (migration 0008:
only the held ones, read from the index alone), the pending ones by (`status`,
`received_at`).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, Integer, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.errors import ValidationError
from database.models import Comment, ModerationEntry
from database.statuses import CommentStatus
from database.trash_filter import live_comments, trash_is_empty, trashed_part

PERIODS = (1, 7, 30, 90, 365)  # days the view offers
DECIDED = (CommentStatus.APPROVED, CommentStatus.REJECTED, CommentStatus.SPAM)
UNDO, RULES = "undo", "rules"
BUCKET = 15 * 60  # seconds: a quarter hour


@dataclass(frozen=True)
class ModeratorDay:
    day: date
    moderator: str
    approved: int
    rejected: int
    spam: int

    @property
    def decisions(self) -> int:
        return self.approved + self.rejected + self.spam


@dataclass(frozen=True)
class ModeratorTotal:
    moderator: str
    approved: int
    rejected: int
    spam: int
    days: int  # days with a decision
    median_wait: timedelta | None  # arrival to their decisions

    @property
    def decisions(self) -> int:
        return self.approved + self.rejected + self.spam


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    count: int


@dataclass(frozen=True)
class OldestPending:
    comment_id: int
    received_at: datetime

    def waited(self, now: datetime) -> timedelta:
        return max(now - self.received_at, timedelta(0))


@dataclass(frozen=True)
class ModerationStatistics:
    first_day: date
    last_day: date
    daily: tuple[ModeratorDay, ...]  # oldest day first, then most decisions
    moderators: tuple[ModeratorTotal, ...]  # most decisions first
    median_wait: timedelta | None  # over every decision of the period
    oldest_pending: OldestPending | None
    held_because: tuple[ReasonCount, ...]  # most first
    decision_reasons: tuple[ReasonCount, ...]  # reasons given with the period's decisions
    spam_by_rules: int  # comments the rules applied to the queue sent to spam
    computed_at: datetime

    @property
    def decisions(self) -> int:
        return sum(moderator.decisions for moderator in self.moderators)

    @property
    def days(self) -> tuple[date, ...]:
        """Every day of the period, in order (days without decisions too)."""
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=n) for n in range(count))


def _median(waits: list[float]) -> timedelta | None:
    return timedelta(seconds=statistics.median(waits)) if waits else None


def _local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


class _Tally:
    """The period's log entries, added up per (day, moderator)."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.days: dict[tuple[date, str], Counter[CommentStatus]] = defaultdict(Counter)
        self.waits: dict[str, list[float]] = defaultdict(list)
        self.reasons: Counter[str] = Counter()
        self.spam_by_rules = 0

    def add(
        self,
        who: str,
        day: date,
        from_status: CommentStatus,
        to_status: CommentStatus,
        action: str | None,
        reason: str | None,
        count: int,
    ) -> None:
        if action == RULES:
            self.spam_by_rules += count if to_status is CommentStatus.SPAM else 0
            return
        key = (day, who)
        if action == UNDO:
            if from_status in DECIDED:  # decisions taken back
                self.days[key][from_status] -= count
            return
        if to_status not in DECIDED:
            return
        self.days[key][to_status] += count
        if reason:
            self.reasons[reason] += count

    def daily(self) -> list[ModeratorDay]:
        found = [
            ModeratorDay(
                day,
                who,
                max(counts[CommentStatus.APPROVED], 0),
                max(counts[CommentStatus.REJECTED], 0),
                max(counts[CommentStatus.SPAM], 0),
            )
            for (day, who), counts in self.days.items()
        ]
        found = [entry for entry in found if entry.decisions > 0]
        found.sort(key=lambda entry: (entry.day, -entry.decisions, entry.moderator))
        return found

    def moderators(self, daily: list[ModeratorDay]) -> list[ModeratorTotal]:
        by_person: dict[str, list[ModeratorDay]] = defaultdict(list)
        for entry in daily:
            by_person[entry.moderator].append(entry)
        totals = [
            ModeratorTotal(
                moderator=who,
                approved=sum(day.approved for day in days),
                rejected=sum(day.rejected for day in days),
                spam=sum(day.spam for day in days),
                days=len(days),
                median_wait=_median(self.waits.get(who, [])),
            )
            for who, days in by_person.items()
        ]
        totals.sort(key=lambda total: (-total.decisions, total.moderator.casefold()))
        return totals


def _epoch_seconds(session: Session, column: ColumnElement[datetime]) -> ColumnElement[int]:
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(func.extract("epoch", column)), Integer)


def _log_entries(session: Session, start: datetime, end: datetime, tally: _Tally) -> None:
    """The period's entries counted in SQL by quarter hour (every zone's midnight falls on
    one), moderator and kind; only the waits come row by row, as numbers. A year of 300,000
    decisions: 4.2 s as rows, 0.6 s so."""
    quarter = (_epoch_seconds(session, ModerationEntry.changed_at) // BUCKET).label("quarter")
    in_period = (ModerationEntry.changed_at >= start, ModerationEntry.changed_at < end)
    kinds = (
        ModerationEntry.changed_by,
        ModerationEntry.from_status,
        ModerationEntry.to_status,
        ModerationEntry.action,
        ModerationEntry.reason,
    )
    counted = select(quarter, *kinds, func.count()).where(*in_period).group_by(quarter, *kinds)
    days: dict[int, date] = {}
    for bucket, who, from_status, to_status, action, reason, count in session.execute(counted):
        day = days.get(bucket)
        if day is None:
            moment = datetime.fromtimestamp(bucket * BUCKET, UTC)
            day = days[bucket] = _local_day(moment, tally.zone)
        tally.add(who, day, from_status, to_status, action, reason, count)
    waited = _epoch_seconds(session, ModerationEntry.changed_at) - _epoch_seconds(
        session, Comment.received_at
    )
    waits = (
        select(ModerationEntry.changed_by, waited)
        .join(Comment, Comment.id == ModerationEntry.comment_id)
        .where(
            *in_period,
            ModerationEntry.action.is_(None),
            ModerationEntry.from_status == CommentStatus.PENDING,
            ModerationEntry.to_status.in_(DECIDED),
        )
    )
    result = session.connection().execute(waits)
    try:
        for who, seconds in result.cursor:  # plain numbers: no row objects for a year of them
            tally.waits[who].append(max(float(seconds or 0), 0.0))
    finally:
        result.close()


def _held_because(session: Session, start: datetime, end: datetime) -> list[ReasonCount]:
    query = (
        select(Comment.held_reason, func.count())
        .where(
            Comment.held_reason.is_not(None),
            Comment.received_at >= start,
            Comment.received_at < end,
        )
        .group_by(Comment.held_reason)
    )
    found = Counter({reason: n for reason, n in session.execute(query)})
    if not trash_is_empty(session):
        found.subtract({reason: n for reason, n in session.execute(trashed_part(query))})
    return _reason_counts(found)


def _reason_counts(found: Counter[str]) -> list[ReasonCount]:
    kept = [(reason, n) for reason, n in found.items() if n > 0]
    kept.sort(key=lambda item: (-item[1], item[0]))
    return [ReasonCount(reason, n) for reason, n in kept]


def _oldest_pending(session: Session) -> OldestPending | None:
    query = (
        select(Comment.id, Comment.received_at)
        .where(Comment.status == CommentStatus.PENDING)
        .order_by(Comment.received_at, Comment.id)
        .limit(1)
    )
    row = session.execute(live_comments(session, query)).first()
    return None if row is None else OldestPending(row[0], row[1])


class ModerationStatisticsService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def statistics(
        self, days: int = 7, *, now: datetime | None = None, zone: tzinfo | None = None
    ) -> ModerationStatistics:
        """The last `days` days, today included, in `zone` (the desk's local time by
        default), as of `now`."""
        if days < 1:
            raise ValidationError("A period is at least one day.", field="days")
        now = now or datetime.now(UTC)
        zone = zone or now.astimezone().tzinfo or UTC
        last_day = _local_day(now, zone)
        first_day = last_day - timedelta(days=days - 1)
        start = datetime.combine(first_day, time(), zone).astimezone(UTC)
        end = datetime.combine(last_day + timedelta(days=1), time(), zone).astimezone(UTC)
        tally = _Tally(zone)
        with (
            operational_errors_reported("count the moderation figures"),
            self._sessions() as session,
        ):
            _log_entries(session, start, end, tally)
            held = _held_because(session, start, end)
            oldest = _oldest_pending(session)
        daily = tally.daily()
        every_wait = [wait for waits in tally.waits.values() for wait in waits]
        return ModerationStatistics(
            first_day=first_day,
            last_day=last_day,
            daily=tuple(daily),
            moderators=tuple(tally.moderators(daily)),
            median_wait=_median(every_wait),
            oldest_pending=oldest,
            held_because=tuple(held),
            decision_reasons=tuple(_reason_counts(tally.reasons)),
            spam_by_rules=tally.spam_by_rules,
            computed_at=now,
        )


__all__ = [
    "PERIODS",
    "ModerationStatistics",
    "ModerationStatisticsService",
    "ModeratorDay",
    "ModeratorTotal",
    "OldestPending",
    "ReasonCount",
]
