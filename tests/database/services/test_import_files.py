"""What an import does not try is said, a line each: hidden files, FIFOs and the like."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from database.services.importing import FileResult, Importer, ImportSummary, Outcome, collect_files
from database.textformat import ParsedArticle, write_bytes

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def article_file(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(write_bytes(ParsedArticle(title=title, body="Text.", bio="A reporter.")))
    return path


def outcomes(results: list[FileResult], root: Path) -> list[tuple[str, str, str]]:
    return [(r.outcome.value, str(Path(r.path).relative_to(root)), r.message) for r in results]


def test_hidden_files_and_folders_in_a_folder_get_a_skipped_line(tmp_path: Path) -> None:
    article_file(tmp_path, "story.txt", "Shown")
    article_file(tmp_path, ".draft.txt", "Hidden file")
    article_file(tmp_path / ".trash", "one.txt", "Thrown away")
    article_file(tmp_path / ".trash" / "deeper", "two.txt", "Thrown away too")
    article_file(tmp_path / "desk" / ".cache", "three.txt", "Cached")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # not an article file anyway
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")  # nothing to say
    files, not_tried = collect_files([tmp_path])
    assert files == [tmp_path / "story.txt"]
    assert outcomes(not_tried, tmp_path) == [
        ("skipped", ".draft.txt", "hidden file"),
        ("skipped", ".trash", "hidden folder: 2 .txt files in it not tried"),
        ("skipped", "desk/.cache", "hidden folder: 1 .txt file in it not tried"),
    ]


def test_a_hidden_file_named_explicitly_is_tried(tmp_path: Path) -> None:
    hidden = article_file(tmp_path, ".draft.txt", "Chosen")
    assert collect_files([hidden]) == ([hidden], [])


def test_skipped_files_are_counted_apart_and_fail_nothing(database, tmp_path: Path) -> None:
    article_file(tmp_path, "story.txt", "Shown")
    article_file(tmp_path, ".draft.txt", "Hidden file")
    summary = Importer(database.session_factory).run([tmp_path])
    assert [r.outcome for r in summary.results] == [Outcome.SKIPPED, Outcome.IMPORTED]
    assert summary.results[0].describe() == f"skipped   {tmp_path / '.draft.txt'}: hidden file"
    assert summary.all_succeeded
    assert summary.describe() == (
        "2 files: 1 imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed, 1 skipped"
    )


def test_a_summary_without_skipped_files_reads_as_before() -> None:
    summary = ImportSummary([FileResult("a.txt", Outcome.IMPORTED)])
    assert summary.describe() == "1 file: 1 imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed"


def import_without_blocking(database, paths: list[Path]) -> ImportSummary:
    """The import, in a thread that a FIFO opened for reading would leave waiting forever:
    if it does, a writer is opened to let it go and the test fails."""
    done: list[ImportSummary] = []
    worker = threading.Thread(
        target=lambda: done.append(Importer(database.session_factory).run(paths))
    )
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():
        for path in paths:
            if path.is_fifo():
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=20)
        pytest.fail("the import waited on a FIFO")
    return done[0]


@needs_fifos
def test_a_fifo_named_explicitly_is_not_a_regular_file_and_is_never_opened(
    database, tmp_path: Path
) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    summary = import_without_blocking(database, [fifo])
    assert [(r.outcome, r.message) for r in summary.results] == [
        (Outcome.FAILED, "not a regular file (a FIFO)")
    ]
    assert not summary.all_succeeded


@needs_fifos
def test_a_fifo_in_a_folder_is_skipped_with_a_line(database, tmp_path: Path) -> None:
    article_file(tmp_path, "story.txt", "Shown")
    os.mkfifo(tmp_path / "feed.txt")
    summary = import_without_blocking(database, [tmp_path])
    assert outcomes(summary.results, tmp_path) == [
        ("skipped", "feed.txt", "not a regular file (a FIFO)"),
        ("imported", "story.txt", ""),
    ]


@needs_fifos
def test_a_file_that_became_a_fifo_after_it_was_listed_is_not_waited_for(
    database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between listing the folder and reading the file, someone put a FIFO in its place."""
    from database.services import importing

    path = article_file(tmp_path, "story.txt", "Replaced")
    listed = importing.collect_files

    def list_then_replace(paths):  # type: ignore[no-untyped-def]
        found = listed(paths)
        path.unlink()
        os.mkfifo(path)
        return found

    monkeypatch.setattr(importing, "collect_files", list_then_replace)
    summary = import_without_blocking(database, [path])
    assert [(r.outcome, r.message) for r in summary.results] == [
        (Outcome.FAILED, "not a regular file (a FIFO)")
    ]


def test_a_link_to_nothing_says_so(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    _files, not_tried = collect_files([link, tmp_path / "never.txt"])
    assert [r.message for r in not_tried] == [
        "a link to a file that does not exist",
        "no such file or folder",
    ]
