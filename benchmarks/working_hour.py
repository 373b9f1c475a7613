"""A working hour: the real main window over the archive, a person's steps, the longest stall.

    python -m benchmarks run --only working_hour [--size 100000] [--seed 7]
    python -m benchmarks.working_hour ARCHIVE SCRATCH [FILES_FOLDER] [--files 1000]
                                      [--export 1000] [--sample]

The first is the suite's figure: the cached archive of `--size` articles (generated first
when the schema changed), a row per step in the suite's table. The second runs the hour alone
on any archive (e.g. `$(python -m benchmarks generate)`), printing each step as it ends and
then one JSON line; SCRATCH takes the copy, the export and the window's settings; the files
to import are generated into the suite's cache folder unless a folder is given.

The window is Copydesk's own (`desktop.app.create_main_window`, shown, Qt offscreen) on a
copy of the cached archive (the cached file is never opened). A timer ticks every 5 ms on the
GUI thread throughout; a step's figure is the longest gap between two ticks during the step,
less the 5 ms, against the 50 ms at which people notice. The steps, driven through the
widgets by object name, keys and clicks the way a person takes them:

- type an article search (14 keys, 60 ms apart), clear it; sort by each column (header
  clicks); the status filter and the author filter, chosen by key and back to all; open
  eight articles from the list by clicking their rows;
- switch to Moderation (the area tabs); twenty decisions by A in the queue, 60 ms apart, and
  twenty Z; choose the held reason with 10,000 comments, approve all matching (the
  confirmation answered Yes) and undo it; type a comment search (7 keys), clear it; back to
  Articles;
- import a folder of 1,000 files, and export 1,000 selected articles, with keys pressed in
  the list (Down, every 150 ms) while each runs;
- and, as a last row, the pauses between the steps, when only the window's own timers run
  (live updates, presence).

A step ends when what it asked for is there: the model shows the filter or order asked for,
the editor the article clicked, the queue the rows expected, and no op of
`desktop.operations` is left running or undelivered; then 50 ms more for its paint. A step
that does not get there within its timeout, opens a dialog nobody answers, or meets an
exception in a slot is reported as failed (and the run goes on with the next step). Exits
with 1 (through the suite's table) when a step failed or stalled over 50 ms.

The suite runs the second form in a fresh interpreter. `--sample` also samples the GUI
thread's Python stack every 2 ms from a second thread and lists, per step, the functions of
Copydesk it was in during the long gaps (a poor man's py-spy, for finding a stall's cause;
the sampling slows the figures a little). A test (tests/benchmarks/test_working_hour.py)
runs the same steps over a 300-article archive.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.archive import default_cache_folder, working_copy
from benchmarks.bulk_import import article_files
from benchmarks.report import Figure
from benchmarks.working_hour_driver import (
    Driver,
    StackSampler,
    StallWatch,
    StepFailed,
    StepResult,
    answered_dialogs,
)
from benchmarks.working_hour_steps import TAIL_MS, WorkingHour

GROUP = "working_hour"
BUDGET_S = 0.050
PAUSE_MS = 400  # between steps: a person looks at the result
SETTLE_MS = 1_000  # the window's first turns after it is shown: not a step
FILES = 1_000
EXPORTED = 1_000
ROOT = Path(__file__).resolve().parents[1]  # where `-m benchmarks…` is found


# --- running it ----------------------------------------------------------------------------------


def run_working_hour(
    database_url: str,
    files: Path,
    exports: Path,
    *,
    files_count: int = FILES,
    exported: int = EXPORTED,
    pause_ms: int = PAUSE_MS,
    sample: bool = False,
    report: Callable[[StepResult], None] | None = None,
) -> list[StepResult]:
    """Open the window on `database_url` (a copy: it is written to), take the steps, close."""
    from PySide6.QtTest import QTest

    from desktop.app import create_main_window
    from desktop.launch import ensure_application

    ensure_application()
    window = create_main_window(database_url)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2_000)
    driver = Driver(window)
    watch = StallWatch()
    sampler = StackSampler() if sample else None
    results: list[StepResult] = []
    pauses: list[float] = []  # the longest stall of each pause between steps
    paused_for = 0.0
    watch.start()
    if sampler is not None:
        sampler.start()
    try:
        with answered_dialogs(driver, files, exports):
            driver.wait(SETTLE_MS)
            for name, step in WorkingHour(driver, files, files_count, exports, exported).steps():
                paused = time.perf_counter()
                driver.wait(pause_ms)
                pauses.append(watch.longest_gap(paused, time.perf_counter())[0])
                paused_for += time.perf_counter() - paused
                results.append(_take(name, step, driver, watch, sampler))
                if report is not None:
                    report(results[-1])
            between = "the pauses between steps (the window's own timers)"
            results.append(StepResult(between, max(pauses, default=0.0), paused_for))
            if report is not None:
                report(results[-1])
    finally:
        watch.stop()
        if sampler is not None:
            sampler.stop()
        _close(window)
    return results


def _close(window: Any) -> None:
    """Closed without a question about unsaved work; every op over before the database goes."""
    from desktop import operations

    window.editor.maybe_save = lambda: True
    window.authors.maybe_save = lambda: True
    window.close()
    operations.wait_until_idle()
    window.context.database.dispose()
    window.deleteLater()


def _take(
    name: str,
    step: Callable[[], None],
    driver: Driver,
    watch: StallWatch,
    sampler: StackSampler | None,
) -> StepResult:
    driver.trouble.clear()
    driver.seen.clear()
    started = time.perf_counter()
    failure = ""
    try:
        step()
        driver.wait(TAIL_MS)
        if driver.trouble:
            raise StepFailed("; ".join(driver.trouble))
    except StepFailed as error:
        failure = str(error)
    except Exception as error:  # the harness met something it did not expect: say what
        failure = f"{type(error).__name__}: {error}"
    ended = time.perf_counter()
    stall, _began = watch.longest_gap(started, ended)
    causes: list[str] = []
    if sampler is not None:
        causes = sampler.causes(watch.gaps_over(started, ended, 0.025))
        sampler.forget_before(ended)
    watch.forget_before(ended)
    return StepResult(name, stall, ended - started, failure, causes, "; ".join(driver.seen))


# --- the suite's side ----------------------------------------------------------------------------


def figures(archive: Path, scratch: Path, cache: Path, size: int, seed: int) -> list[Figure]:
    """Run the working hour in a fresh interpreter on a copy of `archive`: a Figure a step.
    The steps are printed to stderr as they end, the table gets them all."""
    count = min(FILES, size)
    files = article_files(cache, count, seed)
    command = [sys.executable, "-m", "benchmarks.working_hour", str(archive), str(scratch),
               str(files), "--files", str(count), "--export", str(min(EXPORTED, size))]  # fmt: skip
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(command)} failed (its output is above):\n{done.stdout}")
    results = [StepResult(**step) for step in json.loads(lines[-1])["steps"]]
    return [
        Figure(GROUP, result.name, result.stall, BUDGET_S, "budget", 1, failure=result.failure)
        for result in results
    ]


def _environment(home: Path) -> dict[str, str]:
    """The window's settings, recovery copies and logs in a folder of the run's own (set
    before Qt is imported): nothing of the user's is read or changed."""
    environment = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / folder).mkdir(parents=True, exist_ok=True)
        environment[variable] = str(home / folder)
    return environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.working_hour")
    parser.add_argument("archive", type=Path, help="the cached archive: copied, never opened")
    parser.add_argument("scratch", type=Path, help="a folder for the copy and the export")
    parser.add_argument(
        "files", type=Path, nargs="?", help="article files to import (default: generated)"
    )
    parser.add_argument("--files", dest="files_count", type=int, default=FILES)
    parser.add_argument("--export", type=int, default=EXPORTED)
    parser.add_argument("--sample", action="store_true", help="sample the GUI thread's stack")
    args = parser.parse_args(argv)
    os.environ.update(_environment(args.scratch / "working-hour-home"))
    files = args.files or article_files(default_cache_folder(), args.files_count, seed=7)
    copy = working_copy(args.archive, args.scratch / "working-hour.sqlite3")
    exports = args.scratch / "working-hour-export"
    exports.mkdir(parents=True, exist_ok=True)

    def progress(result: StepResult) -> None:
        words = f" FAILED: {result.failure}" if result.failure else ""
        seen = f" [{result.seconds:.2f} s; {result.seen}]" if result.seen else ""
        line = f"  {result.stall * 1000:7.1f} ms  {result.name}{words}{seen}"
        print(line, file=sys.stderr, flush=True)
        for cause in result.causes:
            print(f"             {cause}", file=sys.stderr, flush=True)

    try:
        results = run_working_hour(
            f"sqlite:///{copy}",
            files,
            exports,
            files_count=args.files_count,
            exported=args.export,
            sample=args.sample,
            report=progress,
        )
    finally:
        for leftover in copy.parent.glob(copy.name + "*"):
            leftover.unlink()
    print(json.dumps({"steps": [asdict(result) for result in results]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
