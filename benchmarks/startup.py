"""Start-up: from process start to the main window painted (its menus, area tabs and article
list), and to the article list's rows painted, against a bare PySide6 window (a QMainWindow
with a one-row table) in the same run. The first of Copydesk's windows painted, the start
window (desktop/start_window.py) shown while the data layer loads, is a third figure.

Both are launched the same way (benchmarks/startup_probe.py, in a fresh interpreter, Qt
offscreen), on an archive of the requested size; a first, untimed launch of each warms the
file cache. The user's profile is preset, as after the first start, so that no dialog asks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.archive import working_copy
from benchmarks.report import Figure, median_of

ROOT = Path(__file__).resolve().parents[1]  # where `-m benchmarks…` is found
GROUP = "startup"


def launch(what: str, url: str, home: Path) -> dict[str, float]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                       XDG_CACHE_HOME=str(home / "cache"))  # fmt: skip
    environment.pop("COPYDESK_DATABASE_URL", None)
    command = [sys.executable, "-m", "benchmarks.startup_probe", what, url]
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=300, cwd=ROOT
    )
    times = dict(part.split("=") for part in done.stdout.split() if "=" in part)
    if done.returncode != 0 or set(times) != {"first", "window", "list"}:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return {name: float(value) - started for name, value in times.items()}


def figures(archive: Path, scratch: Path, runs: int) -> list[Figure]:
    url = f"sqlite:///{working_copy(archive, scratch / 'startup.sqlite3')}"
    home = scratch / "home"
    (home / "config" / "copydesk").mkdir(parents=True, exist_ok=True)
    (home / "config" / "copydesk" / "copydesk.ini").write_text("[profile]\nname=benchmark\n")
    launch("bare", url, home)
    launch("copydesk", url, home)
    bare, copydesk = [], []
    for _ in range(runs):
        bare.append(launch("bare", url, home))
        copydesk.append(launch("copydesk", url, home))
    baseline = median_of([sample["window"] for sample in bare])
    first = median_of([sample["first"] for sample in copydesk])
    main = median_of([sample["window"] for sample in copydesk])
    listed = median_of([sample["list"] for sample in copydesk])
    return [
        Figure(GROUP, "launch to a first window painted (the start window)",
               first, baseline, "bare PySide6 window", 2),
        Figure(GROUP, "launch to the main window painted (menus, area tabs, article list)",
               main, baseline, "bare PySide6 window", 2),
        Figure(GROUP, "launch to the article list's rows painted",
               listed, baseline, "bare PySide6 window", 3),
    ]  # fmt: skip
