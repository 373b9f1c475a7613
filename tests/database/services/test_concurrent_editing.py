"""No silent overwrites: clients that load, edit and save one article in any interleaving.

Every client is a Database of its own (its own engine and connections) on the same SQLite file
or PostgreSQL schema; the last test runs them as separate processes.
"""

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from threading import Barrier, Thread

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from database.engine import Database, open_database
from database.errors import DatabaseError, StaleVersionError
from database.services.articles import ArticleDetail, ArticleService

CLIENTS = 3
CLIENT_SCRIPT = Path(__file__).with_name("editing_client.py")


@pytest.fixture
def clients(database_url: str, database: Database) -> Iterator[list[ArticleService]]:
    opened = [open_database(database_url) for _ in range(CLIENTS)]
    yield [ArticleService(client.session_factory) for client in opened]
    for client in opened:
        client.dispose()


def save_as(articles: ArticleService, loaded: ArticleDetail, body: str, user: str) -> ArticleDetail:
    return articles.save(
        loaded.id,
        title=loaded.title,
        body=body,
        status=loaded.status,
        author_id=loaded.author_id,
        notes=loaded.notes,
        expected_version=loaded.version,
        user=user,
    )


def texts_by_version(articles: ArticleService, article_id: int) -> dict[int, str]:
    """Valid when every save changed the text: revision n then holds version n's text."""
    current = articles.get(article_id)
    found = {revision.number: revision.body for revision in articles.revisions(article_id)}
    found[current.version] = current.body
    return found


@dataclass
class Desk:
    """What one client's editor holds."""

    loaded: ArticleDetail | None = None
    draft: str = ""


@dataclass
class Truth:
    """What the database must hold: the current version and every text that was saved."""

    version: int
    texts: list[str] = field(default_factory=list)


step = st.tuples(st.integers(0, CLIENTS - 1), st.sampled_from(["load", "edit", "save"]))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=40))
def test_randomized_interleavings_never_overwrite_silently(
    clients: list[ArticleService], steps: list[tuple[int, str]]
) -> None:
    created = clients[0].create("Council", "First text.")
    truth = Truth(version=created.version, texts=[created.body])
    desks = [Desk() for _ in clients]
    for number, (who, action) in enumerate(steps):
        desk, articles = desks[who], clients[who]
        if action == "load" or desk.loaded is None:
            desk.loaded = articles.get(created.id)
            desk.draft = desk.loaded.body
            assert (desk.loaded.version, desk.loaded.body) == (truth.version, truth.texts[-1])
        elif action == "edit":
            desk.draft = f"{desk.draft} +{who}.{number}"
        else:
            up_to_date = desk.loaded.version == truth.version
            try:
                saved = save_as(articles, desk.loaded, desk.draft, f"client {who}")
            except StaleVersionError:
                assert not up_to_date, "a save from the current version was refused"
                continue
            # It landed: so it must have been made on top of what is current.
            assert up_to_date, "a save from a stale version overwrote someone's text"
            assert desk.loaded.body == truth.texts[-1]
            assert saved.version == truth.version + 1
            truth.version = saved.version
            if desk.draft != truth.texts[-1]:
                truth.texts.append(desk.draft)
            desk.loaded = saved
    # Nothing ever saved is lost: every text is the current one or a revision, in order.
    current = clients[0].get(created.id)
    history = [revision.body for revision in reversed(clients[0].revisions(created.id))]
    assert current.version == truth.version
    assert [*history, current.body] == truth.texts


def test_a_stale_save_is_refused_and_changes_nothing(clients: list[ArticleService]) -> None:
    ann, bob = clients[0], clients[1]
    article = ann.create("Ferry", "Timetable.")
    ann_copy, bob_copy = ann.get(article.id), bob.get(article.id)
    save_as(ann, ann_copy, "Ann's timetable.", "ann")
    with pytest.raises(StaleVersionError, match="changed elsewhere"):
        save_as(bob, bob_copy, "Bob's timetable.", "bob")
    now = bob.get(article.id)
    assert (now.body, now.version, now.updated_by) == ("Ann's timetable.", 2, "ann")
    assert [revision.body for revision in bob.revisions(article.id)] == ["Timetable."]


