"""Light and dark: colours and icons that follow the desktop's palette, and keep following it.

Qt 6 takes its palette from the platform (a dark GNOME, KDE, Windows or macOS desktop gives a
dark palette); everything drawn with palette roles follows by itself. What does not is a
colour written down in code: an error label's red, the diff's green and red, a warning's
yellow. Those come from `colors()`, which has a light and a dark table, and widgets that
were tinted with `tint()` or given an icon with `set_icon()` are repainted when the palette
changes, once `follow_palette()` watches their window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QWidget

import resources

# Dynamic properties that remember what to redo on a palette change: no registry to leak.
ICON_PROPERTY = "copydeskIcon"
TINT_PROPERTY = "copydeskTint"


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette draws light text on a dark window.

    The palette decides rather than QStyleHints.colorScheme(): it is what widgets are really
    painted with, it is set on every platform (the hint is Unknown under X11 without a
    desktop portal, and offscreen), and a style may keep a light palette on a dark desktop.
    """
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightnessF()
    return window < palette.color(QPalette.ColorRole.WindowText).lightnessF()


def color_scheme(palette: QPalette | None = None) -> Qt.ColorScheme:
    return Qt.ColorScheme.Dark if is_dark(palette) else Qt.ColorScheme.Light


@dataclass(frozen=True)
class Colors:
    """The colours no palette role provides, for the palette in use."""

    error_text: QColor
    warning_text: QColor
    warning_background: QColor
    warning_border: QColor
    not_found_background: QColor
    inserted_text: QColor
    inserted_background: QColor
    deleted_text: QColor
    deleted_background: QColor
    link_match: QColor
    hold_match: QColor
    spam_match: QColor
    muted_text: QColor


# Each pair keeps text readable (WCAG AA, 4.5:1) on its background and on the window colour:
# tests/desktop/test_theme.py checks it for both tables.
_LIGHT = {
    "error_text": "#b00020",
    "warning_text": "#3b2f00",
    "warning_background": "#fff4ce",
    "warning_border": "#e0c060",
    "not_found_background": "#ffe0e0",
    "inserted_text": "#116329",
    "inserted_background": "#dafbe1",
    "deleted_text": "#a40e26",
    "deleted_background": "#ffebe9",
    "link_match": "#ffe08a",
    "hold_match": "#ffc999",
    "spam_match": "#ff9f9f",
}
_DARK = {
    "error_text": "#ff8a80",
    "warning_text": "#ffe9a8",
    "warning_background": "#3d3100",
    "warning_border": "#8a7000",
    "not_found_background": "#5c2020",
    "inserted_text": "#aff5b4",
    "inserted_background": "#0f3d1c",
    "deleted_text": "#ffdcd7",
    "deleted_background": "#67060c",
    "link_match": "#5c4a00",
    "hold_match": "#6b3a10",
    "spam_match": "#6e1f1f",
}


def colors(palette: QPalette | None = None) -> Colors:
    palette = palette if palette is not None else QGuiApplication.palette()
    table = _DARK if is_dark(palette) else _LIGHT
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    return Colors(**{role: QColor(value) for role, value in table.items()}, muted_text=muted)


def tint(
    widget: QWidget, role: str, which: QPalette.ColorRole = QPalette.ColorRole.WindowText
) -> None:
    """Paint `widget`'s `which` in the colour `role` of `colors()`, now and after any change
    of the palette (a style sheet would freeze it, and stop the palette's other roles too).
    """
    widget.setProperty(TINT_PROPERTY, f"{role}:{which.name}")
    _apply_tint(widget)


def _apply_tint(widget: QWidget) -> None:
    role, _, which = str(widget.property(TINT_PROPERTY)).partition(":")
    color = getattr(colors(), role)
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole[which], color)
    widget.setPalette(palette)


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The desktop theme's icon called `name`, else ours in the ink that suits the palette.

    Ours are SVG, so they stay crisp at any size and device-pixel ratio.
    """
    fallback = QIcon(str(resources.action_icon_path(name, dark=is_dark(palette))))
    return QIcon.fromTheme(name, fallback)


def set_icon(action: QAction, name: str) -> None:
    action.setProperty(ICON_PROPERTY, name)
    action.setIcon(icon(name))


def app_icon() -> QIcon:
    """Copydesk's own icon, colourful on any background.

    Fixed-size PNGs rather than the SVG: window managers and taskbars ask for exact sizes
    (X11 sends every available one), and PNGs need no image plugin.
    """
    made = QIcon()
    for size in resources.APP_ICON_SIZES:
        made.addFile(str(resources.app_icon_png(size)), QSize(size, size))
    return made


def refresh(root: QWidget) -> None:
    """Redo the icons and tints of `root` and its descendants for the current palette."""
    for action in root.findChildren(QAction):
        name = action.property(ICON_PROPERTY)
        if name:
            action.setIcon(icon(str(name)))
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget.property(TINT_PROPERTY):
            _apply_tint(widget)


class PaletteFollower(QObject):
    """Watches a window for palette and colour-scheme changes and refreshes it once after
    each burst (Qt sends several events for one switch of the desktop's theme)."""

    WATCHED = (
        QEvent.Type.ApplicationPaletteChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.ThemeChange,
        QEvent.Type.StyleChange,
    )

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("paletteFollower")
        self._window = window
        self._dark = is_dark()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._refresh)
        window.installEventFilter(self)
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._schedule)

    @property
    def dark(self) -> bool:
        """Whether the window was last refreshed for a dark palette."""
        return self._dark

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Installed on the window alone, so no need to compare `watched` (and an identity
        # test can fail: PySide may hand over a fresh wrapper for the same window).
        if event.type() in self.WATCHED:
            self._schedule()
        return False

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def _refresh(self) -> None:
        dark = is_dark()
        # Tints are set on the widgets' palettes: refreshing them sends PaletteChange events
        # that come back here, so only a real switch of light and dark refreshes.
        if dark != self._dark:
            self._dark = dark
            refresh(self._window)


def follow_palette(window: QWidget) -> PaletteFollower:
    """Keep `window`'s icons and tinted widgets matched to the palette (owned by `window`)."""
    existing = window.findChild(PaletteFollower, "paletteFollower")
    return existing if isinstance(existing, PaletteFollower) else PaletteFollower(window)
