"""Copydesk's benchmark suite: every figure against a baseline measured in the same run.

    python -m benchmarks run [--size 100000] [--files 10000] [--seed 7] [--runs 5]
                             [--only import,startup,lists,search,moderation,preview,working_hour]
    python -m benchmarks generate [--size 100000] [--seed 7]

`--size` is the number of articles in the archive (ten comments each, on average); the
archive is generated once per size, seed and schema into the cache folder (by default
`copydesk-benchmarks` in the temporary folder) and reused. Prints a table; exits with 1 if a
target was missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Before Qt is imported by anything: the figures need no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import archive
from benchmarks.report import Figure, table

GROUPS = ("import", "startup", "lists", "search", "moderation", "preview", "working_hour")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser("run", help="measure and print the table")
    generate = commands.add_parser("generate", help="only generate (and cache) the archive")
    for command in (run, generate):
        command.add_argument("--size", type=int, default=100_000, help="articles in the archive")
        command.add_argument("--seed", type=int, default=7)
        command.add_argument("--cache", type=Path, default=archive.default_cache_folder())
    run.add_argument("--files", type=int, default=10_000, help="files for the import figures")
    run.add_argument("--runs", type=int, default=5, help="runs per figure; medians are shown")
    run.add_argument("--only", default=",".join(GROUPS), help="comma-separated figure groups")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        args = build_parser().parse_args(["run", *(argv or sys.argv[1:])])
    started = time.perf_counter()
    if args.command == "generate":
        print(archive.archive_path(args.cache, args.size, args.seed))
        return 0
    groups = [group.strip() for group in args.only.split(",") if group.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        print(f"unknown figure group(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as scratch:
        for group in groups:
            print(f"… {group}", file=sys.stderr, flush=True)
            figures += _measure(group)(args, Path(scratch))
    print(
        f"Copydesk benchmarks: {args.size:,} articles, {archive.COMMENTS_PER_ARTICLE * args.size:,}"
        f" comments, {args.files:,} files to import; seed {args.seed}; median of {args.runs} runs;"
        f" {os.cpu_count()} cores; {time.perf_counter() - started:.0f} s in all"
    )
    print(table(figures))
    return 0 if all(figure.met for figure in figures) else 1


def _measure(group: str) -> Callable[[argparse.Namespace, Path], list[Figure]]:
    # Imported when needed: a run of one group does not pay for the others' imports.
    if group == "import":
        from benchmarks import bulk_import

        return lambda a, scratch: bulk_import.figures(a.cache, scratch, a.files, a.seed, a.runs)
    if group == "startup":
        from benchmarks import startup

        return lambda a, scratch: startup.figures(_archive(a), scratch, a.runs)
    if group == "lists":
        from benchmarks import lists

        return lambda a, scratch: lists.figures(
            _archive(a), archive.archive_path(a.cache, archive.SMALL_SIZE, a.seed), a.runs, a.seed
        )
    if group == "search":
        from benchmarks import search

        return lambda a, scratch: search.figures(_archive(a), a.seed, a.runs)
    if group == "moderation":
        from benchmarks import moderation

        return lambda a, scratch: moderation.figures(_archive(a), scratch, a.runs)
    if group == "working_hour":
        from benchmarks import working_hour

        # One run: each step is a figure of its own.
        return lambda a, scratch: working_hour.figures(
            _archive(a), scratch, a.cache, a.size, a.seed
        )
    from benchmarks import preview

    return lambda a, scratch: preview.figures(a.seed, a.runs)


def _archive(args: argparse.Namespace) -> Path:
    return archive.archive_path(args.cache, args.size, args.seed)


if __name__ == "__main__":
    sys.exit(main())
