"""Who is editing what: one mark per article, held by one running copy of Copydesk.

Opening an article claims its mark, unless someone else holds a fresh one; a heartbeat (a
claim again, every HEARTBEAT_SECONDS) keeps it fresh; closing releases it. A mark whose
heartbeat is older than the expiry belongs to a copy that died or lost its network: it counts
as gone and the next claim replaces it. Taking over replaces a fresh mark too.

A desk (one person's Copydesk on one computer) keeps an id; each run of it marks with a client
id made of the desk's id and the run's own. A mark of this desk whose run is no longer running
(it crashed, or the computer was switched off) is left over: the desk's next run takes it back
silently instead of showing the person as someone else who edits their article.

Times come from the database server on PostgreSQL, so that desks whose clocks disagree still
agree on what is fresh; SQLite's users share a machine, and its clock.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported, write_transaction_options
from database.models import Article, ArticlePresence, utc_now

HEARTBEAT_SECONDS = 15
EXPIRY = timedelta(seconds=45)

Clock = Callable[[], datetime]


RUN_ID = re.compile(r"[0-9a-f]{1,32}")


def new_client_id(desk_id: str | None = None) -> str:
    """An id for one running copy of Copydesk; of a run of the desk `desk_id` if given."""
    if desk_id is None:
        return uuid.uuid4().hex
    # 32 + 1 + 16 characters: within the column's 64.
    return f"{desk_id}.{uuid.uuid4().hex[:16]}"


def run_of(client_id: str, desk_id: str) -> str | None:
    """The run's own id if `client_id` is of a run of the desk `desk_id`, else None."""
    desk, dot, run = client_id.partition(".")
    return run if dot and desk == desk_id and RUN_ID.fullmatch(run) else None


@dataclass(frozen=True)
class PresenceMark:
    article_id: int
    user: str
    client_id: str
    since: datetime
    heartbeat_at: datetime
    mine: bool  # held by the copy of Copydesk that asked


