"""The `copydesk` command: the window by default, `import` and `export` for scripts."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the parser needs: the window starts to paint before the data layer is loaded.
from database.backups import DEFAULT_KEEP_DAYS
from database.choices import CommentSelection, ConflictPolicy
from database.errors import CopydeskError
from database.location import (
    ENVIRONMENT_VARIABLE,
    default_database_url,
    describe_location,
    resolve_database_url,
)
from database.logs import log_start, setup_logging
from database.statuses import CommentStatus
from database.version import __version__

if TYPE_CHECKING:
    from database.services.importing import FileResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

log = logging.getLogger(__name__)

DESCRIPTION = """\
Copydesk: write and edit news articles, manage author profiles and moderate reader comments.

Without a command, opens the Copydesk window. The data lives in a local database that is
created on first start; give --database (or set {env}) to use another one, such as a shared
PostgreSQL server: postgresql+psycopg://user:password@host/newsroom.
"""

EPILOG = """\
examples:
  copydesk                                 open the window
  copydesk import ~/Articles               import every .txt file under ~/Articles
  copydesk import a.txt b.txt --comments approved   (the moderation rules still apply)
  copydesk export --out ~/Website          write every article, approved comments only
  copydesk --database sqlite:///desk.db export --out out --comments all
  copydesk backup --out ~/desk-copy.sqlite3   a checked copy, while the window is open
  copydesk restore ~/desk-copy.sqlite3        put it back (the current one is kept)
