"""Export of articles as text files: safe names, atomic writes, approved comments only."""

from __future__ import annotations

import contextlib
import enum
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from database.choices import CommentSelection
from database.engine import operational_errors_reported
from database.models import Article, Comment, CommentStatus, ImportRecord
from database.services.chunks import chunked
from database.textformat import ParsedArticle, ParsedComment, write_bytes
from database.trash_filter import LIVE

MAX_STEM_LENGTH = 80
# Names Windows refuses whatever their extension; a shared folder may be read from Windows.
_RESERVED = (
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


@dataclass(frozen=True)
class ExportedFile:
    article_id: int
    path: Path


@dataclass(frozen=True)
class ExportFailure:
    article_id: int
    title: str
    message: str


@dataclass
class ExportSummary:
    written: list[ExportedFile] = field(default_factory=list)
    failed: list[ExportFailure] = field(default_factory=list)
    cancelled: bool = False

    def describe(self, folder: Path) -> str:
        text = f"{len(self.written)} articles exported to {folder}"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text + (" (cancelled before the end)" if self.cancelled else "")


def safe_stem(name: str) -> str:
    """A readable, portable file name stem: ASCII words joined by dashes, never a path."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()[:MAX_STEM_LENGTH].strip("-")
    if not stem:
        return "article"
    return f"{stem}-article" if stem in _RESERVED else stem


def file_name_for(title: str, imported_name: str | None) -> str:
    """The name the article came in with when there is one, else one made from its title."""
    source = Path(imported_name).stem if imported_name else ""
    return f"{safe_stem(source or title)}.txt"


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`… if an earlier file of this export has it (any case)."""
    stem, suffix = os.path.splitext(name)
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(candidate.lower())
    return candidate


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees either the old file or the whole new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".copydesk-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class ExportBlocker(enum.Enum):
    """What keeps an article from being exported."""

    NO_AUTHOR = "no author"
    NO_BIO = "an author without a bio"
    FORMAT = "not writable in the format"


@dataclass(frozen=True)
class ExportProblem:
    blocker: ExportBlocker
    message: str  # as the export report says it, after the article's title


class NotExportable(ValueError):
    def __init__(self, problem: ExportProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def export_bytes(session: Session, article: Article, comments: CommentSelection) -> bytes:
    """The article's file content; raises NotExportable, saying why, if it cannot be exported."""
    if article.author is None:
        raise NotExportable(
            ExportProblem(ExportBlocker.NO_AUTHOR, "it has no author with a bio to print")
        )
    if not article.author.bio.strip():
        raise NotExportable(
            ExportProblem(ExportBlocker.NO_BIO, "it has no author with a bio to print")
        )
    try:
        return write_bytes(render_article(session, article, comments))
    except ValueError as error:
        raise NotExportable(ExportProblem(ExportBlocker.FORMAT, str(error))) from error


def export_problem(
    session_factory: sessionmaker[Session],
    article_id: int,
    comments: CommentSelection = CommentSelection.APPROVED,
) -> ExportProblem | None:
    """Why exporting would refuse the article as it is saved now; None if it would write it
    (or the article no longer exists)."""
    with operational_errors_reported("check the article for export"), session_factory() as session:
        article = session.get(Article, article_id)
        if article is None:
            return None
        try:
            export_bytes(session, article, comments)
        except NotExportable as refused:
            return refused.problem
        return None


def render_article(session: Session, article: Article, comments: CommentSelection) -> ParsedArticle:
    query = select(Comment.body).where(Comment.article_id == article.id)
    if comments is CommentSelection.APPROVED:
        query = query.where(Comment.status == CommentStatus.APPROVED)
    bodies = session.scalars(query.order_by(Comment.position, Comment.id))
    bio = article.author.bio if article.author else ""
    return ParsedArticle(
        title=article.title,
        body=article.body,
        bio=bio,
        comments=tuple(ParsedComment.from_text(body) for body in bodies),
    )


def export_articles(
    session_factory: sessionmaker[Session],
    folder: str | Path,
    *,
    article_ids: Sequence[int] | None = None,
    comments: CommentSelection = CommentSelection.APPROVED,
    progress: Callable[[int, int, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Write one file per article into `folder` (created if needed)."""
    folder = Path(folder).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    taken: set[str] = set()
    with session_factory() as session:
        if article_ids is None:
            # Every article but those in the Trash; ids given are written as asked.
            everything = select(Article.id).where(LIVE).order_by(Article.id)
            article_ids = list(session.scalars(everything))
        total = len(article_ids)
        done = 0
        for chunk in chunked(article_ids, 200):
            articles = session.scalars(
                select(Article)
                .where(Article.id.in_(chunk))
                .options(selectinload(Article.author))
                .order_by(Article.id)
            ).all()
            names = _imported_names(session, chunk)
            for article in articles:
                if should_cancel is not None and should_cancel():
                    summary.cancelled = True
                    return summary
                if progress:
                    progress(done, total, article.title)
                done += 1
                _export_one(session, article, folder, names, taken, comments, summary)
    if progress:
        progress(total, total, "")
    return summary


def _export_one(
    session: Session,
    article: Article,
    folder: Path,
    names: dict[int, str],
    taken: set[str],
    comments: CommentSelection,
    summary: ExportSummary,
) -> None:
    try:
        data = export_bytes(session, article, comments)
    except NotExportable as refused:
        summary.failed.append(ExportFailure(article.id, article.title, refused.problem.message))
        return
    path = folder / unique_name(file_name_for(article.title, names.get(article.id)), taken)
    try:
        write_atomically(path, data)
    except OSError as error:
        summary.failed.append(
            ExportFailure(article.id, article.title, f"cannot write {path}: {error.strerror}")
        )
        return
    summary.written.append(ExportedFile(article.id, path))


def _imported_names(session: Session, article_ids: Sequence[int]) -> dict[int, str]:
    """The file name each article was last imported from."""
    rows = session.execute(
        select(ImportRecord.article_id, ImportRecord.file_name)
        .where(ImportRecord.article_id.in_(article_ids))
        .order_by(ImportRecord.id)
    )
    return {article_id: name for article_id, name in rows}
