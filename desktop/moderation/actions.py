"""The moderation actions and their keys, in one place so that menus and help agree."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from database.statuses import CommentStatus

# (keys, what they do), in the order the help lists them.
KEYS: tuple[tuple[str, str], ...] = (
    ("J / K", "next / previous comment"),
    ("A", "approve, then go to the next comment"),
    ("R", "reject"),
    ("S", "spam"),
    ("U", "back to pending"),
    ("X", "mark or unmark the comment (Escape clears every mark)"),
    ("Shift+A, R, S, U", "the same for every marked comment"),
    ("Z", "undo the last action (again and again)"),
    ("/", "search the comments; Enter or Escape comes back to the queue"),
    ("?", "this list"),
)


@dataclass
class ModerationActions:
    approve: QAction
    reject: QAction
    spam: QAction
    pending: QAction
    undo: QAction
    approve_marked: QAction
    reject_marked: QAction
    spam_marked: QAction
    pending_marked: QAction
    next: QAction
    previous: QAction
    mark: QAction
    clear_marks: QAction
    search: QAction
    keys: QAction
    approve_matching: QAction
    reject_matching: QAction
    spam_matching: QAction
    pending_matching: QAction
    rules: QAction
    log: QAction
    refresh: QAction
    single_keys: QAction
    apply_rules: QAction
    statistics: QAction

    @classmethod
    def create(cls, parent: QObject) -> ModerationActions:
        def action(name: str, text: str, tip: str = "", *, short: str = "") -> QAction:
            made = QAction(text, parent)
            made.setObjectName(name)
            made.setToolTip(tip or text.replace("&", "").rstrip("…"))
            if short:  # the toolbar's word: the whole row fits a 1024 px screen
                made.setIconText(short)
            return made

        single_keys = action("actionSingleKeyTriage", "Single-key triage")
        single_keys.setCheckable(True)
        single_keys.setChecked(True)
        single_keys.setToolTip("Letter keys decide while the queue has the focus (? lists them)")
        return cls(
            approve=action("actionApproveComment", "&Approve comment", short="Approve"),
            reject=action("actionRejectComment", "&Reject comment", short="Reject"),
            spam=action("actionSpamComment", "Mark as &spam", short="Spam"),
            pending=action("actionPendingComment", "Back to &pending", short="To pending"),
            undo=action("actionUndoModeration", "&Undo moderation", short="Undo"),
            approve_marked=action("actionApproveMarked", "Approve marked"),
            reject_marked=action("actionRejectMarked", "Reject marked"),
            spam_marked=action("actionSpamMarked", "Marked are spam"),
            pending_marked=action("actionPendingMarked", "Marked back to pending"),
            next=action("actionNextComment", "Next comment"),
            previous=action("actionPreviousComment", "Previous comment"),
            mark=action("actionMarkComment", "Mark or unmark comment"),
            clear_marks=action("actionClearMarks", "Clear marks"),
            search=action("actionSearchComments", "Search comments"),
            keys=action("actionModerationKeys", "Moderation keys…", short="Keys…"),
            approve_matching=action("actionApproveMatching", "Approve all matching…"),
            reject_matching=action("actionRejectMatching", "Reject all matching…"),
            spam_matching=action("actionSpamMatching", "Mark all matching as spam…"),
            pending_matching=action("actionPendingMatching", "All matching back to pending…"),
            rules=action("actionModerationRules", "Moderation &rules…", short="Rules…"),
            log=action("actionModerationLog", "Moderation &log…", short="Log…"),
            refresh=action("actionRefreshModeration", "Refresh queue"),
            single_keys=single_keys,
            apply_rules=action(
                "actionApplyRulesToQueue",
                "Apply rules to the pending &queue…",
                "Check the pending comments against the rules as they are now",
                short="Apply rules…",
            ),
            statistics=action(
                "actionModerationStatistics", "Moderation &statistics…", short="Statistics…"
            ),
        )

    def all(self) -> list[QAction]:
        return [getattr(self, field.name) for field in fields(self)]

    def single_key_shortcuts(self) -> dict[QAction, list[QKeySequence]]:
        """The keys of triage, all single keys: switched off together."""
        keys = {
            self.approve: "A",
            self.reject: "R",
            self.spam: "S",
            self.pending: "U",
            self.approve_marked: "Shift+A",
            self.reject_marked: "Shift+R",
            self.spam_marked: "Shift+S",
            self.pending_marked: "Shift+U",
            self.next: "J",
            self.previous: "K",
            self.mark: "X",
            self.search: "/",
            self.keys: "?",
            # Not Ctrl+Z: the window's Edit ▸ Undo has it, and two actions on one key while
            # the queue has the focus would leave Qt unable to choose, so neither would run.
            self.undo: "Z",
        }
        return {action: [QKeySequence(key)] for action, key in keys.items()}

    def set_single_keys(self, enabled: bool) -> None:
        # Escape and F5 stay: they never type anything.
        for action, keys in self.single_key_shortcuts().items():
            action.setShortcuts(keys if enabled else [])
            tip = action.text().replace("&", "").rstrip("…")
            action.setToolTip(f"{tip} ({keys[0].toString()})" if enabled else tip)
        self.clear_marks.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))

    def bind_to(self, queue: QWidget, reader: QWidget) -> None:
        """Make the keys work only while the queue (or the read-only comment) has the focus:
        never in the search box or anywhere else that takes typing."""
        for action in self.all():
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            queue.addAction(action)
        # Reading the comment whole, a moderator can decide without clicking back.
        for action in self.single_key_shortcuts():
            if action is not self.search:
                reader.addAction(action)


STATUS_OF = {
    "approve": CommentStatus.APPROVED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
    "pending": CommentStatus.PENDING,
}
