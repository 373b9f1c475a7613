"""python -m desktop.screenshots OUTDIR [--size WxH ...] [--only NAME ...]

Renders every area and dialog (desktop/screenshots/scenes.py) over the sample articles, in a
throw-away home and database, and saves OUTDIR/<W>x<H>-<scene>.png. Qt runs offscreen, with a
screen of each size, unless QT_QPA_PLATFORM says otherwise (`QT_QPA_PLATFORM=xcb` under
xvfb-run with a screen of the size, say).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

DEFAULT_SIZE = "1280x800"
SMALLEST, LARGEST = 320, 8192
_SIZE = re.compile(r"\s*([0-9]{1,5})\s*[x×X]\s*([0-9]{1,5})\s*")


def parse_size(text: str) -> tuple[int, int]:
    """'1280x800' → (1280, 800); anything else is refused with the reason."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: write width x height in pixels, e.g. 1280x800"
        )
    width, height = int(match[1]), int(match[2])
    for value, what in ((width, "width"), (height, "height")):
        if not SMALLEST <= value <= LARGEST:
            raise argparse.ArgumentTypeError(
                f"{text!r}: a {what} of {value} px is outside {SMALLEST}–{LARGEST} px"
            )
    return width, height


def _parser(scene_names: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m desktop.screenshots",
        description="Save a PNG of every area and dialog of Copydesk over the sample articles, "
        "at each screen size given. Uses a temporary data folder and database: your own data "
        "and settings are never touched.",
    )
    parser.add_argument("outdir", type=Path, help="folder for the pictures (made if missing)")
    parser.add_argument(
        "--size",
        dest="sizes",
        type=parse_size,
        action="extend",
        nargs="+",
        metavar="WxH",
        help=f"screen size in pixels, several allowed (default: {DEFAULT_SIZE})",
    )
    parser.add_argument(
        "--only",
        action="extend",
        nargs="+",
        choices=scene_names,
        metavar="SCENE",
        help="only these scenes: " + ", ".join(scene_names),
    )
    return parser


def offscreen_screen(size: tuple[int, int], folder: Path) -> str:
    """A QT_QPA_PLATFORM value for Qt's offscreen platform with a screen of `size`, so that
    a dialog that sizes itself by the screen does so as it would on that screen.

    One screen a process: offscreen windows on a second screen lay themselves out wrongly.
    """
    screen = {"name": "screen", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def _size_by_size(arguments: Sequence[str], sizes: Sequence[tuple[int, int]]) -> int:
    """Every size in a process of its own, whose offscreen screen has that size."""
    outcome = 0
    for width, height in sizes:
        size = f"{width}x{height}"
        command = [sys.executable, "-m", "desktop.screenshots", *arguments, "--size", size]
        outcome = max(outcome, subprocess.run(command, check=False).returncode)
    return outcome


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.screenshots.scenes import SCENE_NAMES

    parser = _parser(SCENE_NAMES)
    arguments = parser.parse_args(argv)
    sizes = arguments.sizes or [parse_size(DEFAULT_SIZE)]
    outdir: Path = arguments.outdir
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        parser.error(f"cannot make the folder {outdir}: {error.strerror or error}")
    from PySide6.QtWidgets import QApplication

    from desktop.screenshots.shoot import take_screenshots

    made_here = "QT_QPA_PLATFORM" not in os.environ and QApplication.instance() is None
    if made_here and len(sizes) > 1:
        only = ["--only", *arguments.only] if arguments.only else []
        return _size_by_size([str(outdir), *only], sizes)
    with tempfile.TemporaryDirectory(prefix="copydesk-screens-") as folder:
        if made_here:
            # Only read when the application is made: set for this run, then put back.
            os.environ["QT_QPA_PLATFORM"] = offscreen_screen(sizes[0], Path(folder))
        try:
            saved = take_screenshots(outdir, sizes, only=arguments.only, report=print)
        except OSError as error:
            print(f"screenshots: {error}", file=sys.stderr)
            return 1
        finally:
            if made_here:
                os.environ.pop("QT_QPA_PLATFORM", None)
    print(f"{len(saved)} pictures in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
