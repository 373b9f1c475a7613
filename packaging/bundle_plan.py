"""What goes into the bundle besides the code PyInstaller finds by following imports.

Kept out of copydesk.spec so that it can be tested without building (tests/packaging/), and
so that the spec stays a short list of PyInstaller calls.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent
NAME = "copydesk"
# desktop.launch.DESKTOP_FILE_ID: the .desktop file, metainfo, icons and macOS bundle id.
APP_ID = "org.copydesk.Copydesk"
MIGRATIONS = Path("database") / "migrations"

# Pulled in by name at run time, so invisible to PyInstaller's import analysis:
# - the SVG modules load Qt's svg image and icon-engine plugins (crisp icons at any scale);
# - SQLAlchemy finds its dialects by name from the database URL.
RUNTIME_IMPORTS = (
    "PySide6.QtSvg",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
)
# Optional drivers: bundled when installed where the build runs (the 'postgres' extra).
OPTIONAL_IMPORTS = ("psycopg", "psycopg_binary")
# Never used by Copydesk; PyInstaller's hooks would otherwise drag some of them in.
EXCLUDES = ("tkinter", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "IPython")
# Qt plugins left out, with the libraries only they need. The GTK 3 platform theme would
# load the desktop's GTK against the bundle's older or newer GLib, Cairo and Pango (the
# bundle's folder comes first in the library path): at best it fails, at worst it crashes.
# Without it Qt uses its built-in GNOME theme, which still follows the dark setting.
UNWANTED_PLUGINS = ("platformthemes/libqgtk3",)

# PyInstaller's table of contents: (name in the bundle, source file, type).
TocEntry = tuple[str, str, str]


def _data(source: Path, root: Path) -> tuple[str, str]:
    """(file, folder in the bundle): the same relative place as in the source tree."""
    return str(source), str(source.parent.relative_to(root))


def migration_scripts(root: Path = ROOT) -> list[Path]:
    """What Alembic reads by file path: env.py, the template and every revision."""
    folder = root / MIGRATIONS
    return sorted(
        [
            folder / "env.py",
            folder / "script.py.mako",
            *(folder / "versions").glob("*.py"),
        ]
    )


def migration_data(root: Path = ROOT) -> list[tuple[str, str]]:
    """The migration scripts as data files. database/migrate.py finds them beside itself
    (MIGRATIONS_FOLDER, from __file__), which in a bundle is the same relative folder."""
    return [_data(path, root) for path in migration_scripts(root)]


def migration_imports(root: Path = ROOT) -> list[str]:
    """Every module the migration scripts import, so that the bundle can import it when
    Alembic executes them: read from the scripts, so a new revision's imports come along."""
    names: set[str] = set()
    for path in migration_scripts(root):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                # `from alembic import op` imports a module; `from x import Base`, a name.
                names.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if _is_module(f"{node.module}.{alias.name}")
                )
    return sorted(name for name in names if not name.startswith("__future__"))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # the parent is a module, not a package
        return False


def resource_data(root: Path = ROOT) -> list[tuple[str, str]]:
    """The resources package's data: icons and sample articles (no Python files)."""
    folder = root / "resources"
    return [
        _data(path, root)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]


def hidden_imports(root: Path = ROOT) -> list[str]:
    imports = [*RUNTIME_IMPORTS, *migration_imports(root)]
    imports += [name for name in OPTIONAL_IMPORTS if _is_module(name)]
    return imports


def _library_name(name: str) -> str:
    return PurePath(name.replace("\\", "/")).name.lower()


def _loaded_by_python_or_qt(name: str) -> bool:
    """Extension modules and Qt plugins are loaded by name at run time, not linked to."""
    path = name.replace("\\", "/")
    return "/plugins/" in f"/{path}" or path.endswith((".pyd", ".abi3.so")) or "cpython-" in path


def prune_binaries(
    binaries: list[TocEntry], needs: Callable[[str], Iterable[str]]
) -> list[TocEntry]:
    """`binaries` without the unwanted plugins and the libraries nothing else links to.

    `needs(source)` lists the library names a binary links to (PyInstaller's bindepend).
    """
    unwanted = {
        index
        for index, (name, _source, _kind) in enumerate(binaries)
        if any(plugin in name.replace("\\", "/") for plugin in UNWANTED_PLUGINS)
    }
    users: dict[str, set[int]] = {}
    for index, (_name, source, kind) in enumerate(binaries):
        if kind != "SYMLINK":
            for library in needs(source):
                users.setdefault(_library_name(library), set()).add(index)
    removed = set(unwanted)
    grew = True
    while grew:  # a library whose every user is removed goes too, and so on down
        grew = False
        for index, (name, _source, _kind) in enumerate(binaries):
            if index in removed or _loaded_by_python_or_qt(name):
                continue
            linked_by = users.get(_library_name(name), set())
            if linked_by and linked_by <= removed:
                removed.add(index)
                grew = True
    gone = {_library_name(binaries[index][0]) for index in removed}
    return [
        entry
        for index, entry in enumerate(binaries)
        if index not in removed
        and not (
            entry[2] == "SYMLINK" and {_library_name(entry[0]), _library_name(entry[1])} & gone
        )
    ]


def executable_icon(platform: str = sys.platform, root: Path = ROOT) -> str | None:
    """The icon baked into the executable: Windows wants .ico, a macOS .app wants .icns;
    Linux executables carry none (the .desktop file names the icon)."""
    icons = root / "packaging" / "icons"
    if platform == "win32":
        return str(icons / f"{NAME}.ico")
    if platform == "darwin":
        return str(icons / f"{NAME}.icns")
    return None


def version(root: Path = ROOT) -> str:
    """database/version.py's __version__, read without importing the package."""
    tree = ast.parse((root / "database" / "version.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise ValueError("database/version.py sets no __version__")
