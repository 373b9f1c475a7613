import json
import os
from pathlib import Path

import pytest

from desktop.articles.recovery import (
    RecoveryCopy,
    RecoveryStore,
    default_recovery_folder,
    pending_new_recoveries,
)


def copy(title: str = "Title", saved_at: str = "2024-05-01T10:00:00+00:00") -> RecoveryCopy:
    return RecoveryCopy(
        article_id=7, title=title, body="Body\nline", notes="n", base_version=3, saved_at=saved_at
    )


def test_saved_copies_load_back(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    assert store.keys() == [] and store.load("article-7") is None
    store.save("article-7", copy())
    assert store.load("article-7") == copy()
    assert store.keys() == ["article-7"]
    store.save("article-7", copy("Second"))
    assert store.load("article-7") == copy("Second")
    store.discard("article-7")
    store.discard("article-7")  # twice is harmless
    assert store.load("article-7") is None and store.keys() == []


def test_writes_replace_the_file_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore(tmp_path)
    store.save("article-1", copy("Kept"))

    def crash(source: str, target: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save("article-1", copy("Lost"))
    assert store.load("article-1") == copy("Kept")
    assert [path.name for path in tmp_path.iterdir()] == ["article-1.json"]  # no temp left


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"title": 1}',
        b"",
        json.dumps({"title": "x"}).encode(),
    ],
)
def test_damaged_files_are_ignored_and_kept(tmp_path: Path, content: bytes) -> None:
    store = RecoveryStore(tmp_path)
    (tmp_path / "article-3.json").write_bytes(content)
    assert store.load("article-3") is None
    assert (tmp_path / "article-3.json").read_bytes() == content
    assert store.keys() == ["article-3"]


def test_keys_cannot_leave_the_folder(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    for key in ("../evil", "a/b", "", ".hidden"):
        with pytest.raises(ValueError):
            store.save(key, copy())


def test_pending_new_recoveries_newest_first(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("new-a", copy("Older", "2024-05-01T10:00:00+00:00"))
    store.save("new-b", copy("Newer", "2024-05-02T10:00:00+00:00"))
    store.save("article-4", copy("Saved article"))
    (tmp_path / "new-broken.json").write_text("{", encoding="utf-8")
    found = pending_new_recoveries(store)
    assert [(key, found_copy.title) for key, found_copy in found] == [
        ("new-b", "Newer"),
        ("new-a", "Older"),
    ]


def test_default_folder_is_in_the_user_data_folder(data_folders: Path) -> None:
    folder = default_recovery_folder()
    assert folder.name == "recovery" and folder.parent.name == "copydesk"
    assert data_folders in folder.parents
