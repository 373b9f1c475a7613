"""What the article editor holds, apart from its widgets: form values and how they are saved."""

from __future__ import annotations

from dataclasses import dataclass

from database.services.articles import ALLOWED_MOVES, ArticleDetail, ArticleService
from database.statuses import ArticleStatus
from desktop.articles.recovery import RecoveryCopy, now_iso


@dataclass(frozen=True)
class FormValues:
    title: str
    body: str
    notes: str
    status: ArticleStatus
    author_id: int | None

    @classmethod
    def of(cls, detail: ArticleDetail) -> FormValues:
        return cls(detail.title, detail.body, detail.notes, detail.status, detail.author_id)

    @classmethod
    def blank(cls) -> FormValues:
        return cls("", "", "", ArticleStatus.DRAFT, None)

    def texts(self) -> tuple[str, str, str]:
        """What a recovery copy keeps: the typing, which is what would hurt to lose."""
        return (self.title, self.body, self.notes)

    def recovery_copy(self, loaded: ArticleDetail | None) -> RecoveryCopy:
        return RecoveryCopy(
            article_id=None if loaded is None else loaded.id,
            title=self.title,
            body=self.body,
            notes=self.notes,
            base_version=None if loaded is None else loaded.version,
            saved_at=now_iso(),
        )

    def with_texts_of(self, copy: RecoveryCopy) -> FormValues:
        return FormValues(copy.title, copy.body, copy.notes, self.status, self.author_id)


def differs_from(copy: RecoveryCopy, values: FormValues) -> bool:
    return (copy.title, copy.body, copy.notes) != values.texts()


def create_draft(articles: ArticleService, values: FormValues, user: str = "") -> ArticleDetail:
    """The first save of a new article: every article starts as a draft, so it is created as
    one, or already moved on from one (In review) in the same step: a draft that never was
    would be a revision in its history. `user` wrote it (the history names them)."""
    first = ArticleStatus.DRAFT
    status = values.status if values.status in ALLOWED_MOVES[first] else first
    return articles.create(
        values.title,
        values.body,
        author_id=values.author_id,
        notes=values.notes,
        status=status,
        created_by=user,
    )


def save_changes(
    articles: ArticleService,
    loaded: ArticleDetail,
    values: FormValues,
    user: str,
    *,
    publish_reason: str = "",
) -> ArticleDetail:
    """Save `values` over `loaded`; refused if someone saved the article since it was loaded.
    `publish_reason`: why it is published past the pre-publish checklist, for the history."""
    if FormValues.of(loaded) == values:
        return loaded
    return articles.save(
        loaded.id,
        title=values.title,
        body=values.body,
        status=values.status,
        author_id=values.author_id,
        notes=values.notes,
        expected_version=loaded.version,
        user=user,
        publish_reason=publish_reason,
    )


def merged_values(base: ArticleDetail, theirs: ArticleDetail, mine: FormValues) -> FormValues:
    """Mine, to be saved on top of theirs: my title, text and notes; of the status and the
    author, what I changed from `base` (else theirs). A status mine cannot move to from
    theirs stays theirs."""
    status = mine.status if mine.status != base.status else theirs.status
    if status != theirs.status and status not in ALLOWED_MOVES[theirs.status]:
        status = theirs.status
    author_id = mine.author_id if mine.author_id != base.author_id else theirs.author_id
    return FormValues(mine.title, mine.body, mine.notes, status, author_id)


def save_copy(
    articles: ArticleService,
    values: FormValues,
    user: str,
    *,
    because: str = "when the original was changed by someone else meanwhile",
) -> ArticleDetail:
    """Mine as a new draft article of its own, marked as a copy in its title and notes."""
    note = f"Copy saved by {user} {because}."
    notes = f"{values.notes}\n\n{note}" if values.notes.strip() else note
    return articles.create(
        f"{values.title.strip() or 'Untitled article'} (copy)",
        values.body,
        author_id=values.author_id,
        notes=notes,
        created_by=user,
    )
