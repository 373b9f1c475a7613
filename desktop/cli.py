"""The `copydesk` command: the window by default, `import` and `export` for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the parser needs: the window starts to paint before the data layer is loaded.
from database.choices import CommentSelection, ConflictPolicy
from database.errors import CopydeskError
from database.location import ENVIRONMENT_VARIABLE, default_database_url
from database.statuses import CommentStatus
from database.version import __version__

if TYPE_CHECKING:
    from database.services.importing import FileResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

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
    return parser


def _print_result(result: FileResult) -> None:
    line = result.describe()
    if result.repairs:
        line += f" (repaired: {', '.join(result.repairs)})"
    print(line, flush=True)


def run_import(args: argparse.Namespace) -> int:
    from database.engine import open_database
    from database.services.importing import Importer
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
    finally:
        database.dispose()
    print(summary.describe())
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
    return EXIT_OK if not summary.failed else EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "import":
            return run_import(args)
        if args.command == "export":
            return run_export(args)
        from desktop.launch import run_gui  # Qt is loaded only when a window is wanted.

        return run_gui(args.database)
    except CopydeskError as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"copydesk: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(
            "copydesk: interrupted. Files of the unfinished batch were not stored; "
            "importing again is safe, nothing is imported twice.",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
