"""Background jobs report progress to the GUI thread, but not more often than it can use."""

from __future__ import annotations

import itertools

from desktop import workers
from desktop.workers import Job, WorkerSignals


def test_progress_is_thinned_out_but_never_loses_the_first_or_the_last(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(workers.time, "monotonic", lambda: clock[0])
    signals = WorkerSignals()
    seen: list[int] = []
    signals.progress.connect(lambda done, _total, _current: seen.append(done))
    job = Job(signals)
    for done in range(1000):
        job.progress(done, 1000, f"{done}.txt")
        clock[0] += 0.001  # a file a millisecond: twenty reports a second get through
    job.progress(1000, 1000, "")
    assert seen[0] == 0 and seen[-1] == 1000
    assert 18 <= len(seen) <= 23
    assert all(later - earlier >= 49 for earlier, later in itertools.pairwise(seen[:-1]))
