"""Moderation ▸ Apply rules to the pending queue…: after the rules changed, the backlog
checked against them. Counted first in the background (how many would be held or marked
spam, and by which rule), asked once with those counts, then done in the background with
progress as one action that Z (Undo moderation) takes back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from database.services.comments import StatusChange
from database.services.rules_backlog import BacklogPreview, RulesBacklogService
from desktop import plain_text
from desktop.operations import describe_failure, op
from desktop.workers import Job

if TYPE_CHECKING:
    from desktop.moderation.panel import ModerationPanel

TITLE = "Apply rules to the pending queue"
LABEL = "Rules applied to the pending queue"
SHOWN_RULES = 12  # the rules named in the question; the rest summed up


def _count(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def question(preview: BacklogPreview) -> str:
    """What would happen, in plain words, with the count of every rule that matched."""
    lines = [
        f"The rules as they are now, checked against the {preview.pending:,} pending comments:",
        "",
    ]
    if preview.to_spam:
        lines.append(f"• {_count(preview.to_spam, 'comment', 'comments')} marked as spam")
    if preview.to_hold:
        lines.append(f"• {_count(preview.to_hold, 'comment', 'comments')} held for review")
    if preview.held_again:
        held = _count(preview.held_again, "comment already held", "comments already held")
        lines.append(f"• {held} for other reasons, their reasons recorded again")
    lines += ["", "Why (a comment can match more than one rule):"]
    for count in preview.by_rule[:SHOWN_RULES]:
        lines.append(f"    {count.rule}: {count.count:,}")
    rest = preview.by_rule[SHOWN_RULES:]
    if rest:
        more = sum(count.count for count in rest)
        lines.append(f"    {_count(len(rest), 'other rule', 'other rules')}: {more:,}")
    lines += ["", "This is one action: Z (Undo moderation) puts every one of them back."]
    return "\n".join(lines)


class ApplyRulesCommand(QObject):
    """The action's work for one Moderation panel."""

    def __init__(self, panel: ModerationPanel, action: QAction) -> None:
        super().__init__(panel)
        self._panel = panel
        self._action = action
        self._service = RulesBacklogService(panel.context.database.session_factory)
        action.triggered.connect(lambda _checked=False: self.run())

    @property
    def busy(self) -> bool:
        return not self._action.isEnabled()

    def run(self) -> None:
        if self.busy:
            return
        self._action.setEnabled(False)
        self._say("Counting what the rules would change in the pending queue…")
        service = self._service

        def read(job: Job) -> BacklogPreview:
            return service.preview(job.progress)

        op(self, read, title=TITLE).progress(self._read_progress).success(self._counted).failure(
            self._failed
        ).run()

    def _counted(self, preview: BacklogPreview) -> None:
        if preview.changes == 0:
            self._done(
                f"The rules change nothing in the pending queue ({preview.pending:,} comments)."
            )
            return
        Button = QMessageBox.StandardButton
        answer = plain_text.ask(
            self._panel, TITLE, question(preview), Button.Yes | Button.Cancel, Button.Cancel
        )
        if answer != Button.Yes:
            self._done("The rules were not applied.")
            return
        self._say("Applying the rules to the pending queue…")
        service, user = self._service, self._panel.context.user_name

        def apply(job: Job) -> StatusChange:
            return service.apply(preview, user=user, progress=job.progress)

        op(self, apply, write=True, title=TITLE).progress(self._apply_progress).success(
            self._applied
        ).failure(self._failed).run()

    def _applied(self, change: StatusChange) -> None:
        self._action.setEnabled(True)
        # On the queue's undo stack like any decision; the queue and its counts read again.
        self._panel.triage.push_undo(change, LABEL, reload=True)
        if change.touched:
            self._panel.commentsChanged.emit()
        else:
            self._say("Nothing was left to change: the comments were decided meanwhile.")

    def _failed(self, error: Exception) -> None:
        self._done(f"The rules were not applied: {describe_failure(error)}")

    def _done(self, text: str) -> None:
        self._action.setEnabled(True)
        self._say(text)

    def _read_progress(self, done: int, total: int, _what: str) -> None:
        self._say(f"Counting what the rules would change… {done:,} of {total:,} comments")

    def _apply_progress(self, done: int, total: int, _what: str) -> None:
        self._say(f"Applying the rules… {done:,} of {total:,} comments")

    def _say(self, text: str) -> None:
        self._panel.status_label.setText(text)


__all__ = ["ApplyRulesCommand", "question"]
