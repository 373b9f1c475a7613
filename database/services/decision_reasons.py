"""The newsroom's short list of reasons for a decision (rejected for abuse, spam for a spam
link…), edited by the newsroom and shared by every desk (a newsroom setting). A decision's
reason is stored with it (CommentService.set_status(..., reason=...)), in the comment and in
its moderation log entry; any text will do there, the list is what the keys offer."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.errors import ValidationError
from database.services.newsroom_settings import read_setting, write_setting

REASONS_KEY = "moderation.decision_reasons"
DEFAULT_REASONS: tuple[str, ...] = (
    "off-topic",
    "abuse",
    "personal data",
    "spam link",
    "legal risk",
    "duplicate",
    "other",
)
MAX_REASONS = 9  # keys 1–9 pick one
MAX_REASON_LENGTH = 80  # a label on a key; the columns hold 200


def clean_reason(reason: str | None) -> str | None:
    """A reason as stored: spaces collapsed, None for none; refused when over the length."""
    if reason is None:
        return None
    cleaned = " ".join(reason.split())
    if not cleaned:
        return None
    if len(cleaned) > MAX_REASON_LENGTH:
        raise ValidationError(
            f"A reason is at most {MAX_REASON_LENGTH} characters: “{cleaned[:40]}…”.",
            field="reason",
        )
    return cleaned


def clean_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    """The list as stored: cleaned, blanks and repeats (in any case) left out, at most nine."""
    kept: dict[str, str] = {}
    for reason in reasons:
        cleaned = clean_reason(reason)
        if cleaned is not None:
            kept.setdefault(cleaned.casefold(), cleaned)
    if len(kept) > MAX_REASONS:
        raise ValidationError(
            f"At most {MAX_REASONS} reasons: one for each of the keys 1–9.", field="reasons"
        )
    return tuple(kept.values())


def _stored(session: Session) -> tuple[str, ...]:
    value = read_setting(session, REASONS_KEY)
    if not isinstance(value, list):
        return DEFAULT_REASONS
    try:
        return clean_reasons(str(reason) for reason in value) or DEFAULT_REASONS
    except ValidationError:  # written by hand or a later version: the defaults, not a stop
        return DEFAULT_REASONS


class DecisionReasonService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def reasons(self) -> tuple[str, ...]:
        """The newsroom's list; the defaults until someone saves one (an empty list too)."""
        with operational_errors_reported("read the reasons"), self._sessions() as session:
            return _stored(session)

    def set_reasons(self, reasons: Iterable[str], *, user: str) -> tuple[str, ...]:
        """Replace the list for every desk; an empty list brings the defaults back."""
        cleaned = clean_reasons(reasons)
        with operational_errors_reported("save the reasons"), self._sessions.begin() as session:
            write_setting(session, REASONS_KEY, list(cleaned), user=user)
        return cleaned or DEFAULT_REASONS


__all__ = [
    "DEFAULT_REASONS",
    "MAX_REASONS",
    "MAX_REASON_LENGTH",
    "DecisionReasonService",
    "clean_reason",
    "clean_reasons",
]
