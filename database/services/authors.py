"""Author profiles: recognised by bio on import, named, edited, merged and deleted here."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from database.errors import NotFoundError, ValidationError
from database.models import Article, Author, AuthorBio
from database.trash_filter import LIVE

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
PROVISIONAL_NAME_WORDS = 4


def bio_digest(bio: str) -> str:
    # Whitespace at the ends is an accident of editing, not a different author.
    return hashlib.sha256(bio.strip().encode("utf-8")).hexdigest()


def provisional_name(bio: str) -> str:
    """A recognisable placeholder name for an author known only by a bio."""
    words = bio.split()
    start = " ".join(words[:PROVISIONAL_NAME_WORDS])
    more = "…" if len(words) > PROVISIONAL_NAME_WORDS else ""
    return f"Unnamed author ({start}{more})" if start else "Unnamed author"


@dataclass(frozen=True)
class AuthorSummary:
    id: int
    display_name: str
    needs_name: bool
    article_count: int
    has_photo: bool


@dataclass(frozen=True)
class AuthorDetail:
    id: int
    display_name: str
    needs_name: bool
    bio: str
    email: str
    website: str
    specialties: str
    photo: bytes | None
    updated_at: datetime


@dataclass(frozen=True)
class AuthorChanges:
    """What a profile form submits. `photo` None keeps the photo; b"" removes it."""

    display_name: str
    bio: str
    email: str = ""
    website: str = ""
    specialties: str = ""
    photo: bytes | None = None


def _validate_name_and_bio_line(display_name: str, bio: str) -> None:
    if not display_name.strip():
        raise ValidationError("A name is needed.", field="display_name")
    if "\n" in bio or "\r" in bio:
        raise ValidationError(
            "The bio is one paragraph: the article format keeps it on one line.", field="bio"
        )


def validate(changes: AuthorChanges, *, bio_required: bool = True) -> None:
    _validate_name_and_bio_line(changes.display_name, changes.bio)
    if bio_required and not changes.bio.strip():
        raise ValidationError("A bio is needed: exported articles print it.", field="bio")
    if changes.email and not _EMAIL.match(changes.email.strip()):
        raise ValidationError(
            f"“{changes.email}” is not an email address (like name@example.com).", field="email"
        )
    if changes.website and not _WEBSITE.match(changes.website.strip()):
        raise ValidationError(
            "A website starts with http:// or https://, like https://example.com.", field="website"
        )


def _detail(author: Author) -> AuthorDetail:
    return AuthorDetail(
        id=author.id,
        display_name=author.display_name,
        needs_name=author.needs_name,
        bio=author.bio,
        email=author.email,
        website=author.website,
        specialties=author.specialties,
        photo=author.photo,
        updated_at=author.updated_at,
    )


def remember_bio(session: Session, author: Author, bio: str) -> None:
    """Make `bio` recognise `author` from now on, unless it already recognises someone."""
    digest = bio_digest(bio)
    if session.scalar(select(AuthorBio.id).where(AuthorBio.digest == digest)) is None:
        session.add(AuthorBio(author=author, digest=digest, bio=bio.strip()))


def author_for_bio(session: Session, bio: str) -> int | None:
    return session.scalar(select(AuthorBio.author_id).where(AuthorBio.digest == bio_digest(bio)))


def create_author_for_bio(session: Session, bio: str) -> Author:
    author = Author(display_name=provisional_name(bio), needs_name=True, bio=bio.strip())
    session.add(author)
    session.flush()
    remember_bio(session, author, bio)
    return author


class AuthorService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def create(self, changes: AuthorChanges) -> AuthorDetail:
        validate(changes)
        with self._sessions.begin() as session:
            author = Author(
                display_name=changes.display_name.strip(),
                bio=changes.bio.strip(),
                email=changes.email.strip(),
                website=changes.website.strip(),
                specialties=changes.specialties,
                photo=changes.photo or None,
            )
            session.add(author)
            session.flush()
            remember_bio(session, author, changes.bio)
            return _detail(author)

    def create_named(self, display_name: str, bio: str = "") -> AuthorDetail:
        """An author known by name (a journalist's profile, say) whose bio may come later.

        Until it has one, exporting refuses their articles (exporting.export_problem says so);
        an empty bio is not remembered, or every import without a bio would be theirs.
        """
        _validate_name_and_bio_line(display_name, bio)
        with self._sessions.begin() as session:
            author = Author(display_name=display_name.strip(), bio=bio.strip())
            session.add(author)
            session.flush()
            if bio.strip():
                remember_bio(session, author, bio)
            return _detail(author)

    def get(self, author_id: int) -> AuthorDetail:
        with self._sessions() as session:
            author = session.get(Author, author_id)
            if author is None:
                raise NotFoundError(f"Author {author_id} does not exist.")
            return _detail(author)

    def update(self, author_id: int, changes: AuthorChanges) -> AuthorDetail:
        with self._sessions.begin() as session:
            author = session.get(Author, author_id)
            if author is None:
                raise NotFoundError(f"Author {author_id} was deleted.")
            # An author made by name (create_named) may keep editing their profile before
            # the bio comes; a bio once given is never taken away (imports know them by it).
            validate(changes, bio_required=bool(author.bio.strip()))
            if changes.display_name.strip() != author.display_name:
                author.needs_name = False
            author.display_name = changes.display_name.strip()
            author.bio = changes.bio.strip()
            author.email = changes.email.strip()
            author.website = changes.website.strip()
            author.specialties = changes.specialties
            if changes.photo is not None:
                author.photo = changes.photo or None
            # The old bio stays known: files exported before the edit still carry it.
            if changes.bio.strip():
                remember_bio(session, author, changes.bio)
            session.flush()
            return _detail(author)

    def photo(self, author_id: int) -> bytes | None:
        """Only the photo: lists show it as an icon without loading whole profiles."""
        with self._sessions() as session:
            return session.scalar(select(Author.photo).where(Author.id == author_id))

    def known_bio_count(self, author_id: int) -> int:
        """How many different bios recognise this author on import (the current one too)."""
        with self._sessions() as session:
            count = session.scalar(
                select(func.count()).select_from(AuthorBio).where(AuthorBio.author_id == author_id)
            )
            return count or 0

    def find_by_bio(self, bio: str) -> int | None:
        with self._sessions() as session:
            return author_for_bio(session, bio)

    def list(self, search: str = "", *, needs_name_only: bool = False) -> list[AuthorSummary]:
        """Every author passing the filter, by name. Newsrooms have hundreds, not millions."""
        # An article in the Trash is not counted as theirs. All articles less those in the
        # Trash, rather than the live ones counted: each count reads an index (3 ms over
        # 100,000 articles), where the live ones' would read every article's row (200 ms).
        counts = (
            select(Article.author_id, func.count().label("n"))
            .group_by(Article.author_id)
            .subquery()
        )
        # In the order of the index on deleted_at: SQLite's planner then reads the few trashed
        # articles through it, rather than all of them in the order of their authors.
        in_trash = select(Article.author_id).where(~LIVE).order_by(Article.deleted_at).subquery()
        trashed = (
            select(in_trash.c.author_id, func.count().label("n"))
            .group_by(in_trash.c.author_id)
            .subquery()
        )
        query = (
            select(
                Author.id,
                Author.display_name,
                Author.needs_name,
                func.coalesce(counts.c.n, 0) - func.coalesce(trashed.c.n, 0),
                Author.photo.is_not(None),
            )
            .outerjoin(counts, counts.c.author_id == Author.id)
            .outerjoin(trashed, trashed.c.author_id == Author.id)
            .order_by(func.lower(Author.display_name), Author.id)
        )
        if needs_name_only:
            query = query.where(Author.needs_name.is_(True))
        for word in search.split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(
                or_(
                    Author.display_name.ilike(pattern, escape="\\"),
                    Author.bio.ilike(pattern, escape="\\"),
                    Author.email.ilike(pattern, escape="\\"),
                    Author.specialties.ilike(pattern, escape="\\"),
                )
            )
        with self._sessions() as session:
            return [
                AuthorSummary(
                    id=row[0],
                    display_name=row[1],
                    needs_name=row[2],
                    article_count=row[3],
                    has_photo=bool(row[4]),
                )
                for row in session.execute(query)
            ]

    def merge(self, keep_id: int, remove_id: int) -> AuthorDetail:
        """Fold `remove_id` into `keep_id`: its articles and known bios move, nothing is lost."""
        if keep_id == remove_id:
            raise ValidationError("An author cannot be merged with itself.")
        with self._sessions.begin() as session:
            keep, remove = session.get(Author, keep_id), session.get(Author, remove_id)
            if keep is None or remove is None:
                raise NotFoundError("One of the authors to merge was deleted.")
            self._hand_over(session, remove, keep)
            # Fill in what the kept profile lacks instead of dropping the other's details.
            for field in ("email", "website", "specialties"):
                if not getattr(keep, field) and getattr(remove, field):
                    setattr(keep, field, getattr(remove, field))
            if keep.photo is None and remove.photo is not None:
                keep.photo = remove.photo
            if keep.needs_name and not remove.needs_name:
                keep.display_name, keep.needs_name = remove.display_name, False
            session.delete(remove)
            session.flush()
            return _detail(keep)

    def delete(self, author_id: int, successor_id: int | None) -> None:
        """Delete a profile; its articles and bios go to `successor_id` first."""
        with self._sessions.begin() as session:
            author = session.get(Author, author_id)
            if author is None:
                return
            has_articles = session.scalar(
                select(func.count()).where(Article.author_id == author_id)
            )
            if successor_id is None:
                if has_articles:
                    raise ValidationError("Choose who takes over this author's articles first.")
            else:
                successor = session.get(Author, successor_id)
                if successor is None or successor_id == author_id:
                    raise ValidationError("Choose another, existing author to take over.")
                self._hand_over(session, author, successor)
            session.delete(author)

    @staticmethod
    def _hand_over(session: Session, source: Author, target: Author) -> None:
        session.execute(
            update(Article).where(Article.author_id == source.id).values(author_id=target.id)
        )
        session.execute(
            update(AuthorBio).where(AuthorBio.author_id == source.id).values(author_id=target.id)
        )
        session.expire(source, ["known_bios"])
