import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_import_then_export_all_gives_back_the_sample_bytes(
    url: str, samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", url, "import", *map(str, samples)]) == 0
    output = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in output[:-1]] == ["imported", "imported"]
    assert output[-1] == "2 files: 2 imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed"
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--comments", "all", "--database", url]) == 0
    assert capsys.readouterr().out.strip() == f"2 articles exported to {out}"
    for sample in samples:
        assert (out / sample.name).read_bytes() == sample.read_bytes()


def test_reimport_reports_unchanged(url: str, samples: list[Path], capsys) -> None:
    main(["import", "--database", url, str(samples[0])])
    capsys.readouterr()
    assert main(["import", "--database", url, str(samples[0])]) == 0
    assert capsys.readouterr().out.startswith("unchanged")


def test_a_failed_file_exits_1_and_says_where_and_why(url: str, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "shopping.txt"
    bad.write_text("eggs\n\nmilk")
    assert main(["--database", url, "import", str(bad)]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"failed    {bad}: line ")
    assert "expected" in line


def test_usage_errors_exit_2(url: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "x.txt", "--comments", "spam"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["export"])
    assert exit_info.value.code == 2


def test_a_bad_database_url_is_a_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    assert main(["--database", "nonsense://", "import", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("copydesk: ")
    assert "Traceback" not in error


def test_help_explains_the_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for words in ["import", "export", "--database", "COPYDESK_DATABASE_URL", "examples:"]:
        assert words in text


def test_the_installed_command_runs(url: str, samples: list[Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--database", url, "import", str(samples[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported")
    version = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("copydesk ")


def test_backup_writes_a_checked_copy_and_restore_puts_it_back(
    url: str, samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    assert main(["--database", url, "import", str(samples[0])]) == 0
    copy = tmp_path / "copies" / "desk-copy.sqlite3"
    capsys.readouterr()
    assert main(["--database", url, "backup", "--out", str(copy)]) == 0
    database_file = Path(url.removeprefix("sqlite:///"))
    assert capsys.readouterr().out.startswith(f"backed up {database_file} to {copy} (")
    assert main(["--database", url, "import", str(samples[1])]) == 0
    capsys.readouterr()

    assert main(["restore", str(copy), "--database", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"kept the database as it was in {database_file.parent}/backups/")
    assert lines[-1] == f"restored {database_file} from {copy}"
    connection = sqlite3.connect(database_file)
    try:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        connection.close()


def test_backup_into_the_backups_folder_deletes_copies_past_the_days_given(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from database.backups import Reason, back_up, list_backups

    assert main(["--database", url, "import", str(tmp_path / "none")]) == 1  # creates it
    database_file = Path(url.removeprefix("sqlite:///"))
    back_up(database_file, Reason.DAILY, lambda: datetime(2020, 1, 1))
    back_up(database_file, Reason.DAILY, lambda: datetime(2020, 1, 2))
    capsys.readouterr()
    assert main(["--database", url, "backup", "--keep-days", "14"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "deleted 2 copies made more than 14 days ago"
    [kept] = list_backups(database_file)
    assert kept.reason is Reason.MANUAL and lines[0].startswith(f"backed up {database_file} to ")
    with pytest.raises(SystemExit) as usage:
        main(["backup", "--keep-days", "0"])
    assert usage.value.code == 2


def test_a_failed_backup_exits_1_with_one_line(url: str, tmp_path: Path, capsys) -> None:
    assert main(["--database", url, "import", str(tmp_path / "none")]) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    capsys.readouterr()
    assert main(["--database", url, "backup", "--out", str(blocker / "copy.sqlite3")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("copydesk: the backup of ")
    assert error.count("\n") == 1 and "Traceback" not in error


def test_restore_refuses_a_damaged_copy_and_another_applications_file(
    url: str, samples: list[Path], tmp_path: Path, capsys
) -> None:
    import sqlite3

    assert main(["--database", url, "import", *map(str, samples)]) == 0
    copy = tmp_path / "copy.sqlite3"
    assert main(["--database", url, "backup", "--out", str(copy)]) == 0
    damaged = bytearray(copy.read_bytes())
    damaged[len(damaged) // 2 : len(damaged) // 2 + 8192] = b"\x5a" * 8192
    copy.write_bytes(bytes(damaged))
    foreign = tmp_path / "other.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE articles (headline TEXT)")
    connection.commit()
    connection.close()
    database_file = Path(url.removeprefix("sqlite:///"))
    capsys.readouterr()
    for refused, says in [(copy, "fails its check"), (foreign, "is not a Copydesk database")]:
        assert main(["--database", url, "restore", str(refused)]) == 1
        error = capsys.readouterr().err
        assert error.startswith("copydesk: ") and says in error and "Traceback" not in error
    assert not (database_file.parent / "backups").exists()  # nothing was even begun


def test_backup_and_restore_on_postgresql_say_how_the_newsroom_backs_up(capsys) -> None:
    server = "postgresql+psycopg://editor:secret@db.example/newsroom"
    assert main(["--database", server, "backup"]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--database", server, "restore", "newsroom.dump"]) == 2
    error = capsys.readouterr().err
    assert "pg_restore" in error and "secret" not in error


def test_another_applications_database_is_refused_in_one_line_and_left_alone(
    tmp_path: Path, capsys
) -> None:
    import sqlite3

    foreign = tmp_path / "other.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE articles (headline TEXT)")
    connection.commit()
    connection.close()
    before = foreign.read_bytes()
    assert main(["--database", f"sqlite:///{foreign}", "import", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"copydesk: {foreign} is not a Copydesk database: it holds tables articles of another "
        "application. It has not been changed. Choose another file.\n"
    )
    assert foreign.read_bytes() == before


def _story_files(folder: Path, prefix: str, count: int) -> Path:
    from database.textformat import ParsedArticle, ParsedComment, write_bytes

    folder.mkdir(parents=True)
    for number in range(count):
        article = ParsedArticle(
            title=f"{prefix} story {number}",
            body=f"What happened in {prefix} {number}.",
            bio=f"Covers {prefix} {number % 4}.",
            comments=(ParsedComment.from_text(f"Seen in {prefix} {number}"),),
        )
        (folder / f"{prefix}{number:04}.txt").write_bytes(write_bytes(article))
    return folder


def _count_articles(database_file: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(database_file)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        connection.close()


def test_two_imports_at_once_both_finish_and_store_every_file(url: str, tmp_path: Path) -> None:
    """Into a new file (both migrate it at once), then into the file as it is: each batch
    waits for the other's instead of dying with "database is locked"."""
    command = [sys.executable, "-m", "desktop", "--database", url, "import"]
    for round_number, prefixes in enumerate([("alpha", "beta"), ("gamma", "delta")], 1):
        folders = [_story_files(tmp_path / prefix, prefix, 300) for prefix in prefixes]
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        running = [subprocess.Popen([*command, str(folder)], **pipes) for folder in folders]
        for process in running:
            out, err = process.communicate(timeout=300)
            assert "Traceback" not in err
            assert process.returncode == 0, err
            summary = "300 files: 300 imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed"
            assert out.splitlines()[-1] == summary
        assert _count_articles(Path(url.removeprefix("sqlite:///"))) == 600 * round_number


def test_an_import_onto_a_full_disk_says_so_in_one_line_and_reports_what_it_stored(
    url: str, samples: list[Path], tmp_path: Path, capsys, full_disk
) -> None:
    database_file = Path(url.removeprefix("sqlite:///"))
    assert main(["--database", url, "import", str(samples[0])]) == 0
    capsys.readouterr()
    full_disk(database_file, 160)  # room for a batch of 500 files or two, not three
    folder = _story_files(tmp_path / "wire", "wire", 1500)
    assert main(["--database", url, "import", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("copydesk: The disk is full: ")
    assert f"(database file {database_file})" in captured.err
    imported = [line for line in captured.out.splitlines() if line.startswith("imported ")]
    assert len(imported) in (500, 1000), "whole batches are stored, or none of a batch"
    assert _count_articles(database_file) == 1 + len(imported)
    assert captured.out.splitlines()[-1] == (
        f"1500 files: {len(imported)} imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed, "
        f"{1500 - len(imported)} not stored (the import stopped)"
    )


def test_hidden_files_get_a_skipped_line_and_a_fifo_is_not_a_regular_file(
    url: str, samples: list[Path], tmp_path: Path, capsys
) -> None:
    import os

    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "story.txt").write_bytes(samples[0].read_bytes())
    (folder / ".story.txt.swp.txt").write_bytes(samples[1].read_bytes())
    assert main(["--database", url, "import", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"skipped   {folder / '.story.txt.swp.txt'}: hidden file",
        f"imported  {folder / 'story.txt'}",
        "2 files: 1 imported, 0 updated, 0 unchanged, 0 conflicts, 0 failed, 1 skipped",
    ]
    if not hasattr(os, "mkfifo"):
        return
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    assert main(["--database", url, "import", str(fifo)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"failed    {fifo}: not a regular file (a FIFO)"
    )
