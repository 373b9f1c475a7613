"""Package data: icons and the sample articles shipped with Copydesk.

Paths only, no Qt: the command line uses this package too, and loading the files into QIcons
is desktop.theme's job. Everything is found relative to the installed package (a wheel, an
editable checkout or a PyInstaller bundle alike), never relative to the working folder.
"""

from importlib.resources import files
from pathlib import Path

# The PNG sizes desktops ask for: hicolor's fixed sizes, window-manager and taskbar icons,
# and AppStream's 64/128 for software centres; the SVG covers everything else.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_ICON_NAME = "copydesk"

# Action icons carry freedesktop icon-naming-spec names, so that a desktop theme can
# supply its own; ours are drawn for a light background and recoloured for a dark one.
ACTION_ICON_NAMES = (
    "application-exit",
    "document-export",
    "document-import",
    "document-new",
    "document-open-recent",
    "document-save",
    "edit-find",
    "edit-redo",
    "edit-undo",
    "folder-open",
    "help-about",
    "input-keyboard",
    "user-identity",
)


def _package_folder() -> Path:
    return Path(str(files(__package__)))


def samples_folder() -> Path:
    """The folder holding the sample articles, wherever the package is installed."""
    return _package_folder() / "samples"


def icons_folder() -> Path:
    return _package_folder() / "icons"


def action_icon_path(name: str, *, dark: bool = False) -> Path:
    """The bundled SVG for an action icon: drawn dark on light, or light on dark."""
    return icons_folder() / ("actions-dark" if dark else "actions") / f"{name}.svg"


def app_icon_svg() -> Path:
    return icons_folder() / "app" / f"{APP_ICON_NAME}.svg"


def app_icon_png(size: int) -> Path:
    return icons_folder() / "app" / f"{APP_ICON_NAME}-{size}.png"
