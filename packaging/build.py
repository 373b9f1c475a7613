"""Build Copydesk as a one-folder application: `python packaging/build.py`.

Run it with the Python of the environment Copydesk is installed in (its dependencies are
what gets bundled). It installs PyInstaller into that environment if needed, builds
dist/copydesk/ from packaging/copydesk.spec and, on Linux, adds the desktop integration:

    dist/copydesk/copydesk                    the program (window, `import`, `export`)
    dist/copydesk/_internal/                  Python, Qt, the code and its data
    dist/copydesk/share/                      .desktop file, AppStream metainfo, icons
    dist/copydesk/install.sh                  puts those in ~/.local for the menus

Options: --archive also writes dist/copydesk-VERSION-PLATFORM.tar.gz (.zip on Windows);
--keep-build reuses PyInstaller's cache in build/ for a faster rebuild.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_plan  # noqa: E402

PYINSTALLER = "pyinstaller>=6.10,<7"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / bundle_plan.NAME
LINUX = HERE / "linux"
APP_ID = bundle_plan.APP_ID  # desktop.launch.DESKTOP_FILE_ID (tests check they agree)
# What Copydesk needs at run time, by import name: bundled from this environment.
REQUIRED = ("PySide6", "sqlalchemy", "alembic", "platformdirs", "markdown", "nh3")


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print(f"Installing {PYINSTALLER} into {sys.prefix}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", PYINSTALLER], check=True)


def check_dependencies() -> None:
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        raise SystemExit(
            f"build.py: {', '.join(missing)} not installed in {sys.prefix}. Run it with the "
            f'Python of an environment where Copydesk is installed (pip install -e ".").'
        )


def run_pyinstaller(keep_build: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        f"--distpath={DIST}",
        f"--workpath={WORK}",
        "--log-level=WARN",
        str(HERE / "copydesk.spec"),
    ]
    if not keep_build:
        command.insert(3, "--clean")
    subprocess.run(command, check=True, cwd=ROOT)


def add_linux_desktop_files(bundle: Path) -> None:
    """The freedesktop layout a package or install.sh copies under a prefix's share/."""
    share = bundle / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    shutil.copy2(LINUX / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo")
    icons = ROOT / "resources" / "icons" / "app"
    hicolor = share / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(icons / "copydesk.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg")
    for png in icons.glob("copydesk-*.png"):
        size = png.stem.rpartition("-")[2]
        folder = hicolor / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(png, folder / f"{APP_ID}.png")
    shutil.copy2(LINUX / "install.sh", bundle / "install.sh")


def folder_size(folder: Path) -> int:
    """Bytes on disk, each file once (PyInstaller links some libraries in two places)."""
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files)


def archive(bundle: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"{bundle_plan.NAME}-{bundle_plan.version()}-{system}-{machine}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=bundle.parent, base_dir=bundle.name))


def build(*, keep_build: bool = False, make_archive: bool = False) -> Path:
    started = time.monotonic()
    check_dependencies()
    ensure_pyinstaller()
    run_pyinstaller(keep_build)
    if sys.platform.startswith("linux"):
        add_linux_desktop_files(BUNDLE)
    size = folder_size(BUNDLE) / 2**20
    print(f"Built {BUNDLE} ({size:.0f} MiB) in {time.monotonic() - started:.0f} s")
    if make_archive:
        made = archive(BUNDLE)
        print(f"Archived as {made} ({made.stat().st_size / 2**20:.0f} MiB)")
    return BUNDLE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", action="store_true", help="also write a .tar.gz/.zip")
    parser.add_argument("--keep-build", action="store_true", help="reuse PyInstaller's cache")
    args = parser.parse_args(argv)
    build(keep_build=args.keep_build, make_archive=args.archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
