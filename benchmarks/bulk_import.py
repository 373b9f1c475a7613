"""Bulk import: `copydesk import` of a folder against a raw sqlite3 executemany of the same rows.

Both sides start from a fresh database migrated by Copydesk, and both either keep the search
index (its triggers in place) or not (the FTS insert triggers dropped beforehand, on both):
like is compared with like. The raw side reads and parses the same files, then inserts the
parsed rows with one executemany per table in one transaction: the floor.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.corpus import Corpus
from benchmarks.report import Figure, median_of, timed
from database.engine import open_database
from database.services.importing import DEFERRABLE_INDEX_TRIGGERS, Importer
from database.services.moderation_rules import triage_for
from database.textformat import parse_bytes, write_bytes
from desktop.cli import main as copydesk

GROUP = "import"
COMMENT_COUNTS = (0, 0, 1, 2, 3, 5, 8)  # per file: many have none, a few have many


def article_files(cache: Path, count: int, seed: int) -> Path:
    """A folder of `count` article files with comments, generated once per count and seed."""
    folder = cache / f"files-{count}-seed{seed}"
    if not (folder / "complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        corpus = Corpus.create(seed)
        rng = random.Random(seed)
        for number in range(count):
            article = corpus.article(number, rng.choice(COMMENT_COUNTS))
            (folder / f"article-{number:06}.txt").write_bytes(write_bytes(article))
        (folder / "complete").write_text("")
    return folder


def fresh_database(path: Path, *, with_index: bool) -> str:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    url = f"sqlite:///{path}"
    database = open_database(url)
    if not with_index:
        with database.engine.begin() as connection:
            for trigger in DEFERRABLE_INDEX_TRIGGERS:
                connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
    database.dispose()
    return url


def time_copydesk(folder: Path, url: str) -> float:
    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            code = copydesk(["--database", url, "import", str(folder)])
        assert code == 0, "the import failed"

    return timed(run)


def time_importer(folder: Path, url: str, **options: object) -> float:
    """The service itself, as the window runs it (with the stored moderation rules)."""

    def run() -> None:
        database = open_database(url)
        try:
            triage = triage_for(database.session_factory)
            summary = Importer(database.session_factory, triage=triage, **options).run([folder])  # type: ignore[arg-type]
        finally:
            database.dispose()
        assert summary.all_succeeded, "the import failed"

    return timed(run)


def time_raw(folder: Path, path: Path) -> float:
    """The floor: read and parse, then one executemany per table in one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")

    def run() -> None:
        files = [(path, path.read_bytes()) for path in sorted(folder.glob("*.txt"))]
        articles = [(path, data, parse_bytes(data)) for path, data in files]
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        author_ids = {
            bio: i for i, bio in enumerate(dict.fromkeys(a.bio for _, _, a in articles), 1)
        }
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO authors (id, display_name, needs_name, bio, email, website, specialties,"
            " created_at, updated_at) VALUES (?, ?, 1, ?, '', '', '', ?, ?)",
            [(i, f"Unnamed {i}", bio, now, now) for bio, i in author_ids.items()],
        )
        connection.executemany(
            "INSERT INTO author_bios (author_id, digest, bio) VALUES (?, ?, ?)",
            [(i, hashlib.sha256(bio.encode()).hexdigest(), bio) for bio, i in author_ids.items()],
        )
        connection.executemany(
            "INSERT INTO articles (id, title, body, status, author_id, notes, version, created_at,"
            " updated_at) VALUES (?, ?, ?, 'published', ?, '', 1, ?, ?)",
            [
                (number, a.title, a.body, author_ids[a.bio], now, now)
                for number, (_, _, a) in enumerate(articles, 1)
            ],
        )
        connection.executemany(
            "INSERT INTO comments (article_id, position, body, status, received_at)"
            " VALUES (?, ?, ?, 'pending', ?)",
            [
                (number, position, comment.text, now)
                for number, (_, _, a) in enumerate(articles, 1)
                for position, comment in enumerate(a.comments, 1)
            ],
        )
        connection.executemany(
            "INSERT INTO import_records (article_id, source_path, file_name, file_digest, outcome,"
            " imported_at) VALUES (?, ?, ?, ?, 'imported', ?)",
            [
                (number, str(path), path.name, hashlib.sha256(data).hexdigest(), now)
                for number, (path, data, _) in enumerate(articles, 1)
            ],
        )
        connection.execute("COMMIT")

    try:
        return timed(run)
    finally:
        connection.close()


def figures(cache: Path, scratch: Path, files: int, seed: int, runs: int) -> list[Figure]:
    folder = article_files(cache, files, seed)
    database = scratch / "import.sqlite3"
    measures: dict[str, Callable[[], float]] = {
        "copydesk": lambda: time_copydesk(folder, fresh_database(database, with_index=True)),
        "raw": lambda: time_raw(folder, _prepared(database, with_index=True)),
        "copydesk, no index": lambda: time_copydesk(
            folder, fresh_database(database, with_index=False)
        ),
        "raw, no index": lambda: time_raw(folder, _prepared(database, with_index=False)),
        "row by row": lambda: time_importer(
            folder, fresh_database(database, with_index=True), defer_index=False
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():  # interleaved: a busy spell hits every side
            timings[name].append(measure())
    for leftover in scratch.glob(database.name + "*"):
        os.unlink(leftover)
    median = {name: median_of(values) for name, values in timings.items()}
    label = f"{files:,} files"
    return [
        Figure(GROUP, f"{label}, without search index", median["copydesk, no index"],
               median["raw, no index"], "raw executemany", 2),
        Figure(GROUP, f"{label}, with search index", median["copydesk"], median["raw"],
               "raw executemany", 5),
        Figure(GROUP, f"{label}, indexed row by row (Importer, defer_index=False)",
               median["row by row"], median["raw"], "raw executemany", 5),
    ]  # fmt: skip


def _prepared(database: Path, *, with_index: bool) -> Path:
    fresh_database(database, with_index=with_index)
    return database
