"""Import of article files: each file all-or-nothing, many files per transaction.

A batch's files are read and parsed first; its new articles (most of a large import) go in
together, one INSERT per table, the others (a title already known) each in a savepoint."""

from __future__ import annotations

import enum
import functools
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from database.choices import ConflictPolicy
from database.engine import optimize_after_bulk_change
from database.errors import DatabaseError
from database.models import Article, Author, AuthorBio, Comment, ImportRecord, utc_now
from database.search import ARTICLE_SHIFT
from database.services.articles import keep_revision
from database.services.authors import bio_digest, provisional_name
from database.services.chunks import chunked
from database.services.held_reasons import reasons_json
from database.statuses import ArticleStatus, CommentStatus
from database.storage_errors import is_lock_wait, storage_problem
from database.textformat import FormatError, ParsedArticle, parse_bytes

ARTICLE_SUFFIXES = {".txt"}

# Built once with bound parameters: thousands of files reuse one compiled statement each.
# The INSERTs take many rows at once and hand the new ids back in the order of the rows.
_ARTICLES, _COMMENTS, _RECORDS = Article.__table__, Comment.__table__, ImportRecord.__table__
_AUTHORS, _BIOS = Author.__table__, AuthorBio.__table__
INSERT_ARTICLES = insert(_ARTICLES).returning(_ARTICLES.c.id, sort_by_parameter_order=True)
INSERT_AUTHORS = insert(_AUTHORS).returning(_AUTHORS.c.id, sort_by_parameter_order=True)
INSERT_BIOS, INSERT_COMMENT, INSERT_RECORD = insert(_BIOS), insert(_COMMENTS), insert(_RECORDS)
SAME_TITLE = select(_ARTICLES.c.id, _ARTICLES.c.body, _ARTICLES.c.deleted_at).where(
    _ARTICLES.c.title == bindparam("title")
)
KNOWN_TITLES = select(_ARTICLES.c.title).where(_ARTICLES.c.title.in_(bindparam("titles")))
KNOWN_BIOS = select(_BIOS.c.digest, _BIOS.c.author_id).where(_BIOS.c.digest.in_(bindparam("d")))
BATCH_SIZE = 500
LARGE_IMPORT_FILES = 1000  # from this many files on, statistics are refreshed after the import
# A batch whose write lock was not had within the busy timeout (another import's batch, a long
# approval) is tried again this many times in all before the import stops and says so.
LOCK_ATTEMPTS = 3
# SQLite's search index is kept up to date by a trigger per row (migrations 0001 and 0004).
# Unless told otherwise, an import drops these inside each batch's transaction and indexes the
# batch's rows with one statement per index before it commits: 40% less time for the index.
DEFERRABLE_INDEX_TRIGGERS = {
    "article_fts_insert": ("articles", "INSERT INTO article_fts(rowid, title, body)"
                           " SELECT id, title, body FROM articles WHERE id > ?"),
    "comment_fts_insert": ("comments", "INSERT INTO comment_fts(rowid, body)"
                           " SELECT id, body FROM comments WHERE id > ?"),
    "comment_fts_by_article_insert": ("comments", "INSERT INTO comment_fts_by_article(rowid, body)"
                                      f" SELECT (article_id << {ARTICLE_SHIFT}) | id, body"
                                      " FROM comments WHERE id > ?"),
}  # fmt: skip

# Decides, per comment text, the status it enters with and why it was held (None: not held),
# and maybe the reasons of every rule that matched (moderation_rules.triage_all).
CommentTriage = Callable[
    [str],
    tuple[CommentStatus, str | None] | tuple[CommentStatus, str | None, tuple[str, ...]],
]


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    FAILED = "failed"
    SKIPPED = "skipped"  # in a folder, but not an article file to try: hidden, or not a file


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
    # Files left unstored when the database refused a batch as a whole (see ImportStopped).
    not_stored: int = 0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def all_succeeded(self) -> bool:
        return self.count(Outcome.FAILED) == 0

    def describe(self) -> str:
        """One line, such as: 3 files: 2 imported, 0 updated, 0 unchanged, 1 conflict, 0 failed.
        Skipped files and files not stored are counted only when there are some."""
        counted = [outcome for outcome in Outcome if outcome is not Outcome.SKIPPED]
        parts = [_counted(self.count(outcome), outcome) for outcome in counted]
        if skipped := self.count(Outcome.SKIPPED):
            parts.append(_counted(skipped, Outcome.SKIPPED))
        if self.not_stored:
            parts.append(f"{self.not_stored} not stored")
        total = len(self.results) + self.not_stored
        files = "1 file" if total == 1 else f"{total} files"
        text = f"{files}: " + ", ".join(parts)
        if self.not_stored:
            text += " (the import stopped)"
        return text + (" (cancelled before the end)" if self.cancelled else "")


