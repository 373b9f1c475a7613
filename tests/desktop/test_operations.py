"""The op helper: work off the GUI thread, outcomes on it, writes one at a time in order."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread

from database.errors import ValidationError
from desktop import operations, plain_text
from desktop.operations import Newest, op
from desktop.workers import Job


@pytest.fixture
def owner(qtbot) -> QObject:
    return QObject()


def _settle(qtbot) -> None:
    qtbot.waitUntil(operations.idle, timeout=10_000)


def test_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot, owner) -> None:
    ran_on: list[threading.Thread] = []
    arrived: list[tuple[int, bool]] = []

    def work() -> int:
        ran_on.append(threading.current_thread())
        return 42

    op(owner, work).success(
        lambda result: arrived.append((result, QThread.currentThread() is owner.thread()))
    ).run()
    _settle(qtbot)
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert arrived == [(42, True)]


def test_a_failure_arrives_as_the_exception_object(qtbot, owner) -> None:
    failures: list[Exception] = []
    problem = ValidationError("a title is needed", field="title")

    def work() -> None:
        raise problem

    op(owner, work).success(lambda _r: pytest.fail("no result")).failure(failures.append).run()
    _settle(qtbot)
    assert failures == [problem] and failures[0].field == "title"


def test_a_failure_nobody_handles_is_said_in_plain_words(qtbot, owner, monkeypatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(plain_text, "warn", lambda _parent, title, text: said.append((title, text)))

    def broken() -> None:
        raise KeyError("<b>internal</b>")

    def refused() -> None:
        raise ValidationError("The body is too long.")

    op(owner, broken, title="Open").run()
    op(owner, refused, title="Save").run()
    _settle(qtbot)
    by_title = dict(said)  # reads run side by side: either may be said first
    assert by_title["Save"] == "The body is too long."
    assert "KeyError" in by_title["Open"] and "<b>" not in by_title["Open"]


def test_writes_run_one_at_a_time_in_the_order_asked(qtbot, owner) -> None:
    running = 0
    overlap: list[int] = []
    order: list[int] = []
    delivered: list[int] = []
    lock = threading.Lock()

    def write(number: int) -> int:
        nonlocal running
        with lock:
            running += 1
            overlap.append(running)
        threading.Event().wait(0.002)  # long enough for a second thread to overlap, if any
        with lock:
            order.append(number)
            running -= 1
        return number

    for number in range(30):
        op(owner, lambda n=number: write(n), write=True).success(delivered.append).run()
    _settle(qtbot)
    assert order == list(range(30)) and delivered == list(range(30))
    assert max(overlap) == 1


def test_nothing_is_called_back_once_the_parent_is_gone(qtbot) -> None:
    parent = QObject()
    started = threading.Event()
    release = threading.Event()
    arrived: list[object] = []

    def work() -> str:
        started.set()
        release.wait(5)
        return "late"

    op(parent, work).success(arrived.append).failure(arrived.append).run()
    assert started.wait(5)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    _settle(qtbot)
    assert arrived == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_only_the_newest_of_a_kind_is_delivered(qtbot, owner) -> None:
    newest = Newest()
    gate = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        gate.wait(5)
        return "old"

    newest.run(op(owner, slow).success(shown.append))
    newest.run(op(owner, lambda: "new").success(shown.append))
    assert newest.busy
    gate.set()
    _settle(qtbot)
    assert shown == ["new"] and not newest.busy


def test_progress_reaches_the_gui_thread_from_a_job(qtbot, owner) -> None:
    seen: list[tuple[int, int]] = []

    def work(job: Job) -> int:
        for done in range(1, 4):
            job.progress(done, 3, f"file {done}")
        return 3

    finished = op(owner, work).progress(lambda done, total, _what: seen.append((done, total)))
    finished.success(lambda _r: None).run()
    _settle(qtbot)
    assert seen[0] == (1, 3) and seen[-1] == (3, 3)
