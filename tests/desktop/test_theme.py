"""Light and dark: the colours and icons follow the palette, and switch with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from desktop import theme
from resources import ACTION_ICON_NAMES, APP_ICON_SIZES

Role = QPalette.ColorRole


def make_palette(window: str, text: str, base: str, placeholder: str) -> QPalette:
    palette = QPalette()
    for role in (Role.Window, Role.Button):
        palette.setColor(role, QColor(window))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(role, QColor(text))
    palette.setColor(Role.Base, QColor(base))
    palette.setColor(Role.PlaceholderText, QColor(placeholder))
    return palette


LIGHT = make_palette("#efefef", "#000000", "#ffffff", "#7f7f7f")
DARK = make_palette("#2b2b2b", "#e6e6e6", "#1e1e1e", "#9a9a9a")
PALETTES = pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[None]:
    """Tests switch the application's palette; everyone after them gets it back."""
    before = QPalette(qapp.palette())
    yield
    qapp.setPalette(before)


def contrast(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(part) for part in color.getRgbF()[:3])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(icon: QIcon) -> float:
    """The mean lightness of an icon's visible pixels, 0 (black) to 1 (white)."""
    image = icon.pixmap(48, 48).toImage()
    values = [
        image.pixelColor(x, y).lightnessF()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alphaF() > 0.5
    ]
    assert values, "the icon drew nothing"
    return sum(values) / len(values)


def test_the_palette_says_light_or_dark(qapp) -> None:
    assert not theme.is_dark(LIGHT)
    assert theme.is_dark(DARK)
    assert theme.color_scheme(DARK).name == "Dark"


@PALETTES
def test_text_colours_are_readable(qapp, palette: QPalette) -> None:
    colors = theme.colors(palette)
    window = palette.color(Role.Window)
    base = palette.color(Role.Base)
    pairs = {
        "error on window": (colors.error_text, window),
        "error on base": (colors.error_text, base),
        "warning": (colors.warning_text, colors.warning_background),
        "inserted": (colors.inserted_text, colors.inserted_background),
        "deleted": (colors.deleted_text, colors.deleted_background),
        "text on not found": (palette.color(Role.Text), colors.not_found_background),
    }
    for match in (colors.link_match, colors.hold_match, colors.spam_match):
        pairs[f"text on {match.name()}"] = (palette.color(Role.Text), match)
    unreadable = {
        name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5
    }
    assert unreadable == {}


def test_muted_text_comes_from_the_palette(qapp) -> None:
    assert theme.colors(DARK).muted_text == DARK.color(Role.PlaceholderText)


def test_our_icons_are_drawn_in_the_ink_of_the_palette(qapp) -> None:
    for name in ACTION_ICON_NAMES:
        assert ink(theme.icon(name, LIGHT)) < 0.3, name
        assert ink(theme.icon(name, DARK)) > 0.7, name


def test_the_desktop_themes_icon_wins(qapp, tmp_path: Path) -> None:
    icons = tmp_path / "newsroom-theme"
    (icons / "scalable" / "actions").mkdir(parents=True)
    (icons / "index.theme").write_text(
        "[Icon Theme]\nName=newsroom-theme\nDirectories=scalable/actions\n\n"
        "[scalable/actions]\nSize=24\nMinSize=8\nMaxSize=512\nType=Scalable\n",
        encoding="utf-8",
    )
    (icons / "scalable" / "actions" / "document-new.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" '
        'fill="#ff0000"/></svg>',
        encoding="utf-8",
    )
    paths, name = QIcon.themeSearchPaths(), QIcon.themeName()
    QIcon.setThemeSearchPaths([str(tmp_path)])
    QIcon.setThemeName("newsroom-theme")
    try:
        themed = theme.icon("document-new", LIGHT).pixmap(16, 16).toImage().pixelColor(8, 8)
        fallback = theme.icon("edit-find", LIGHT)
    finally:
        QIcon.setThemeSearchPaths(paths)
        QIcon.setThemeName(name)
    assert themed.name() == "#ff0000"
    assert ink(fallback) < 0.3  # the theme has none: ours


def test_icons_and_tints_follow_a_switch_to_dark_and_back(qtbot, qapp, app_palette) -> None:
    qapp.setPalette(LIGHT)
    window = QMainWindow()
    qtbot.addWidget(window)
    action = QAction("Save", window)
    theme.set_icon(action, "document-save")
    label = QLabel("Headline is missing", window)
    theme.tint(label, "error_text")
    window.setCentralWidget(label)
    follower = theme.follow_palette(window)
    assert theme.follow_palette(window) is follower  # one per window
    assert ink(action.icon()) < 0.3
    assert label.palette().color(Role.WindowText) == theme.colors(LIGHT).error_text

    qapp.setPalette(DARK)
    qtbot.waitUntil(lambda: follower.dark)
    assert ink(action.icon()) > 0.7
    assert label.palette().color(Role.WindowText) == theme.colors(DARK).error_text
    # The rest of the label's palette still follows the application's.
    assert label.palette().color(Role.Window) == DARK.color(Role.Window)

    qapp.setPalette(LIGHT)
    qtbot.waitUntil(lambda: not follower.dark)
    assert ink(action.icon()) < 0.3
    assert label.palette().color(Role.WindowText) == theme.colors(LIGHT).error_text


def test_the_application_icon_has_every_size(qapp) -> None:
    icon = theme.app_icon()
    assert sorted(size.width() for size in icon.availableSizes()) == list(APP_ICON_SIZES)
    assert not icon.pixmap(64, 64).isNull()
