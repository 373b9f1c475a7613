"""Big lists: the article list (100,000) and the moderation queue (1,000,000 comments, "All").

Each measurement runs in a fresh process (benchmarks/lists_probe.py): the time from creating
the model to its first rows painted, and the memory that took, against a model that loads
every row; and the cost of jumping to a random row, against the same jumps in a list of the
small archive (1,000 articles, 10,000 comments).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.report import Figure, median_of

ROOT = Path(__file__).resolve().parents[1]  # where `-m benchmarks…` is found
GROUP = "lists"
JUMPS = 40
MB = 1024 * 1024


def probe(kind: str, model: str, archive: Path, seed: int) -> dict[str, object]:
    command = [sys.executable, "-m", "benchmarks.lists_probe", kind, model,
               f"sqlite:///{archive}", str(seed), str(JUMPS)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def figures(archive: Path, small: Path, runs: int, seed: int = 7) -> list[Figure]:
    results: list[Figure] = []
    for kind, label in (("articles", "article list"), ("queue", "moderation queue")):
        lazy, eager, small_lazy = [], [], []
        for run in range(runs):
            lazy.append(probe(kind, "lazy", archive, seed + run))
            eager.append(probe(kind, "eager", archive, seed + run))
            small_lazy.append(probe(kind, "lazy", small, seed + run))
        rows = int(lazy[0]["rows"])  # type: ignore[call-overload]
        name = f"{label} ({rows:,} rows)"

        def median(samples: list[dict[str, object]], key: str) -> float:
            return median_of([float(sample[key]) for sample in samples])  # type: ignore[arg-type]

        def jumps(samples: list[dict[str, object]]) -> float:
            return median_of([t for sample in samples for t in sample["jumps"]])  # type: ignore[attr-defined]

        small_rows = int(small_lazy[0]["rows"])  # type: ignore[call-overload]
        results += [
            Figure(GROUP, f"{name}: first rows painted", median(lazy, "seconds"),
                   median(eager, "seconds"), "loads every row", 0.15),
            Figure(GROUP, f"{name}: memory growth to first rows", median(lazy, "grown") / MB,
                   median(eager, "grown") / MB, "loads every row", 0.1, unit="MB"),
            Figure(GROUP, f"{name}: jump to a random row, painted", jumps(lazy), jumps(small_lazy),
                   f"same, {small_rows:,} rows", 2),
        ]  # fmt: skip
    return results
