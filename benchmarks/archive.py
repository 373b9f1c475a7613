"""A newsroom archive at any size, written straight into a migrated database, and cached.

`size` articles and ten comments per article on average. Rows go in with one executemany
per table while the triggers are away (the search indexes are then filled, a statement each):
a million comments take a minute instead of an hour through the services. The result is
kept in a cache folder, keyed by size, seed and schema, for the next figure and the next run.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.corpus import Corpus
from database.engine import open_database
from database.migrate import MIGRATIONS_FOLDER
from database.search import SQLITE_INDEX_REBUILD
from database.services.authors import bio_digest

COMMENTS_PER_ARTICLE = 10
SMALL_SIZE = 1_000
# The comments a bulk moderation figure approves: held for a word, all pending.
HELD_REASON = "word: casino"
HELD_COUNT = 10_000
GENERATOR_VERSION = "1"
ARTICLE_STATUSES = ("published",) * 16 + ("draft", "draft", "in_review", "archived")
COMMENT_STATUSES = ("pending",) * 12 + ("approved",) * 6 + ("spam", "rejected")
START = datetime(2016, 1, 1, tzinfo=UTC)
FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def default_cache_folder() -> Path:
    return Path(tempfile.gettempdir()) / "copydesk-benchmarks"


def schema_key() -> str:
    """Changes whenever a migration is added or edited: a cached archive is then rebuilt."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for script in sorted(MIGRATIONS_FOLDER.glob("versions/*.py")):
        digest.update(script.name.encode() + script.read_bytes())
    return digest.hexdigest()[:12]


def archive_path(cache: Path, size: int, seed: int) -> Path:
    """The cached archive of `size` articles, generated first if it is not there yet."""
    path = cache / f"archive-{size}-seed{seed}-{schema_key()}.sqlite3"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in cache.glob(partial.name + "*"):
            leftover.unlink()
        generate(partial, size, seed)
        os.replace(partial, path)
    return path


def working_copy(source: Path, target: Path) -> Path:
    """A copy to change (moderation figures do), leaving the cached archive as generated."""
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return target


def _timestamp(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).strftime(FORMAT)


def generate(path: Path, size: int, seed: int) -> None:
    open_database(f"sqlite:///{path}").dispose()  # the schema exactly as the app makes it
    corpus = Corpus.create(seed)
    rng = random.Random(seed + 1)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    tables = ("authors", "author_bios", "articles", "comments")
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?, ?, ?)",
        tables,
    ).fetchall()
    connection.execute("BEGIN")
    for name, _sql in triggers:
        connection.execute(f"DROP TRIGGER {name}")
    now = _timestamp(10 * 365 * 86400)
    connection.executemany(
        "INSERT INTO authors (id, display_name, needs_name, bio, email, website, specialties,"
        " created_at, updated_at) VALUES (?, ?, 0, ?, '', '', '', ?, ?)",
        [(i, f"Reporter {i}", bio, now, now) for i, bio in enumerate(corpus.bios, 1)],
    )
    connection.executemany(
        "INSERT INTO author_bios (author_id, digest, bio) VALUES (?, ?, ?)",
        [(i, bio_digest(bio), bio) for i, bio in enumerate(corpus.bios, 1)],
    )
    # Ten years of articles, one every few hours, most of them published.
    span = 10 * 365 * 86400 / size
    connection.executemany(
        "INSERT INTO articles (id, title, body, status, author_id, notes, version, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, '', 1, ?, ?)",
        (
            (
                number,
                corpus.title(number),
                corpus.body(),
                rng.choice(ARTICLE_STATUSES),
                rng.randint(1, len(corpus.bios)),
                _timestamp(number * span),
                _timestamp(number * span + rng.uniform(0, 30 * 86400)),
            )
            for number in range(1, size + 1)
        ),
    )
    connection.executemany(
        "INSERT INTO comments (id, article_id, position, body, status, held_reason,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        _comments(corpus, rng, size),
    )
    for statement in SQLITE_INDEX_REBUILD:
        connection.execute(statement)
    for _name, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _comments(corpus: Corpus, rng: random.Random, size: int):  # type: ignore[no-untyped-def]
    """Rows of comments, in the order they arrived; popular articles get more."""
    count = size * COMMENTS_PER_ARTICLE
    positions = [0] * (size + 1)
    # Every comment on a still pending, held one gets approved in bulk by the figure.
    held = set(rng.sample(range(1, count + 1), min(HELD_COUNT, count // 10)))
    span = 10 * 365 * 86400 / count
    for number in range(1, count + 1):
        article = min(int(rng.paretovariate(1.2)) - 1, size - 1) if rng.random() < 0.2 else -1
        article = rng.randint(1, size) if article < 0 else size - article
        positions[article] += 1
        status = "pending" if number in held else rng.choice(COMMENT_STATUSES)
        reason = HELD_REASON if number in held else None
        yield (
            number,
            article,
            positions[article],
            corpus.comment(),
            status,
            reason,
            _timestamp(number * span),
        )
