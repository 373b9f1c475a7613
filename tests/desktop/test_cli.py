import subprocess
import sys
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
