"""Which runs of this desk are going: a lock file per run, that a crash leaves unheld."""

import subprocess
import sys
from pathlib import Path

from desktop.desk_runs import DeskRun

DESK = "a" * 32

# A run that takes its lock and dies without a word, as a crashed Copydesk does.
CRASH = """
import os, sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
os._exit(3)
"""


def test_this_run_and_another_that_runs_are_alive(tmp_path: Path) -> None:
    this, second = DeskRun(DESK, tmp_path), DeskRun(DESK, tmp_path)
    assert this.client_id.startswith(f"{DESK}.") and this.run_id != second.run_id
    assert this.is_alive(this.run_id) and this.is_alive(second.run_id)
    second.end()
    assert not this.is_alive(second.run_id)
    assert not this.is_alive("0123456789abcdef")  # never ran here
    assert not this.is_alive("../../etc")  # not a run's id: no file is looked for
    this.end()


def test_a_crashed_run_is_not_alive_and_its_lock_goes(tmp_path: Path) -> None:
    run = "fedcba9876543210"
    lock = tmp_path / f"{run}.lock"
    crashed = subprocess.run([sys.executable, "-c", CRASH, str(lock)], check=False)
    assert crashed.returncode == 3 and lock.exists()  # left behind, held by nobody
    this = DeskRun(DESK, tmp_path)
    assert not this.is_alive(run)
    assert not lock.exists()
    this.end()
