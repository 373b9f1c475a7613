"""Bulk import throughput: `copydesk import` against a raw sqlite3 executemany of the same rows.

    python -m benchmarks.import_throughput --files 10000 --seed 7 --runs 3

Generates the files deterministically, imports them into a fresh database through the real
command, then inserts the same parsed rows with the standard library's sqlite3 in one
transaction into a second fresh (migrated) database, with and without the search index.
Prints medians.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from database.engine import open_database
from database.textformat import ParsedArticle, ParsedComment, parse_bytes, write_bytes
from desktop.cli import main as copydesk

WORDS = [
    "council",
    "town",
    "hall",
    "inspection",
    "children",
    "services",
    "budget",
    "school",
    "road",
    "bridge",
    "police",
    "court",
    "housing",
    "hospital",
    "river",
    "market",
    "football",
    "club",
    "mayor",
    "planning",
    "report",
    "residents",
    "families",
    "staff",
    "improvement",
    "chamber",
    "commerce",
    "trust",
    "partnership",
    "funding",
    "review",
    "transport",
    "library",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    bios = [sentence(rng, 20) for _ in range(max(count // 50, 1))]
    paths = []
    for number in range(count):
        article = ParsedArticle(
            title=f"{sentence(rng, 6)[:-1]} {number}",
            body="\n".join(sentence(rng, rng.randint(15, 40)) for _ in range(rng.randint(5, 15))),
            bio=rng.choice(bios),
            comments=tuple(
                ParsedComment((sentence(rng, rng.randint(5, 30)),))
                for _ in range(rng.choice((0, 0, 1, 2, 3, 5, 8)))
            ),
        )
        path = folder / f"article-{number:06}.txt"
        path.write_bytes(write_bytes(article))
        paths.append(path)
    return paths


def time_copydesk(folder: Path, database: Path) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = copydesk(["--database", f"sqlite:///{database}", "import", str(folder)])
    elapsed = time.perf_counter() - start
    assert code == 0, "the import failed"
    return elapsed


def time_raw(paths: list[Path], database: Path, *, with_index: bool) -> float:
    """The floor: parse, then one executemany per table in one transaction."""
    open_database(f"sqlite:///{database}").dispose()  # same schema, triggers and all
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    if not with_index:
        for trigger in ("article_fts_insert", "comment_fts_insert"):
            connection.execute(f"DROP TRIGGER {trigger}")
    start = time.perf_counter()
    parsed = [(path, path.read_bytes()) for path in paths]
    articles = [(path, data, parse_bytes(data)) for path, data in parsed]
    now = datetime.now(UTC).isoformat(sep=" ")
    bios = {a.bio: number for number, (_, _, a) in enumerate(articles, 1)}
    author_ids = {bio: index for index, bio in enumerate(dict.fromkeys(bios), 1)}
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
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "files"
        folder.mkdir()
        paths = generate(folder, args.files, args.seed)
        timings: dict[str, list[float]] = {"copydesk": [], "raw+index": [], "raw": []}
        for run in range(args.runs):
            timings["copydesk"].append(time_copydesk(folder, root / f"copydesk-{run}.db"))
            timings["raw+index"].append(time_raw(paths, root / f"raw-i-{run}.db", with_index=True))
            timings["raw"].append(time_raw(paths, root / f"raw-{run}.db", with_index=False))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"{args.files:,} files, median of {args.runs} runs")
    print(f"{'measure':<28}{'seconds':>10}{'files/s':>12}{'ratio':>8}")
    for name, label, base in (
        ("copydesk", "copydesk import", "raw+index"),
        ("raw+index", "raw executemany + FTS", None),
        ("raw", "raw executemany, no FTS", None),
    ):
        seconds = medians[name]
        ratio = f"{seconds / medians[base]:.2f}×" if base else ""
        print(f"{label:<28}{seconds:>10.2f}{args.files / seconds:>12,.0f}{ratio:>8}")


if __name__ == "__main__":
    main()