@dataclass(frozen=True)
class Landed:
    base: int
    version: int
    loaded: str
    saved: str


def check_chain(articles: ArticleService, article_id: int, landed: list[Landed]) -> None:
    """Each save that landed replaced exactly the text its client had loaded."""
    texts = texts_by_version(articles, article_id)
    versions = sorted(save.version for save in landed)
    assert versions == list(range(2, len(landed) + 2)), "two saves landed on one version"
    for save in landed:
        assert save.version == save.base + 1
        assert texts[save.base] == save.loaded
        assert texts[save.version] == save.saved


def test_racing_threads_never_both_land(database_url: str, database: Database) -> None:
    article_id = ArticleService(database.session_factory).create("Race", "Start.").id
    rounds, threads = 15, 4
    landed: list[Landed] = []
    refused: list[int] = []
    start = Barrier(threads)

    def edit(name: str) -> None:
        client = open_database(database_url)
        articles = ArticleService(client.session_factory)
        try:
            start.wait()
            for number in range(rounds):
                loaded = articles.get(article_id)
                body = f"{name} {number}"
                try:
                    saved = save_as(articles, loaded, body, name)
                except StaleVersionError:
                    refused.append(1)
                    continue
                landed.append(Landed(loaded.version, saved.version, loaded.body, body))
        finally:
            client.dispose()

    workers = [Thread(target=edit, args=(f"t{n}",)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(landed) + len(refused) == rounds * threads
    check_chain(ArticleService(database.session_factory), article_id, landed)


def test_two_processes_never_overwrite_each_other(database_url: str, database: Database) -> None:
    article_id = ArticleService(database.session_factory).create("Processes", "Start.").id
    rounds = 30
    arguments = [sys.executable, str(CLIENT_SCRIPT), database_url, str(article_id)]
    processes = [
        subprocess.Popen(
            [*arguments, name, str(rounds), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, name in enumerate(["alpha", "beta"])
    ]
    landed: list[Landed] = []
    stale = 0
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        for line in out.splitlines():
            if line == "stale":
                stale += 1
                continue
            _, base, version, texts = line.split(" ", 3)
            loaded, saved = texts.split("|||")
            landed.append(Landed(int(base), int(version), loaded, saved))
    assert len(landed) + stale == 2 * rounds
    check_chain(ArticleService(database.session_factory), article_id, landed)


def test_a_save_blocked_by_another_writer_is_a_clear_error(
    database_url: str, database: Database
) -> None:
    """Another desk holds the lock past the wait: the save says so and can be tried again."""
    articles = ArticleService(database.session_factory)
    article = articles.create("Locked", "Text.")
    impatient = open_database(database_url)
    blocker = open_database(database_url)

    @event.listens_for(impatient.engine, "connect")
    def _wait_briefly(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        if impatient.is_sqlite:
            cursor.execute("PRAGMA busy_timeout = 100")
        else:
            cursor.execute("SET lock_timeout = 100")
        cursor.close()

    # Connections opened while migrating predate the listener: start from fresh ones.
    impatient.engine.dispose()

    try:
        with blocker.engine.connect() as holding:
            if blocker.is_sqlite:
                # The connection has begun its transaction already; a write takes the lock.
                holding.exec_driver_sql(
                    f"UPDATE articles SET notes = notes WHERE id = {article.id}"
                )
            else:
                holding.begin()
                holding.exec_driver_sql(
                    f"SELECT 1 FROM articles WHERE id = {article.id} FOR UPDATE"
                )
            with pytest.raises(DatabaseError, match=f"cannot save article {article.id}"):
                save_as(ArticleService(impatient.session_factory), article, "Mine.", "ann")
            holding.rollback()
        saved = save_as(ArticleService(impatient.session_factory), article, "Mine.", "ann")
        assert saved.version == 2
    finally:
        impatient.dispose()
        blocker.dispose()
