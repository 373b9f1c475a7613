"""Exports off the GUI thread, like imports."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from database.engine import Database
from database.services.exporting import ExportSummary, export_articles
from desktop.workers import Job, TaskRunner

log = logging.getLogger(__name__)


class ExportController(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, str)  # ExportSummary, folder
    failed = Signal(str)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._runner = TaskRunner(self)
        self._runner.progress.connect(self.progress)
        self._runner.failed.connect(self.failed)
        self._folder = ""
        self._runner.result.connect(lambda summary: self.finished.emit(summary, self._folder))

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def start(self, folder: str | Path, article_ids: Sequence[int] | None = None) -> bool:
        if self._runner.busy:
            return False
        self._folder = str(folder)
        ids = list(article_ids) if article_ids is not None else None
        session_factory = self._database.session_factory
        target = self._folder

        def work(job: Job) -> ExportSummary:
            summary = export_articles(
                session_factory,
                target,
                article_ids=ids,
                progress=job.progress,
                should_cancel=lambda: job.cancelled,
            )
            cancelled = " (cancelled)" if summary.cancelled else ""
            log.info("export%s: %s", cancelled, summary.describe(Path(target)))
            return summary

        return self._runner.start(work)

    def cancel(self) -> None:
        self._runner.cancel()
