"""Runs imports off the GUI thread and reports progress and results through signals."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from database.engine import Database
from database.services.importing import (
    CommentTriage,
    ConflictPolicy,
    FileResult,
    Importer,
    ImportStopped,
    ImportSummary,
)
from desktop.workers import Job, TaskRunner

TriageFactory = Callable[[Database], CommentTriage | None]

log = logging.getLogger(__name__)


class ImportController(QObject):
    """One import at a time; the window shows its progress and then its report."""

    started = Signal(int)  # number of paths given
    progress = Signal(int, int, str)  # files done, files in all, current file
    finished = Signal(object)  # ImportSummary
    failed = Signal(str)

    def __init__(
        self,
        database: Database,
        triage_factory: TriageFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._triage_factory = triage_factory
        self._runner = TaskRunner(self)
        self._runner.progress.connect(self.progress)
        self._runner.result.connect(self.finished)
        self._runner.failed.connect(self.failed)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def start(self, paths: Sequence[str | Path]) -> bool:
        """Start importing; False if an import is already running."""
        if self._runner.busy or not paths:
            return False
        importer = self._importer(ConflictPolicy.REPORT)
        chosen = [str(path) for path in paths]

        def work(job: Job) -> ImportSummary:
            summary = importer.run(
                chosen, progress=job.progress, should_cancel=lambda: job.cancelled
            )
            cancelled = " (cancelled)" if summary.cancelled else ""
            log.info("import of %d paths%s: %s", len(chosen), cancelled, summary.describe())
            return summary

        self._runner.start(work)
        self.started.emit(len(chosen))
        return True

    def cancel(self) -> None:
        self._runner.cancel()

    def resolve_conflict(self, result: FileResult, policy: ConflictPolicy) -> FileResult:
        """Import one conflicting file again with the user's choice; small, so done at once."""
        if policy is ConflictPolicy.REPORT:
            return result
        try:
            summary = self._importer(policy).run([result.path])
        except ImportStopped as stopped:  # a full disk, say: still a conflict, and why
            return replace(result, message=f"not resolved: {stopped.problem}")
        return summary.results[0] if summary.results else result

    def _importer(self, policy: ConflictPolicy) -> Importer:
        # Rules are read afresh for every import: a moderator may have just changed them.
        triage = self._triage_factory(self._database) if self._triage_factory else None
        return Importer(self._database.session_factory, on_conflict=policy, triage=triage)
