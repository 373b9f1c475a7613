"""Taking the pictures: one sample desk and one window per size, every scene in turn."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSize

from desktop.launch import ensure_application
from desktop.screenshots.sandbox import sample_desk
from desktop.screenshots.scenes import SCENES, Stage, close_scene, close_window, open_window
from desktop.screenshots.scenes import show_scene as put_on_screen


def picture_name(size: tuple[int, int], scene: str) -> str:
    return f"{size[0]}x{size[1]}-{scene}.png"


@contextmanager
def staged(size: tuple[int, int]) -> Iterator[Stage]:
    """A fresh sample desk and its window at `size`, closed and removed afterwards."""
    ensure_application()
    with sample_desk() as desk:
        window = open_window(desk, QSize(*size))
        try:
            yield Stage(window, desk, QSize(*size))
        finally:
            close_window(window)


def take_screenshots(
    outdir: Path,
    sizes: Sequence[tuple[int, int]],
    *,
    only: Sequence[str] | None = None,
    report: Callable[[str], object] = lambda _line: None,
) -> list[Path]:
    """Save every scene (or those named in `only`) at every size; the files written.

    Raises OSError when a picture cannot be written."""
    scenes = [scene for scene in SCENES if not only or scene.name in only]
    saved: list[Path] = []
    for size in sizes:
        with staged(size) as stage:
            for scene in scenes:
                shown = put_on_screen(stage, scene)
                path = outdir / picture_name(size, scene.name)
                if not shown.grab().save(str(path), "PNG"):
                    raise OSError(f"could not write {path}")
                larger = shown.width() > size[0] or shown.height() > size[1]
                note = " (larger than the screen: its minimum size)" if larger else ""
                report(f"{path.name}: {shown.width()}x{shown.height()}{note}")
                close_scene(stage, scene, shown)
                saved.append(path)
    return saved
