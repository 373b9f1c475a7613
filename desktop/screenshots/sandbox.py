"""A throw-away home with a database holding the sample articles, for pictures and checks.

Nothing here touches the user's own data folder, settings or database: the XDG folders (and
HOME) point into a temporary folder while it is in use, and the database URL is given
explicitly, never taken from the environment.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import resources
from database.engine import Database, open_database
from database.location import ENVIRONMENT_VARIABLE
from database.services.articles import ArticleService
from database.services.authors import AuthorChanges, AuthorService
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer, ImportSummary
from database.statuses import CommentStatus
from database.textformat import ParsedComment, parse_file, write_text

# Who "works" at the desk in the pictures: a name that reads as a person's.
DESK_USER = "Dana Reporter"
READER_COMMENTS = (
    "Good to see the council listening at last. Will the action plan be published?",
    "My daughter's case worker changed three times in a year. I hope this is the end of it.",
    "Cheap watches and bags at www.example.com/deals www.example.com/more",
    "Credit where it is due: the new team answered my letter within a week.",
    "How much is all this costing?\n\nAnd who pays for the consultants?",
)
_FOLDER_VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


@dataclass(frozen=True)
class SampleDesk:
    """The sandbox's database, what was staged in it, and an import's report to show."""

    home: Path
    database: Database
    edited_article_id: int
    import_summary: ImportSummary


@contextmanager
def private_home() -> Iterator[Path]:
    """HOME and the XDG folders in a temporary folder for the duration; restored after."""
    saved = {name: os.environ.get(name) for name in (*_FOLDER_VARIABLES, ENVIRONMENT_VARIABLE)}
    home = Path(tempfile.mkdtemp(prefix="copydesk-screenshots-"))
    try:
        os.environ["HOME"] = str(home)
        for name, folder in zip(_FOLDER_VARIABLES[1:], ("data", "config", "cache"), strict=True):
            os.environ[name] = str(home / folder)
        os.environ.pop(ENVIRONMENT_VARIABLE, None)
        yield home
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def sample_desk() -> Iterator[SampleDesk]:
    """A private home with the samples imported, a second author, a second import's report
    (with new comments, a conflict and a failure), an article edited twice (so it has a
    history) and a few comments moderated (so the log has entries)."""
    with private_home() as home:
        database = open_database(f"sqlite:///{home / 'copydesk.sqlite3'}")
        try:
            factory = database.session_factory
            samples = sorted(resources.samples_folder().glob("*.txt"))
            Importer(factory).run(samples)
            AuthorService(factory).create(
                AuthorChanges(
                    display_name=DESK_USER,
                    bio="Dana Reporter covers the council, schools and the courts.",
                    email="dana.reporter@example.com",
                    specialties="council, schools, courts",
                )
            )
            summary = _second_import(database, samples, home / "incoming")
            edited = _edit_twice(ArticleService(factory))
            _moderate_some(CommentService(factory))
            yield SampleDesk(home, database, edited, summary)
        finally:
            database.dispose()


def _edit_twice(articles: ArticleService) -> int:
    article_id = articles.ids()[0]
    edits = (
        ("\n\nThe council will publish its response next month.", "Sam Editor"),
        ("\n\nA spokesperson declined to comment further.", DESK_USER),
    )
    for addition, user in edits:
        current = articles.get(article_id)
        articles.save(
            article_id,
            title=current.title,
            body=current.body + addition,
            status=current.status,
            author_id=current.author_id,
            notes=current.notes,
            expected_version=current.version,
            user=user,
        )
    return article_id


def _moderate_some(comments: CommentService) -> None:
    pending = comments.ids(CommentFilter(status=CommentStatus.PENDING))
    if len(pending) >= 3:
        comments.set_status(pending[:1], CommentStatus.APPROVED, user=DESK_USER)
        comments.set_status(pending[1:2], CommentStatus.SPAM, user="Sam Moderator")


def _second_import(database: Database, samples: list[Path], folder: Path) -> ImportSummary:
    """A report with every kind of line: a file already known, new comments on a known
    article, a conflict (same title, other text) and a file that is not an article."""
    folder.mkdir(parents=True)
    first, *rest = samples
    shutil.copy(first, folder / first.name)
    if rest:
        known = parse_file(rest[0])
        more = tuple(ParsedComment.from_text(text) for text in READER_COMMENTS)
        with_comments = dataclasses.replace(known, comments=known.comments + more)
        (folder / f"comments-{rest[0].name}").write_text(write_text(with_comments), "utf-8")
    original = parse_file(first)
    rewritten = dataclasses.replace(
        original, body="A second desk rewrote the opening.\n" + original.body
    )
    (folder / f"rewritten-{first.name}").write_text(write_text(rewritten), "utf-8")
    (folder / "meeting-notes.txt").write_text("Notes from Tuesday\nnot an article\n", "utf-8")
    return Importer(database.session_factory).run([folder])
