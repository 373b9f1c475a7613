"""What the PyInstaller spec bundles, checked without building (that is smoke_test.py's job)."""

from __future__ import annotations

import ast
import struct
import tomllib
from pathlib import Path

from database.version import __version__

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "database" / "migrations"


def test_the_migrations_are_bundled_as_files_where_migrate_looks(bundle_plan) -> None:
    data = {
        Path(source).relative_to(ROOT).as_posix(): folder
        for source, folder in bundle_plan.migration_data()
    }
    expected = [
        "env.py",
        "script.py.mako",
        *(f"versions/{p.name}" for p in (MIGRATIONS / "versions").glob("*.py")),
    ]
    for name in expected:
        assert data[f"database/migrations/{name}"] == str(
            Path("database/migrations", name).parent
        ), name


def test_what_the_migrations_import_is_bundled_too(bundle_plan) -> None:
    hidden = bundle_plan.hidden_imports()
    for module in (
        "alembic",
        "alembic.op",
        "alembic.context",
        "database.models",
        "database.migrate",
        "sqlalchemy",
    ):
        assert module in hidden
    assert "PySide6.QtSvg" in hidden  # the SVG icon engine


def test_every_resource_file_is_bundled_and_no_code(bundle_plan) -> None:
    bundled = {Path(source) for source, _folder in bundle_plan.resource_data()}
    icons = set((ROOT / "resources" / "icons").rglob("*.svg"))
    samples = set((ROOT / "resources" / "samples").glob("*.txt"))
    assert icons | samples <= bundled
    assert not [path for path in bundled if path.suffix == ".py"]
    for source, folder in bundle_plan.resource_data():
        assert Path(source).parent.relative_to(ROOT) == Path(folder)


def test_each_platform_gets_an_executable_icon_it_can_use(bundle_plan) -> None:
    assert bundle_plan.executable_icon("linux") is None
    ico = Path(bundle_plan.executable_icon("win32"))
    icns = Path(bundle_plan.executable_icon("darwin"))
    header = ico.read_bytes()[:6]
    assert struct.unpack("<HHH", header)[:2] == (0, 1) and struct.unpack("<HHH", header)[2] >= 6
    data = icns.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)


def test_the_version_is_read_from_its_one_place(bundle_plan) -> None:
    assert bundle_plan.version() == __version__


def test_the_gtk_theme_goes_with_the_libraries_only_it_needs(bundle_plan) -> None:
    gtk = "PySide6/Qt/plugins/platformthemes/libqgtk3.so"
    binaries = [
        (gtk, "/q/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        ("libcairo.so.2", "/l/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/l/libpixman-1.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/l/libglib-2.0.so.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/q/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libcairo.so.2.0", "libcairo.so.2", "SYMLINK"),
    ]
    needs = {
        "/q/libqgtk3.so": ["libcairo.so.2", "libglib-2.0.so.0", "libQt6Gui.so.6"],
        "/l/libcairo.so.2": ["libpixman-1.so.0", "libglib-2.0.so.0"],
        "/q/libqxcb.so": ["libglib-2.0.so.0", "libQt6Gui.so.6"],
    }
    kept = {
        name
        for name, _source, _kind in bundle_plan.prune_binaries(
            binaries, lambda source: needs.get(source, [])
        )
    }
    assert kept == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libglib-2.0.so.0",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libQt6Gui.so.6",
    }


def test_the_spec_takes_its_paths_from_specpath_and_its_plan_from_bundle_plan() -> None:
    spec = (ROOT / "packaging" / "copydesk.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert "SPECPATH" in spec and "/work" not in spec
    for use in ("migration_data()", "resource_data()", "hidden_imports()", "prune_binaries("):
        assert f"bundle_plan.{use}" in spec


def test_the_packaging_extra_and_the_build_script_want_the_same_pyinstaller(
    build_script,
) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["optional-dependencies"]["packaging"] == [build_script.PYINSTALLER]