class ImportStopped(DatabaseError):
    """The database refused a batch as a whole (a full disk, say): the import stopped there.
    Every file reported before it is stored; none of the batch's or later files is."""

    def __init__(self, problem: str, summary: ImportSummary) -> None:
        stored = len(summary.results)
        super().__init__(
            f"{problem}. The import stopped after {stored:,} of {stored + summary.not_stored:,} "
            f"files; the other {summary.not_stored:,} were not stored. Import them again once "
            "this is put right: nothing already imported is imported twice."
        )
        self.problem = problem
        self.summary = summary


def _counted(count: int, outcome: Outcome) -> str:
    # The outcomes are adjectives ("2 imported") but for the one noun: "2 conflicts".
    if outcome is Outcome.CONFLICT and count != 1:
        return f"{count} conflicts"
    return f"{count} {outcome.value}"


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (folders searched recursively for *.txt), and the results of what is
    not tried: a path given that is missing or not a regular file (failed), and a folder's
    hidden .txt files and folders holding some, or a FIFO named *.txt (skipped, a line each:
    nothing seems to vanish). A file named explicitly is always tried, whatever its name: the
    user chose it."""
    files: list[Path] = []
    missing: list[FileResult] = []
    seen: set[Path] = set()
    real_folder = functools.cache(Path.resolve)  # one resolve() per folder: not cheap
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found, skipped = _article_files_in(path)
            missing.extend(skipped)
        elif path.is_file():
            found = [path]
        else:
            missing.append(FileResult(str(given), Outcome.FAILED, _not_a_file(path)))
            continue
        for candidate in found:
            linked = candidate.is_symlink()
            key = candidate.resolve() if linked else real_folder(candidate.parent) / candidate.name
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, missing


def _article_files_in(folder: Path) -> tuple[list[Path], list[FileResult]]:
    """The folder's article files, and a `skipped` result for each hidden one, each hidden
    folder that holds some (one line for the folder, not one per file), and each *.txt that
    is not a regular file."""
    found: list[Path] = []
    skipped: list[FileResult] = []
    in_hidden_folders: Counter[Path] = Counter()
    for candidate in folder.rglob("*"):
        if candidate.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        parts = candidate.relative_to(folder).parts
        hidden = next((n for n, part in enumerate(parts) if part.startswith(".")), None)
        if hidden is not None and hidden < len(parts) - 1:
            in_hidden_folders[folder.joinpath(*parts[: hidden + 1])] += candidate.is_file()
        elif candidate.is_file():
            if hidden is None:
                found.append(candidate)
            else:
                skipped.append(FileResult(str(candidate), Outcome.SKIPPED, "hidden file"))
        elif not candidate.is_dir():  # a folder named x.txt is searched like any other
            skipped.append(FileResult(str(candidate), Outcome.SKIPPED, _not_a_file(candidate)))
    for hidden_folder, count in in_hidden_folders.items():
        if count:
            message = f"hidden folder: {count} .txt file{'s' if count != 1 else ''} in it not tried"
            skipped.append(FileResult(str(hidden_folder), Outcome.SKIPPED, message))
    return sorted(found), sorted(skipped, key=lambda result: result.path)


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _kind_of(mode: int) -> str:
    return next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")


def _not_a_file(path: Path) -> str:
    """Why a path that is neither a regular file nor a folder is not imported. Only looked at,
    never opened: opening a FIFO waits for a writer that may never come."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "a link to a file that does not exist"
        return "no such file or folder"
    except OSError as error:
        return f"cannot read it: {error.strerror}"
    return f"not a regular file ({_kind_of(mode)})"


