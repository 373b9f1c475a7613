"""The profile being edited, apart from any widget: what was loaded, what changed, saves."""

from __future__ import annotations

from database.errors import NotFoundError
from database.services.authors import AuthorChanges, AuthorDetail, AuthorService, AuthorSummary

_EMPTY = AuthorChanges(display_name="", bio="")


def changes_of(detail: AuthorDetail) -> AuthorChanges:
    """The form content that saves `detail` unchanged (photo None: keep it)."""
    return AuthorChanges(
        display_name=detail.display_name,
        bio=detail.bio,
        email=detail.email,
        website=detail.website,
        specialties=detail.specialties,
    )


class ProfileEditor:
    """One profile at a time: an existing author, a new one not yet saved, or none.

    Service errors (ValidationError, NotFoundError) pass through for the panel to show.
    """

    def __init__(self, authors: AuthorService) -> None:
        self._authors = authors
        self._detail: AuthorDetail | None = None
        self._new = False

    @property
    def author_id(self) -> int | None:
        return self._detail.id if self._detail else None

    @property
    def detail(self) -> AuthorDetail | None:
        return self._detail

    @property
    def is_new(self) -> bool:
        return self._new

    @property
    def is_open(self) -> bool:
        return self._new or self._detail is not None

    @property
    def baseline(self) -> AuthorChanges:
        return changes_of(self._detail) if self._detail else _EMPTY

    def is_modified(self, changes: AuthorChanges) -> bool:
        return self.is_open and changes != self.baseline

    def open(self, author_id: int) -> AuthorDetail:
        self._detail, self._new = self._authors.get(author_id), False
        return self._detail

    def start_new(self) -> None:
        self._detail, self._new = None, True

    def close(self) -> None:
        self._detail, self._new = None, False

    def reload(self) -> AuthorDetail | None:
        """The profile as stored now; None (and closed) if it was deleted meanwhile."""
        if self._detail is None:
            return None
        try:
            return self.open(self._detail.id)
        except NotFoundError:
            self.close()
            return None

    def save(self, changes: AuthorChanges) -> AuthorDetail:
        if self._detail is None:
            saved = self._authors.create(changes)
        else:
            saved = self._authors.update(self._detail.id, changes)
        self._detail, self._new = saved, False
        return saved

    def known_bio_count(self) -> int:
        return self._authors.known_bio_count(self._detail.id) if self._detail else 0

    def summary(self) -> AuthorSummary | None:
        """The list row of the open author (its article count, among others)."""
        if self._detail is None:
            return None
        return next((row for row in self._authors.list() if row.id == self._detail.id), None)

    def others(self) -> list[AuthorSummary]:
        """Every author but the open one, by name: candidates to merge with or hand over to."""
        return [row for row in self._authors.list() if row.id != self.author_id]

    def merge(self, keep_id: int, remove_id: int) -> AuthorDetail:
        """Merge two authors (one of them the open one); the kept one is opened."""
        kept = self._authors.merge(keep_id, remove_id)
        self._detail, self._new = kept, False
        return kept

    def delete(self, successor_id: int | None) -> None:
        if self._detail is None:
            return
        self._authors.delete(self._detail.id, successor_id)
        self.close()
