"""Settings the whole newsroom shares (every desk reads the same row): JSON values by key."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from database.models import NewsroomSetting, utc_now


def read_setting(session: Session, key: str) -> object | None:
    """The stored value, None when there is none or it is not JSON (a row written by hand
    or by a later version must not stop anyone working: the caller's default applies)."""
    row = session.get(NewsroomSetting, key)
    if row is None:
        return None
    try:
        return json.loads(row.value)
    except ValueError:
        return None


def write_setting(session: Session, key: str, value: object, *, user: str) -> None:
    """Store `value` under `key`, in the caller's transaction."""
    text = json.dumps(value, sort_keys=True)
    row = session.get(NewsroomSetting, key)
    if row is None:
        session.add(NewsroomSetting(key=key, value=text, updated_by=user, updated_at=utc_now()))
        return
    row.value, row.updated_by, row.updated_at = text, user, utc_now()
