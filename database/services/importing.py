"""Import of article files: each file all-or-nothing, many files per transaction."""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from database.models import Article, ArticleStatus, Comment, CommentStatus, ImportRecord, utc_now
from database.services.articles import keep_revision
from database.services.authors import author_for_bio, bio_digest, create_author_for_bio
from database.textformat import FormatError, ParsedArticle, parse_bytes

ARTICLE_SUFFIXES = {".txt"}

# Built once with bound parameters: thousands of files reuse one compiled statement each,
# where `.values(...)` per file would make SQLAlchemy build and hash a new one every time.
_ARTICLES, _COMMENTS, _RECORDS = Article.__table__, Comment.__table__, ImportRecord.__table__
INSERT_ARTICLE = insert(_ARTICLES).returning(_ARTICLES.c.id)
INSERT_COMMENT = insert(_COMMENTS)
INSERT_RECORD = insert(_RECORDS)
SAME_TITLE = select(_ARTICLES.c.id, _ARTICLES.c.body).where(_ARTICLES.c.title == bindparam("title"))
BATCH_SIZE = 500

# Decides, per comment text, the status it enters with and why it was held (None: not held).
CommentTriage = Callable[[str], tuple[CommentStatus, str | None]]
ProgressCallback = Callable[[int, int, str], None]


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    FAILED = "failed"


class ConflictPolicy(enum.StrEnum):
    """What to do with a file whose title matches an article but whose body differs."""

    REPORT = "report"
    REPLACE = "replace"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class FileResult:
    path: str
    outcome: Outcome
    message: str = ""
    article_id: int | None = None
    new_comments: int = 0
    repairs: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for a report: outcome, file, and what happened."""
        detail = f": {self.message}" if self.message else ""
        return f"{self.outcome.value:<9} {self.path}{detail}"


@dataclass
class ImportSummary:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def all_succeeded(self) -> bool:
        return self.count(Outcome.FAILED) == 0

    def describe(self) -> str:
        parts = [f"{self.count(outcome)} {outcome.value}" for outcome in Outcome]
        text = f"{len(self.results)} files: " + ", ".join(parts)
        return text + (" (cancelled before the end)" if self.cancelled else "")


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (folders searched recursively for *.txt), and paths that do not exist.

    A file named explicitly is always tried, whatever its name: the user chose it.
    """
    files: list[Path] = []
    missing: list[FileResult] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.suffix.lower() in ARTICLE_SUFFIXES
                and candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
        elif path.is_file():
            found = [path]
        else:
            missing.append(FileResult(str(given), Outcome.FAILED, "no such file or folder"))
            continue
        for candidate in found:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, missing


def keep_status(status: CommentStatus) -> CommentTriage:
    """A triage that lets every comment in with the same status and no reason."""
    return lambda _text: (status, None)


