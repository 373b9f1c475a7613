from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.screenshots.__main__ import main, parse_size
from desktop.screenshots.scenes import SCENE_NAMES, SCENES


def _colours(picture: QImage) -> int:
    """How many colours a 40 × 40 grid of points finds: text and frames make several."""
    width, height = picture.width(), picture.height()
    return len(
        {picture.pixel(x * width // 40, y * height // 40) for x in range(40) for y in range(40)}
    )


def test_every_scene_is_saved_at_the_size_given(qtbot, tmp_path: Path, data_folders: Path) -> None:
    out = tmp_path / "shots"
    assert main([str(out), "--size", "1024x700"]) == 0
    saved = sorted(path.name for path in out.iterdir())
    assert saved == sorted(f"1024x700-{name}.png" for name in SCENE_NAMES)
    for scene in SCENES:
        picture = QImage(str(out / f"1024x700-{scene.name}.png"))
        assert not picture.isNull() and picture.width() > 100 and picture.height() > 100
        if not scene.is_dialog:  # the window fills the screen, and no more than it
            assert (picture.width(), picture.height()) == (1024, 700), scene.name
        else:
            assert picture.width() <= 1024 and picture.height() <= 700, scene.name
        assert _colours(picture) > 2, f"{scene.name} is blank"
    # The pictures' desk was a throw-away one: the test's own data folder stayed empty.
    assert not (data_folders / "data" / "copydesk").exists()


def test_several_sizes_and_some_scenes(qtbot, tmp_path: Path) -> None:
    assert main([str(tmp_path), "--size", "1366x768", "800×600", "--only", "about"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "1366x768-about.png",
        "800x600-about.png",
    ]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("1280", "is not a size"),
        ("wide", "is not a size"),
        ("100x800", "a width of 100 px is outside"),
        ("1280x999999", "is not a size"),
        ("1280x9000", "a height of 9000 px is outside"),
    ],
)
def test_a_bad_size_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, said: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([str(tmp_path / "out"), "--size", given])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert said in error and "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_sizes_are_read_as_people_write_them() -> None:
    assert parse_size("1280x800") == (1280, 800)
    assert parse_size(" 1024 × 700 ") == (1024, 700)
    assert parse_size("1366X768") == (1366, 768)
