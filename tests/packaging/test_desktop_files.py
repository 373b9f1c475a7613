"""The freedesktop files: well formed, and agreeing with the app and with each other."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from database.version import __version__
from desktop.launch import APPLICATION_NAME, DESKTOP_FILE_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{DESKTOP_FILE_ID}.desktop"
METAINFO = LINUX / f"{DESKTOP_FILE_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_names_the_app_its_icon_and_command(bundle_plan) -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APPLICATION_NAME
    assert entry["Icon"] == DESKTOP_FILE_ID
    assert entry["Exec"].split()[0] == bundle_plan.NAME == entry["TryExec"]
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")


def test_the_metainfo_describes_this_app_and_version() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == DESKTOP_FILE_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.findtext("name") == APPLICATION_NAME
    assert component.findtext("provides/binary") == "copydesk"
    license_ = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert component.findtext("project_license") == license_["project"]["license"]["text"]
    # A version bump in database/version.py needs its release entry (with date) here.
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == __version__


def test_the_build_script_and_the_app_agree_on_the_id(build_script) -> None:
    assert build_script.APP_ID == DESKTOP_FILE_ID


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_file_validate_accepts_it() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream")
def test_appstreamcli_accepts_the_metainfo() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not shutil.which("sh"), reason="a POSIX shell")
def test_install_sh_puts_the_app_in_the_menu_and_takes_it_out(build_script, tmp_path: Path) -> None:
    bundle = tmp_path / "Copydesk folder"  # a space, as a user's folder may have
    bundle.mkdir()
    (bundle / "copydesk").write_text("#!/bin/sh\n", encoding="utf-8")
    build_script.add_linux_desktop_files(bundle)
    home = tmp_path / "home"
    environment = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    subprocess.run(["sh", str(bundle / "install.sh")], env=environment, check=True)

    data = home / ".local" / "share"
    entry = (data / "applications" / DESKTOP_FILE.name).read_text(encoding="utf-8")
    assert f'Exec="{bundle}/copydesk"' in entry.splitlines()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{DESKTOP_FILE_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_FILE_ID}.svg").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    assert (home / ".local" / "bin" / "copydesk").resolve() == (bundle / "copydesk").resolve()

    subprocess.run(["sh", str(bundle / "install.sh"), "--uninstall"], env=environment, check=True)
    assert not (data / "applications" / DESKTOP_FILE.name).exists()
    assert not list((data / "icons").rglob("*.png"))
    assert not (home / ".local" / "bin" / "copydesk").exists()