@dataclass(frozen=True)
class _Loaded:
    source: str
    data: bytes
    parsed: ParsedArticle


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
        defer_index: bool = True,
    ) -> None:
        self._sessions = session_factory
        self._on_conflict = on_conflict
        self._triage = triage or (lambda _text: (comment_status, None))
        self._batch_size = batch_size
        self._defer_index = defer_index
        self._authors_by_bio: dict[str, int] = {}

    def run(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        on_result: Callable[[FileResult], None] | None = None,
    ) -> ImportSummary:
        files, missing = collect_files(paths)
        summary = ImportSummary()

        def report(results: Iterable[FileResult]) -> None:
            for result in results:
                summary.results.append(result)
                if on_result:
                    on_result(result)

        report(missing)
        total, done = len(files), 0
        while done < total and not summary.cancelled:
            # Read and parsed before the transaction: the write lock is held only to write.
            loaded: list[_Loaded | FileResult] = []
            for path in files[done : done + self._batch_size]:
                if should_cancel is not None and should_cancel():
                    summary.cancelled = True
                    break
                if progress:
                    progress(done, total, str(path))
                loaded.append(_load(path))
                done += 1
            try:
                stored = self._store_batch(loaded) if loaded else []
            except OperationalError as error:  # the database, not a file: no use going on
                summary.not_stored = total - done + len(loaded)
                problem = storage_problem(error, self._sessions.kw["bind"])
                raise ImportStopped(problem, summary) from error
            report(stored)
        if done >= LARGE_IMPORT_FILES and isinstance(bind := self._sessions.kw["bind"], Engine):
            optimize_after_bulk_change(bind)  # the query planner's statistics, for the new rows
        if progress and not summary.cancelled:
            progress(done, total, "")
        return summary

    def _store_batch(self, loaded: list[_Loaded | FileResult]) -> list[FileResult]:
        """Store a batch in one transaction, the new articles without a savepoint (SQLite
        would journal every page they touch: a quarter of the time); if refused, file by file.

        The transaction takes SQLite's write lock before it reads (the session factory's
        `begin`), waiting for another writer within the busy timeout, and the batch is tried
        again when even that was not enough. A database that refuses the batch as a whole (an
        OperationalError: a full disk, say) raises: nothing of the batch is stored."""
        attempt = 1
        while True:
            authors_before = dict(self._authors_by_bio)
            try:
                return self._store_batch_once(loaded, authors_before)
            except OperationalError as error:
                self._authors_by_bio = authors_before  # what the batch created is gone
                if attempt == LOCK_ATTEMPTS or not is_lock_wait(error):
                    raise
                attempt += 1

    def _store_batch_once(
        self, loaded: list[_Loaded | FileResult], authors_before: dict[str, int]
    ) -> list[FileResult]:
        try:
            with self._sessions.begin() as session:
                return self._store_files(session, loaded, careful=False)
        except OperationalError:
            raise
        except SQLAlchemyError:  # a file refused: the batch again, one file per savepoint
            self._authors_by_bio = dict(authors_before)
        with self._sessions.begin() as session:
            return self._store_files(session, loaded, careful=True)

    def _store_files(
        self, session: Session, loaded: list[_Loaded | FileResult], *, careful: bool
    ) -> list[FileResult]:
        titles = sorted({item.parsed.title for item in loaded if isinstance(item, _Loaded)})
        known = {t for c in chunked(titles) for t in session.scalars(KNOWN_TITLES, {"titles": c})}
        results = list(loaded)  # files of new articles wait here to be stored together

        def store_waiting(end: int) -> None:
            waiting = [(n, i) for n, i in enumerate(results[:end]) if isinstance(i, _Loaded)]
            items = [item for _, item in waiting]
            stored = self._insert_articles(session, items)
            records = [_record(i, r) for i, r in zip(items, stored, strict=True)]
            if records:  # an empty list would insert one row of defaults
                session.connection().execute(INSERT_RECORD, records)
            for (position, _), result in zip(waiting, stored, strict=True):
                results[position] = result

        with _index_deferred(session, self._defer_index) as catch_up:
            for position, item in enumerate(loaded):
                if isinstance(item, _Loaded) and (careful or item.parsed.title in known):
                    # A title already known (or twice in the batch): in order, each alone.
                    store_waiting(position)
                    catch_up()
                    results[position] = self._store_one(session, item)
                known.update([item.parsed.title] if isinstance(item, _Loaded) else [])
            store_waiting(len(results))
        return [result for result in results if isinstance(result, FileResult)]

    def _store_one(self, session: Session, item: _Loaded) -> FileResult:
        """One file in a savepoint of its own: all of it, or nothing and a FAILED result."""
        authors_before = dict(self._authors_by_bio)
        try:
            with session.begin_nested():
                result = self._store_parsed(session, item)
                session.connection().execute(INSERT_RECORD, _record(item, result))
                return result
        except SQLAlchemyError as error:
            # SQLite may answer a full disk by rolling back the whole transaction: going on
            # would store the next files one by one, outside it, and report none of them.
            if isinstance(error, OperationalError) or not _in_transaction(session):
                raise
            # The savepoint is gone, and with it any author this file created.
            self._authors_by_bio = authors_before
            reason = getattr(error, "orig", None) or error
            return FileResult(item.source, Outcome.FAILED, f"the database refused it: {reason}")

    def _store_parsed(self, session: Session, item: _Loaded) -> FileResult:
        parsed, source = item.parsed, item.source
        self._authors_for(session, [parsed.bio])
        found = session.connection().execute(SAME_TITLE, {"title": parsed.title}).all()
        # Articles in the Trash are not matched: new comments or a new body would go where no
        # one sees them, and a file of a trashed article (still in the folder imported every
        # day) must not bring it back by itself. Found only there, the file is a conflict.
        candidates = [row for row in found if row.deleted_at is None]
        in_trash = [row.id for row in found if row.deleted_at is not None]
        same = next((row.id for row in candidates if row.body == parsed.body), None)
        repairs = parsed.repairs
        if in_trash and not candidates:
            trashed = ", ".join(f"#{article_id}" for article_id in in_trash)
            if self._on_conflict is ConflictPolicy.REPORT:
                message = (
                    f"the article with this title is in the Trash ({trashed}); left alone: "
                    "restore it from the Trash first, or keep both to import it anew"
                )
                return FileResult(source, Outcome.CONFLICT, message, in_trash[0], repairs=repairs)
            message = f"imported anew; the article with this title stays in the Trash ({trashed})"
            return self._insert_articles(session, [item], message)[0]
        if same is not None:
            added = self._add_new_comments(session, same, parsed)
            outcome = Outcome.UPDATED if added else Outcome.UNCHANGED
            message = f"{added} new comment{'s' if added != 1 else ''}" if added else ""
            return FileResult(source, outcome, message, same, added, repairs)
        if candidates and self._on_conflict is ConflictPolicy.REPORT:
            ids = ", ".join(f"#{row.id}" for row in candidates)
            message = f"an article with this title but a different body exists ({ids}); left alone"
            return FileResult(source, Outcome.CONFLICT, message, candidates[0].id, repairs=repairs)
        if candidates and self._on_conflict is ConflictPolicy.REPLACE:
            target = session.get_one(Article, candidates[0].id)
            keep_revision(session, target)
            session.execute(
                update(Article)
                .where(Article.id == target.id)
                .values(
                    body=parsed.body,
                    version=Article.version + 1,
                    updated_at=utc_now(),
                    updated_by="import",  # the history names the import as this text's writer
                )
            )
            added = self._add_new_comments(session, target.id, parsed)
            message = f"body replaced, {added} new comments"
            return FileResult(source, Outcome.UPDATED, message, target.id, added, repairs)
        message = "kept as a second article with the same title" if candidates else ""
        return self._insert_articles(session, [item], message)[0]

    def _insert_articles(
        self, session: Session, items: list[_Loaded], message: str = ""
    ) -> list[FileResult]:
        """New articles and their comments: one INSERT for the articles, one for the comments."""
        if not items:
            return []
        now = utc_now()
        authors = self._authors_for(session, [item.parsed.bio for item in items])
        article = {"status": ArticleStatus.PUBLISHED, "notes": "", "version": 1}
        rows = [
            {**article, "title": item.parsed.title, "body": item.parsed.body, "author_id": author}
            | {"created_at": now, "updated_at": now}
            for item, author in zip(items, authors, strict=True)
        ]
        connection = session.connection()
        ids = connection.execute(INSERT_ARTICLES, rows).scalars().all()
        texts = [[comment.text for comment in item.parsed.comments] for item in items]
        comments = [
            row for i, t in zip(ids, texts, strict=True) for row in self._comment_rows(i, t, 1, now)
        ]
        if comments:
            connection.execute(INSERT_COMMENT, comments)
        return [
            FileResult(item.source, Outcome.IMPORTED, message, article_id,
                       len(item.parsed.comments), item.parsed.repairs)
            for item, article_id in zip(items, ids, strict=True)
        ]  # fmt: skip

    def _authors_for(self, session: Session, bios: list[str]) -> list[int]:
        """Each bio's author (a new one for a new bio), all in one query and insert per table."""
        digests = [bio_digest(bio) for bio in bios]
        new = {d: bio.strip() for d, bio in zip(digests, bios, strict=True)}
        for chunk in chunked(sorted(new.keys() - self._authors_by_bio.keys())):
            self._authors_by_bio.update(session.execute(KNOWN_BIOS, {"d": chunk}).all())
        new = {d: bio for d, bio in new.items() if d not in self._authors_by_bio}
        if new:
            named = [{"display_name": provisional_name(b), "needs_name": True, "bio": b}
                     for b in new.values()]  # fmt: skip
            ids = session.execute(INSERT_AUTHORS, named).scalars().all()
            self._authors_by_bio.update(zip(new, ids, strict=True))
            known = [{"author_id": self._authors_by_bio[d], "digest": d, "bio": b}
                     for d, b in new.items()]  # fmt: skip
            session.execute(INSERT_BIOS, known)
        return [self._authors_by_bio[digest] for digest in digests]

    def _add_new_comments(self, session: Session, article_id: int, parsed: ParsedArticle) -> int:
        """Add the file's comments the article does not have yet; duplicates count as such."""
        bodies = select(Comment.body).where(Comment.article_id == article_id)
        existing = Counter(session.scalars(bodies))
        new: list[str] = []
        for comment in parsed.comments:
            if existing[comment.text] > 0:
                existing[comment.text] -= 1
            else:
                new.append(comment.text)
        if new:
            highest = select(func.max(Comment.position)).where(Comment.article_id == article_id)
            last = session.scalar(highest)
            rows = self._comment_rows(article_id, new, (last or 0) + 1, utc_now())
            session.connection().execute(INSERT_COMMENT, rows)
        return len(new)

    def _comment_rows(
        self, article_id: int, texts: Sequence[str], first_position: int, now: datetime
    ) -> list[dict[str, object]]:
        return [
            {"article_id": article_id, "position": position, "body": body, "status": status,
             "held_reason": reason, "held_reasons": reasons_json(every[0] if every else ()),
             "received_at": now}
            for position, body in enumerate(texts, first_position)
            for status, reason, *every in [self._triage(body)]
        ]  # fmt: skip