class PresenceService:
    """Presence marks as seen from one running copy of Copydesk (`client_id`)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        user: Callable[[], str] | str,
        client_id: str | None = None,
        desk_id: str | None = None,
        run_is_alive: Callable[[str], bool] | None = None,
        expiry: timedelta = EXPIRY,
        clock: Clock | None = None,
    ) -> None:
        """`user` names who is working (a callable: the profile may change); `clock` replaces
        the database's own, for tests.

        With `desk_id`, marks of this desk's other runs are recognised: `run_is_alive` says,
        given a run's id, whether that run still goes (a second copy on the same computer);
        those that do not left their marks over, and this copy takes them back.
        """
        self._sessions = session_factory
        self._user = user if callable(user) else (lambda: user)
        self.client_id = client_id or new_client_id(desk_id)
        self.desk_id = desk_id
        self._run_is_alive = run_is_alive or (lambda _run: False)
        self.expiry = expiry
        self._clock = clock

    def is_left_over(self, client_id: str) -> bool:
        """Whether a mark of `client_id` was left by an earlier run of this desk that ended."""
        if self.desk_id is None or client_id == self.client_id:
            return False
        run = run_of(client_id, self.desk_id)
        return run is not None and not self._run_is_alive(run)

    def _now(self, session: Session) -> datetime:
        if self._clock is not None:
            return self._clock()
        if session.get_bind().dialect.name == "postgresql":
            moment = session.scalar(select(func.clock_timestamp()))
            assert moment is not None
            return moment
        return utc_now()

    def _mark(self, row: ArticlePresence) -> PresenceMark:
        return PresenceMark(
            article_id=row.article_id,
            user=row.user_name,
            client_id=row.client_id,
            since=row.since,
            heartbeat_at=row.heartbeat_at,
            mine=row.client_id == self.client_id,
        )

    def claim(self, article_id: int, *, take_over: bool = False) -> PresenceMark | None:
        """Mark the article as being edited here, unless another copy holds a fresh mark
        (`take_over` replaces even that). The mark that holds afterwards: this copy's if the
        claim succeeded, someone else's if not; None if the article no longer exists.

        Claiming a mark already held refreshes its heartbeat: this is the heartbeat too. A mark
        left over by an earlier run of this desk is replaced, fresh or not.
        """
        with (
            operational_errors_reported("mark the article as being edited"),
            self._sessions.begin() as session,
        ):
            session.connection(execution_options=write_transaction_options())
            now = self._now(session)
            user = self._user()
            refreshed = session.execute(
                update(ArticlePresence)
                .where(
                    ArticlePresence.article_id == article_id,
                    ArticlePresence.client_id == self.client_id,
                )
                # Only the heartbeat: the change feed ignores it, since it is not news.
                .values(heartbeat_at=now)
                .execution_options(synchronize_session=False)
            )
            if refreshed.rowcount == 0:  # type: ignore[attr-defined]
                gone = delete(ArticlePresence).where(ArticlePresence.article_id == article_id)
                if not take_over and not self._left_over_on(session, article_id):
                    gone = gone.where(ArticlePresence.heartbeat_at < now - self.expiry)
                session.execute(gone.execution_options(synchronize_session=False))
                self._insert_if_free(session, article_id, user, now)
            row = session.get(ArticlePresence, article_id, populate_existing=True)
            return None if row is None else self._mark(row)

    def _left_over_on(self, session: Session, article_id: int) -> bool:
        holder = session.scalar(
            select(ArticlePresence.client_id).where(ArticlePresence.article_id == article_id)
        )
        return holder is not None and self.is_left_over(holder)

    def _insert_if_free(self, session: Session, article_id: int, user: str, now: datetime) -> None:
        values = {
            "article_id": article_id,
            "user_name": user,
            "client_id": self.client_id,
            "since": now,
            "heartbeat_at": now,
        }
        # Imported here: the PostgreSQL dialect costs SQLite users 20 ms of start-up.
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        # A mark claimed by someone else in the meantime wins; a deleted article gets none.
        if session.scalar(select(Article.id).where(Article.id == article_id)) is None:
            return
        session.execute(
            insert(ArticlePresence)
            .values(values)
            .on_conflict_do_nothing(index_elements=["article_id"])
        )

    def heartbeat(self, article_id: int) -> PresenceMark | None:
        """Keep this copy's mark fresh; the holder afterwards, as for `claim`.

        A mark that expired meanwhile (the computer slept) is claimed again if nobody else
        took it; a mark taken over by someone else stays theirs.
        """
        return self.claim(article_id)

    def release(self, article_id: int | None = None) -> None:
        """Drop this copy's mark on the article (on every article, without one)."""
        with operational_errors_reported("release the mark"), self._sessions.begin() as session:
            gone = delete(ArticlePresence).where(ArticlePresence.client_id == self.client_id)
            if article_id is not None:
                gone = gone.where(ArticlePresence.article_id == article_id)
            session.execute(gone.execution_options(synchronize_session=False))

    def release_left_over(self) -> int:
        """Drop the marks earlier runs of this desk left behind; how many there were."""
        if self.desk_id is None:
            return 0
        with operational_errors_reported("release old marks"), self._sessions.begin() as session:
            runs = session.scalars(
                select(ArticlePresence.client_id)
                .where(ArticlePresence.client_id.startswith(f"{self.desk_id}.", autoescape=True))
                .distinct()
            )
            ended = [client for client in runs if self.is_left_over(client)]
            if not ended:
                return 0
            gone = session.execute(
                delete(ArticlePresence)
                .where(ArticlePresence.client_id.in_(ended))
                .execution_options(synchronize_session=False)
            )
            return int(gone.rowcount)  # type: ignore[attr-defined]

    def holder(self, article_id: int) -> PresenceMark | None:
        """The fresh mark on the article, whoever holds it."""
        return self.marks([article_id]).get(article_id)

    def marks(self, article_ids: Iterable[int] | None = None) -> dict[int, PresenceMark]:
        """Fresh marks by article id: of the given articles, or of every article."""
        with operational_errors_reported("see who is editing"), self._sessions() as session:
            now = self._now(session)
            query = select(ArticlePresence).where(ArticlePresence.heartbeat_at >= now - self.expiry)
            if article_ids is not None:
                wanted = list(article_ids)
                if not wanted:
                    return {}
                query = query.where(ArticlePresence.article_id.in_(wanted))
            return {row.article_id: self._mark(row) for row in session.scalars(query)}

    def others(self) -> dict[int, PresenceMark]:
        """Fresh marks held by other copies of Copydesk: what the article list shows. Marks
        this desk's earlier runs left over are no one's: the next claim takes them back."""
        return {
            key: mark
            for key, mark in self.marks().items()
            if not mark.mine and not self.is_left_over(mark.client_id)
        }

    def expire(self) -> int:
        """Delete the marks that are no longer fresh; how many there were."""
        with operational_errors_reported("expire marks"), self._sessions.begin() as session:
            now = self._now(session)
            gone = session.execute(
                delete(ArticlePresence)
                .where(ArticlePresence.heartbeat_at < now - self.expiry)
                .execution_options(synchronize_session=False)
            )
            return int(gone.rowcount)  # type: ignore[attr-defined]
