"""Every rule a comment matched, as `comments.held_reasons` keeps them (migration 0008): a JSON
list, the first of which is also `held_reason`, the one the queue is filtered by."""

from __future__ import annotations

import json
from collections.abc import Sequence

# A comment full of watched words names at most this many; the first ones decide.
MAX_REASONS = 20


def reasons_json(reasons: Sequence[str]) -> str | None:
    """The column's value: None when no rule matched."""
    if not reasons:
        return None
    return json.dumps(list(reasons[:MAX_REASONS]), ensure_ascii=False)


def reasons_of(held_reason: str | None, stored: str | None) -> tuple[str, ...]:
    """Every reason recorded; for comments triaged before the column, the one held reason."""
    if stored:
        try:
            found = json.loads(stored)
        except ValueError:
            found = None
        if isinstance(found, list) and found:
            return tuple(str(reason) for reason in found)
    return (held_reason,) if held_reason else ()


__all__ = ["MAX_REASONS", "reasons_json", "reasons_of"]