def _in_transaction(session: Session) -> bool:
    """Whether the driver's connection is still inside the batch's transaction."""
    driver = session.connection().connection.dbapi_connection
    return bool(getattr(driver, "in_transaction", True))


@contextmanager
def _index_deferred(session: Session, defer: bool) -> Iterator[Callable[[], None]]:
    """With `defer` on SQLite: the index's insert triggers dropped for the batch, its rows indexed
    before it commits (DEFERRABLE_INDEX_TRIGGERS), and a function to index the rows so far. All
    in the batch's transaction: no other connection ever sees the schema without them."""
    connection = session.connection()
    sqlite = defer and connection.dialect.name == "sqlite"
    found = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    triggers = dict(connection.exec_driver_sql(found).all() if sqlite else [])
    marks: dict[str, int | None] = {n: None for n in DEFERRABLE_INDEX_TRIGGERS if n in triggers}

    def catch_up() -> None:  # index the rows added since the last time (or nothing, at first)
        for name, mark in marks.items():
            table, index_rows = DEFERRABLE_INDEX_TRIGGERS[name]
            if mark is not None:
                connection.exec_driver_sql(index_rows, (mark,))
            marks[name] = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0

    catch_up()
    for name in marks:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield catch_up
    catch_up()
    for name in marks:
        connection.exec_driver_sql(triggers[name])


class _NotRegularFile(Exception):
    pass


def _read_regular_file(path: Path) -> bytes:
    """The file's bytes. Opened without waiting (a FIFO put in the file's place since it was
    collected would wait for a writer) and refused unless it is a regular file."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegularFile(f"not a regular file ({_kind_of(mode)})")
        return file.read()


def _load(path: Path) -> _Loaded | FileResult:
    try:
        data = _read_regular_file(path)
        return _Loaded(str(path), data, parse_bytes(data, str(path)))
    except _NotRegularFile as error:
        return FileResult(str(path), Outcome.FAILED, str(error))
    except OSError as error:
        return FileResult(str(path), Outcome.FAILED, f"cannot read the file: {error.strerror}")
    except FormatError as error:  # without the file name: the report shows which file it is
        message = str(FormatError(error.expected, line=error.line, found=error.found))
        return FileResult(str(path), Outcome.FAILED, message)


def _record(item: _Loaded, result: FileResult) -> dict[str, object]:
    return {
        "article_id": result.article_id, "source_path": item.source,
        "file_name": os.path.basename(item.source)[:255],
        "file_digest": hashlib.sha256(item.data).hexdigest(),
        "outcome": result.outcome.value, "imported_at": utc_now(),
    }  # fmt: skip