"""


def _database_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        default=default,
        help=f"SQLAlchemy database URL (default: ${ENVIRONMENT_VARIABLE}, else "
        f"{default_database_url()})",
    )


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description=DESCRIPTION.format(env=ENVIRONMENT_VARIABLE),
        epilog=EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    _database_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser(
        "import",
        help="import article files or folders",
        description="Import article text files. Folders are searched recursively for .txt "
        "files. Each file goes in whole or not at all; files already imported are not "
        "duplicated, and new comments on known articles are added.",
        formatter_class=formatter,
    )
    importing.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    importing.add_argument(
        "--comments",
        choices=[CommentStatus.PENDING.value, CommentStatus.APPROVED.value],
        default=CommentStatus.PENDING.value,
        help="status of imported comments that no moderation rule catches (default: "
        "pending, for the moderation queue). The newsroom's moderation rules apply either "
        "way: a comment with too many links or a watched word is held as pending, one with "
        "a spam word goes to spam, with the reason recorded",
    )
    importing.add_argument(
        "--no-rules",
        action="store_true",
        help="do not apply the moderation rules: every comment gets the --comments status "
        "(for re-importing an archive that was moderated before)",
    )
    importing.add_argument(
        "--on-conflict",
        choices=[policy.value for policy in ConflictPolicy],
        default=ConflictPolicy.REPORT.value,
        help="a file whose title matches an article with a different body: report it and "
        "leave it alone (default), replace the body, or keep both as two articles",
    )
    _database_option(importing, default=argparse.SUPPRESS)

    exporting = commands.add_parser(
        "export",
        help="export every article as a text file",
        description="Write one text file per article into a folder (created if needed). "
        "Existing files of the same name are replaced.",
        formatter_class=formatter,
    )
    exporting.add_argument("--out", required=True, metavar="DIR", help="the folder to write to")
    exporting.add_argument(
        "--comments",
        choices=[selection.value for selection in CommentSelection],
        default=CommentSelection.APPROVED.value,
        help="which comments to include (default: approved only)",
    )
    _database_option(exporting, default=argparse.SUPPRESS)
    _add_backup_commands(commands, formatter)
    return parser


def _add_backup_commands(commands: argparse._SubParsersAction, formatter: type) -> None:  # type: ignore[type-arg]
    backing_up = commands.add_parser(
        "backup",
        help="write a checked copy of the database",
        description="Copy the SQLite database while Copydesk may be open on it, check the "
        "copy (PRAGMA integrity_check) and only then give it its name. Without --out the copy "
        "goes into the backups folder beside the database, where the window keeps a copy a "
        "day and one before every schema upgrade and every restore. A database on a "
        "PostgreSQL server is backed up on the server, with pg_dump (exit status 2).",
        formatter_class=formatter,
    )
    backing_up.add_argument("--out", metavar="FILE", help="write the copy to FILE instead")
    backing_up.add_argument(
        "--keep-days",
        type=_positive_days,
        metavar="N",
        help="afterwards delete the copies in the backups folder made more than N days ago "
        f"(the newest always stays; the window keeps {DEFAULT_KEEP_DAYS} days unless set)",
    )
    _database_option(backing_up, default=argparse.SUPPRESS)

    restoring = commands.add_parser(
        "restore",
        help="put a backup back in place of the database",
        description="Replace the database's contents with a backup, while Copydesk may be "
        "open on it (every desk sees the restored database at once). The copy is checked "
        "first and refused if damaged or not a Copydesk database; the database as it was is "
        "kept in the backups folder.",
        formatter_class=formatter,
    )
    restoring.add_argument("file", metavar="FILE", help="the backup to restore")
    _database_option(restoring, default=argparse.SUPPRESS)


def _positive_days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (1 or more)")
    return int(text)


def _print_result(result: FileResult) -> None:
    line = result.describe()
    if result.repairs:
        line += f" (repaired: {', '.join(result.repairs)})"
    print(line, flush=True)


def run_import(args: argparse.Namespace) -> int:
    from database.engine import open_database
    from database.services.importing import Importer, ImportStopped
    from database.services.moderation_rules import triage_for

    database = open_database(args.database)
    try:
        status = CommentStatus(args.comments)
        # "approved" trusts the batch, not what the rules were set up to catch.
        triage = None if args.no_rules else triage_for(database.session_factory, status)
        importer = Importer(
            database.session_factory,
            comment_status=status,
            on_conflict=ConflictPolicy(args.on_conflict),
            triage=triage,
        )
        summary = importer.run(args.paths, on_result=_print_result)
    except ImportStopped as stopped:  # the counts, then main() says why in one line
        print(stopped.summary.describe())
        raise
    finally:
        database.dispose()
    print(summary.describe())
    log.info("import of %d paths: %s", len(args.paths), summary.describe())
    return EXIT_OK if summary.all_succeeded else EXIT_FAILED


def run_export(args: argparse.Namespace) -> int:
    from database.engine import open_database
    from database.services.exporting import export_articles

    database = open_database(args.database)
    folder = Path(args.out)
    try:
        summary = export_articles(
            database.session_factory, folder, comments=CommentSelection(args.comments)
        )
    finally:
        database.dispose()
    for failure in summary.failed:
        print(f"failed    #{failure.article_id} “{failure.title}”: {failure.message}")
    print(summary.describe(folder))
    log.info("export: %s", summary.describe(folder))
    return EXIT_OK if not summary.failed else EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    log_start(args.command or "window", describe_location(resolve_database_url(args.database)))
    try:
        if args.command == "import":
            return run_import(args)
        if args.command == "export":
            return run_export(args)
        if args.command in ("backup", "restore"):
            from desktop.backup_commands import run_backup, run_restore

            return (run_backup if args.command == "backup" else run_restore)(args)
        from desktop.launch import run_gui  # Qt is loaded only when a window is wanted.

        return run_gui(args.database)
    except CopydeskError as error:
        log.warning("%s", error)
        print(f"copydesk: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        log.warning("%s", error)
        print(f"copydesk: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(
            "copydesk: interrupted. Files of the unfinished batch were not stored; "
            "importing again is safe, nothing is imported twice.",
            file=sys.stderr,
        )
        return 130
    except Exception as error:  # a bug: in the log with its traceback, one line here
        from desktop.crash import report_in_command

        report_in_command(error)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
