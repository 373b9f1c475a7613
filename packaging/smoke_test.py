"""Build the bundle and check that it works: `python packaging/smoke_test.py`.

Slow (a build takes about half a minute), so not part of the test suite. In a throw-away
home (nothing of yours is touched) it checks that the bundled program
- answers `--version` with the version in database/version.py,
- opens its window (offscreen unless --platform says otherwise), creates and migrates its
  database in the data folder, finds its icons and sample articles, and exits with 0,
- imports the sample articles and exports them again from the command line.

    --no-build         check dist/ as it is
    --platform xcb     show the window on a real display (e.g. under xvfb-run)
    --screenshot PATH  save a picture of the window as it first appears
    --timing N         also time N starts of the bundle and of `copydesk` from the checkout
                       (window shown, then quit) and print the medians
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import bundle_plan  # noqa: E402

from desktop.app import SMOKE_OK, SMOKE_SCREENSHOT_VARIABLE  # noqa: E402
from desktop.launch import SMOKE_TEST_VARIABLE  # noqa: E402

TIMEOUT_S = 60


def _load_build_script():  # type: ignore[no-untyped-def]
    # By path: `import build` could find PyPA's build package instead.
    spec = importlib.util.spec_from_file_location("copydesk_build", HERE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


class SmokeTestFailed(Exception):
    pass


def bundled_program() -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return build.BUNDLE / f"{bundle_plan.NAME}{suffix}"


def source_program() -> list[str]:
    """`copydesk` as installed from the checkout into the environment running this script."""
    script = Path(sys.executable).parent / (
        "copydesk.exe" if sys.platform == "win32" else "copydesk"
    )
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def isolated_environment(home: Path, platform: str) -> dict[str, str]:
    environment = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        environment[variable] = str(home / variable.lower())
    # platformdirs' sources on Windows and macOS: the data folder follows the home there.
    for variable in ("HOME", "APPDATA", "LOCALAPPDATA", "USERPROFILE"):
        environment[variable] = str(home)
    environment.pop("COPYDESK_DATABASE_URL", None)
    environment["QT_QPA_PLATFORM"] = platform
    return environment


def run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired as error:
        raise SmokeTestFailed(f"{' '.join(command)}: still running after {TIMEOUT_S} s") from error
    if done.returncode != 0:
        raise SmokeTestFailed(
            f"{' '.join(command)} exited with {done.returncode}\n{done.stdout}{done.stderr}"
        )
    return done


def check_version(program: Path, environment: dict[str, str]) -> str:
    answer = run([str(program), "--version"], environment).stdout.strip()
    expected = f"copydesk {bundle_plan.version()}"
    if answer != expected:
        raise SmokeTestFailed(f"--version said {answer!r}, expected {expected!r}")
    return answer


def check_window(
    command: list[str], environment: dict[str, str], home: Path, screenshot: Path | None
) -> str:
    smoke = {**environment, SMOKE_TEST_VARIABLE: "1"}
    if screenshot:
        smoke[SMOKE_SCREENSHOT_VARIABLE] = str(screenshot.resolve())
    line = next(
        (text for text in run(command, smoke).stdout.splitlines() if text.startswith(SMOKE_OK)),
        None,
    )
    if line is None:
        raise SmokeTestFailed("the window never reported that it was shown")
    location = Path(line.rpartition(" at ")[2])
    if home not in location.parents or not location.is_file():
        raise SmokeTestFailed(f"the database is not in the (temporary) data folder: {location}")
    return line


def check_import_export(program: Path, environment: dict[str, str], home: Path) -> str:
    samples = sorted((ROOT / "resources" / "samples").glob("*.txt"))
    run([str(program), "import", *map(str, samples)], environment)
    out = home / "exported"
    run([str(program), "export", "--out", str(out)], environment)
    exported = sorted(path.name for path in out.glob("*.txt"))
    if len(exported) != len(samples):
        raise SmokeTestFailed(f"exported {exported}, expected one file per sample")
    return f"imported and exported {len(exported)} articles"


def start_times(command: list[str], environment: dict[str, str], runs: int) -> list[float]:
    smoke = {**environment, SMOKE_TEST_VARIABLE: "1"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run(command, smoke)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--timing", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if not args.no_build:
        build.build(keep_build=True)
    program = bundled_program()
    if not program.exists():
        print(f"smoke test: {program} does not exist; build it first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="copydesk-smoke-") as folder:
        home = Path(folder).resolve()
        environment = isolated_environment(home, args.platform)
        try:
            print("ok  ", check_version(program, environment))
            print("ok  ", check_window([str(program)], environment, home, args.screenshot))
            print("ok  ", check_import_export(program, environment, home))
            if args.timing:
                for name, command in (("bundle", [str(program)]), ("source", source_program())):
                    times = start_times(command, environment, args.timing)
                    listed = ", ".join(f"{value:.2f}" for value in times)
                    print(f"time {name}: median {statistics.median(times):.2f} s ({listed})")
        except SmokeTestFailed as failure:
            print(f"FAIL {failure}", file=sys.stderr)
            return 1
    size = build.folder_size(build.BUNDLE) / 2**20
    print(f"smoke test passed: {build.BUNDLE} ({size:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