class Importer:
    """Imports files into the database. Not thread-safe: one importer per worker."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        comment_status: CommentStatus = CommentStatus.PENDING,
        on_conflict: ConflictPolicy = ConflictPolicy.REPORT,
        triage: CommentTriage | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._sessions = session_factory
        self._on_conflict = on_conflict
        self._triage = triage or keep_status(comment_status)
        self._batch_size = batch_size
        self._authors_by_bio: dict[str, int] = {}

    def run(
        self,
        paths: Iterable[str | Path],
        *,
        progress: ProgressCallback | None = None,
        should_cancel: Callable[[], bool] | None = None,
        on_result: Callable[[FileResult], None] | None = None,
    ) -> ImportSummary:
        files, missing = collect_files(paths)
        summary = ImportSummary(results=list(missing))
        for result in missing:
            if on_result:
                on_result(result)
        total = len(files)
        done = 0
        while done < total and not summary.cancelled:
            batch = files[done : done + self._batch_size]
            with self._sessions.begin() as session:
                for path in batch:
                    if should_cancel is not None and should_cancel():
                        summary.cancelled = True
                        break
                    if progress:
                        progress(done, total, str(path))
                    result = self._import_one(session, path)
                    summary.results.append(result)
                    if on_result:
                        on_result(result)
                    done += 1
        if progress and not summary.cancelled:
            progress(done, total, "")
        return summary

    def import_data(self, data: bytes, source: str) -> FileResult:
        """Import one file's content, in a transaction of its own."""
        with self._sessions.begin() as session:
            return self._store(session, data, source)

    def _import_one(self, session: Session, path: Path) -> FileResult:
        try:
            data = path.read_bytes()
        except OSError as error:
            return FileResult(str(path), Outcome.FAILED, f"cannot read the file: {error.strerror}")
        return self._store(session, data, str(path))

    def _store(self, session: Session, data: bytes, source: str) -> FileResult:
        try:
            parsed = parse_bytes(data, source)
        except FormatError as error:
            return FileResult(source, Outcome.FAILED, _without_path(error))
        authors_before = dict(self._authors_by_bio)
        try:
            with session.begin_nested():
                result = self._store_parsed(session, parsed, source)
                session.connection().execute(
                    INSERT_RECORD,
                    {
                        "article_id": result.article_id,
                        "source_path": source,
                        "file_name": Path(source).name[:255],
                        "file_digest": hashlib.sha256(data).hexdigest(),
                        "outcome": result.outcome.value,
                        "imported_at": utc_now(),
                    },
                )
                return result
        except SQLAlchemyError as error:
            # The savepoint is gone, and with it any author this file created.
            self._authors_by_bio = authors_before
            reason = getattr(error, "orig", None) or error
            return FileResult(source, Outcome.FAILED, f"the database refused it: {reason}")

    def _store_parsed(self, session: Session, parsed: ParsedArticle, source: str) -> FileResult:
        author_id = self._author_for(session, parsed.bio)
        candidates = session.connection().execute(SAME_TITLE, {"title": parsed.title}).all()
        same = next((row.id for row in candidates if row.body == parsed.body), None)
        repairs = parsed.repairs
        if same is not None:
            added = self._add_new_comments(session, same, parsed)
            outcome = Outcome.UPDATED if added else Outcome.UNCHANGED
            message = f"{added} new comment{'s' if added != 1 else ''}" if added else ""
            return FileResult(source, outcome, message, same, added, repairs)
        if candidates and self._on_conflict is ConflictPolicy.REPORT:
            ids = ", ".join(f"#{row.id}" for row in candidates)
            return FileResult(
                source,
                Outcome.CONFLICT,
                f"an article with this title but a different body exists ({ids}); left alone",
                candidates[0].id,
                repairs=repairs,
            )
        if candidates and self._on_conflict is ConflictPolicy.REPLACE:
            target = session.get_one(Article, candidates[0].id)
            keep_revision(session, target, "import")
            session.execute(
                update(Article)
                .where(Article.id == target.id)
                .values(body=parsed.body, version=Article.version + 1, updated_at=utc_now())
            )
            added = self._add_new_comments(session, target.id, parsed)
            message = f"body replaced, {added} new comments"
            return FileResult(source, Outcome.UPDATED, message, target.id, added, repairs)
        now = utc_now()
        article_id = (
            session.connection()
            .execute(
                INSERT_ARTICLE,
                {
                    "title": parsed.title,
                    "body": parsed.body,
                    "status": ArticleStatus.PUBLISHED,
                    "author_id": author_id,
                    "notes": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            .scalar_one()
        )
        texts = [comment.text for comment in parsed.comments]
        self._insert_comments(session, article_id, texts, first_position=1)
        message = "kept as a second article with the same title" if candidates else ""
        return FileResult(source, Outcome.IMPORTED, message, article_id, len(texts), repairs)

    def _author_for(self, session: Session, bio: str) -> int:
        digest = bio_digest(bio)
        author_id = self._authors_by_bio.get(digest)
        if author_id is None:
            author_id = author_for_bio(session, bio) or create_author_for_bio(session, bio).id
            self._authors_by_bio[digest] = author_id
        return author_id

    def _add_new_comments(self, session: Session, article_id: int, parsed: ParsedArticle) -> int:
        """Add the file's comments the article does not have yet; duplicates count as such."""
        existing = Counter(
            session.scalars(select(Comment.body).where(Comment.article_id == article_id))
        )
        new: list[str] = []
        for comment in parsed.comments:
            if existing[comment.text] > 0:
                existing[comment.text] -= 1
            else:
                new.append(comment.text)
        if new:
            last = session.scalar(
                select(func.max(Comment.position)).where(Comment.article_id == article_id)
            )
            self._insert_comments(session, article_id, new, first_position=(last or 0) + 1)
        return len(new)

    def _insert_comments(
        self, session: Session, article_id: int, texts: Sequence[str], first_position: int
    ) -> None:
        if not texts:
            return
        now = utc_now()
        rows = []
        for offset, text in enumerate(texts):
            status, reason = self._triage(text)
            rows.append(
                {
                    "article_id": article_id,
                    "position": first_position + offset,
                    "body": text,
                    "status": status,
                    "held_reason": reason,
                    "received_at": now,
                }
            )
        session.connection().execute(INSERT_COMMENT, rows)


def _without_path(error: FormatError) -> str:
    """The format error without the file name: the report already shows which file."""
    return str(FormatError(error.expected, line=error.line, found=error.found))
