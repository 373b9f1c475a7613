"""`copydesk backup` and `copydesk restore`: the data layer's backups, said in lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from database.backups import (
    BackupsElsewhereError,
    Reason,
    back_up,
    copy_database,
    prune,
    restore,
    sqlite_file_of,
)
from database.location import resolve_database_url

EXIT_OK, EXIT_ELSEWHERE = 0, 2


def _database_file(args: argparse.Namespace) -> Path | None:
    """The SQLite file to work on; None, with the reason printed, for a server's database."""
    try:
        return sqlite_file_of(resolve_database_url(args.database))
    except BackupsElsewhereError as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return None


def run_backup(args: argparse.Namespace) -> int:
    """A BackupError (exit 1, one line) comes out to the command line's handler."""
    database_file = _database_file(args)
    if database_file is None:
        return EXIT_ELSEWHERE
    if args.out:
        target = Path(args.out).expanduser()
        size = copy_database(database_file, target)
    else:
        made = back_up(database_file, Reason.MANUAL)
        target, size = made.path, made.size
    print(f"backed up {database_file} to {target} ({size:,} bytes, checked)")
    if args.keep_days:
        deleted = prune(database_file, args.keep_days)
        print(f"deleted {len(deleted)} copies made more than {args.keep_days} days ago")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    database_file = _database_file(args)
    if database_file is None:
        return EXIT_ELSEWHERE
    outcome = restore(Path(args.file), database_file)
    if outcome.kept is not None:
        print(f"kept the database as it was in {outcome.kept.path}")
    from database.engine import open_database

    # A copy from before a schema upgrade is upgraded now, not by whichever desk opens next.
    open_database(args.database).dispose()
    print(f"restored {database_file} from {outcome.restored_from}")
    return EXIT_OK
