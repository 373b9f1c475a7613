"""Presence marks between two copies of Copydesk (two engines on one database)."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from threading import Barrier, Thread

import pytest

from database.engine import Database, open_database
from database.services.articles import ArticleService
from database.services.presence import PresenceService


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 10, 2, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def other(database_url: str, database: Database) -> Iterator[Database]:
    """A second client: its own engine and connections on the same database."""
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def article_id(database: Database) -> int:
    return ArticleService(database.session_factory).create("Harbour", "Text.").id


def presence(database: Database, user: str, clock: Clock | None = None) -> PresenceService:
    return PresenceService(database.session_factory, user=user, clock=clock)


def test_opening_marks_the_article_and_others_see_it(
    database: Database, other: Database, article_id: int, clock: Clock
) -> None:
    ann, bob = presence(database, "ann", clock), presence(other, "bob", clock)
    mark = ann.claim(article_id)
    assert mark is not None and mark.mine and mark.user == "ann"
    assert mark.since == clock.now
    seen = bob.others()
    assert list(seen) == [article_id]
    assert seen[article_id].user == "ann" and not seen[article_id].mine
    assert ann.others() == {}
    # Bob opening it too does not take it: he is told who has it.
    held = bob.claim(article_id)
    assert held is not None and held.user == "ann" and not held.mine


def test_heartbeats_keep_a_mark_and_it_expires_when_they_stop(
    database: Database, other: Database, article_id: int, clock: Clock
) -> None:
    ann, bob = presence(database, "ann", clock), presence(other, "bob", clock)
    ann.claim(article_id)
    for _ in range(10):  # far past the expiry, but kept fresh
        clock.advance(15)
        mark = ann.heartbeat(article_id)
        assert mark is not None and mark.mine
        assert mark.since == datetime(2026, 11, 22, 10, 2, tzinfo=UTC)
    assert bob.holder(article_id) is not None
    clock.advance(44)
    assert bob.holder(article_id) is not None
    clock.advance(2)  # Ann's copy died 46 s ago
    assert bob.holder(article_id) is None
    assert bob.others() == {}
    claimed = bob.claim(article_id)
    assert claimed is not None and claimed.mine and claimed.user == "bob"
    # Ann comes back (her computer slept): the mark is Bob's now, and she is told so.
    back = ann.heartbeat(article_id)
    assert back is not None and back.user == "bob" and not back.mine


def test_expire_deletes_stale_marks_only(database: Database, other: Database, clock: Clock) -> None:
    articles = ArticleService(database.session_factory)
    first, second = articles.create("One").id, articles.create("Two").id
    ann, bob = presence(database, "ann", clock), presence(other, "bob", clock)
    ann.claim(first)
    clock.advance(30)
    bob.claim(second)
    clock.advance(30)
    assert bob.expire() == 1
    assert list(ann.marks()) == [second]


def test_taking_over_replaces_the_mark(
    database: Database, other: Database, article_id: int, clock: Clock
) -> None:
    ann, bob = presence(database, "ann", clock), presence(other, "bob", clock)
    ann.claim(article_id)
    clock.advance(5)
    taken = bob.claim(article_id, take_over=True)
    assert taken is not None and taken.mine and taken.since == clock.now
    lost = ann.heartbeat(article_id)
    assert lost is not None and lost.user == "bob" and not lost.mine
    assert ann.others()[article_id].user == "bob"


def test_closing_releases_the_mark(database: Database, other: Database, article_id: int) -> None:
    ann, bob = presence(database, "ann"), presence(other, "bob")
    ann.claim(article_id)
    assert bob.holder(article_id) is not None
    bob.release(article_id)  # not Bob's to release
    assert bob.holder(article_id) is not None
    ann.release(article_id)
    assert bob.holder(article_id) is None
    ann.claim(article_id)
    ann.release()
    assert bob.marks() == {}


def test_the_same_person_in_two_copies_is_two_holders(
    database: Database, other: Database, article_id: int
) -> None:
    first, second = presence(database, "ann"), presence(other, "ann")
    first.claim(article_id)
    held = second.claim(article_id)
    assert held is not None and not held.mine


def test_a_deleted_article_has_no_mark(database: Database, article_id: int) -> None:
    ann = presence(database, "ann")
    ann.claim(article_id)
    ArticleService(database.session_factory).delete(article_id)
    assert ann.marks() == {}
    assert ann.claim(article_id) is None


def test_the_server_clock_decides_what_is_fresh(database: Database, article_id: int) -> None:
    ann = presence(database, "ann")  # no injected clock: the database's
    mark = ann.claim(article_id)
    assert mark is not None
    assert abs(mark.since - datetime.now(UTC)) < timedelta(minutes=1)
    assert ann.holder(article_id) == mark


def test_two_copies_claiming_at_once_get_one_holder(
    database_url: str, database: Database, article_id: int
) -> None:
    clients = [open_database(database_url) for _ in range(4)]
    services = [presence(client, f"user{n}") for n, client in enumerate(clients)]
    start = Barrier(len(services))
    results: dict[int, object] = {}

    def claim(number: int) -> None:
        start.wait()
        results[number] = services[number].claim(article_id)

    threads = [Thread(target=claim, args=(n,)) for n in range(len(services))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.dispose()
    winners = [n for n, mark in results.items() if getattr(mark, "mine", False)]
    assert len(winners) == 1
    holders = {getattr(mark, "user", None) for mark in results.values()}
    assert holders == {f"user{winners[0]}"}


DESK = "d" * 32


def test_a_mark_left_by_an_ended_run_of_this_desk_is_taken_back(
    database: Database, other: Database, article_id: int, clock: Clock
) -> None:
    crashed = PresenceService(
        database.session_factory, user="Dana Reporter", desk_id=DESK, clock=clock
    )
    crashed.claim(article_id)  # then it crashed: the mark stays, fresh for a while yet
    clock.advance(5)
    alive: set[str] = set()
    restarted = PresenceService(
        other.session_factory,
        user="Dana Reporter",
        desk_id=DESK,
        run_is_alive=lambda run: run in alive,
        clock=clock,
    )
    assert restarted.client_id != crashed.client_id
    assert restarted.client_id.startswith(f"{DESK}.") and len(restarted.client_id) <= 64
    assert restarted.is_left_over(crashed.client_id)
    assert restarted.others() == {}  # not shown as someone else editing
    mark = restarted.claim(article_id)
    assert mark is not None and mark.mine and mark.client_id == restarted.client_id
    # Another desk's fresh mark is never this desk's to take back.
    elsewhere = presence(database, "bob", clock)
    restarted.release(article_id)
    elsewhere.claim(article_id)
    held = restarted.claim(article_id)
    assert held is not None and not held.mine and held.user == "bob"


def test_a_second_copy_of_the_desk_that_runs_keeps_its_marks(
    database: Database, other: Database, article_id: int, clock: Clock
) -> None:
    first = PresenceService(database.session_factory, user="dana", desk_id=DESK, clock=clock)
    first.claim(article_id)
    first_run = first.client_id.partition(".")[2]
    second = PresenceService(
        other.session_factory,
        user="dana",
        desk_id=DESK,
        run_is_alive=lambda run: run == first_run,
        clock=clock,
    )
    held = second.claim(article_id)
    assert held is not None and not held.mine and held.client_id == first.client_id
    assert list(second.others()) == [article_id]
    assert second.release_left_over() == 0


def test_release_left_over_drops_only_this_desks_ended_runs(
    database: Database, clock: Clock
) -> None:
    articles = ArticleService(database.session_factory)
    ids = [articles.create(f"Story {n}", "Text.").id for n in range(4)]
    ended = PresenceService(database.session_factory, user="dana", desk_id=DESK, clock=clock)
    for article in ids[:2]:
        ended.claim(article)
    running = PresenceService(database.session_factory, user="dana", desk_id=DESK, clock=clock)
    running.claim(ids[2])
    presence(database, "bob", clock).claim(ids[3])
    running_run = running.client_id.partition(".")[2]
    now = PresenceService(
        database.session_factory,
        user="dana",
        desk_id=DESK,
        run_is_alive=lambda run: run == running_run,
        clock=clock,
    )
    assert now.release_left_over() == 2
    assert sorted(now.marks()) == ids[2:]
    assert presence(database, "x", clock).release_left_over() == 0  # no desk: nothing to know
