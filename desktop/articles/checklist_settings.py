"""Settings ▸ Pre-publish checklist…: which checks run before an article is published.

One set for the whole newsroom, stored in the database: a check switched off here is off at
every desk from its next publish on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from database.errors import CopydeskError
from database.services.prepublish import CHECK_LABELS, CheckKey, PrePublishService
from desktop import plain_text

EXPLANATION = (
    "These checks run when an article is about to be published; any that fails shows in a "
    "list, and publishing past it needs a reason. The choice is the newsroom's: it applies "
    "at every desk."
)


class ChecklistSettingsDialog(QDialog):
    def __init__(
        self,
        enabled: frozenset[CheckKey],
        parent: QWidget | None = None,
        store: Callable[[frozenset[CheckKey]], None] | None = None,
    ) -> None:
        """`store`: keeps the choice on Save; a CopydeskError from it keeps the dialog open."""
        super().__init__(parent)
        self._store = store
        self.setObjectName("checklistSettingsDialog")
        self.setWindowTitle("Pre-publish checklist")
        explanation = plain_text.plain_label(EXPLANATION, self, "checklistSettingsExplanation")
        explanation.setWordWrap(True)
        self.boxes: dict[CheckKey, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        for key in CheckKey:
            box = QCheckBox(plain_text.button_text(CHECK_LABELS[key]), self)
            box.setObjectName(f"checklistItem_{key.value}")
            box.setChecked(key in enabled)
            self.boxes[key] = box
            layout.addWidget(box)
        self.error = plain_text.plain_label("", self, "checklistSettingsError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def enabled(self) -> frozenset[CheckKey]:
        return frozenset(key for key, box in self.boxes.items() if box.isChecked())

    def accept(self) -> None:
        if self._store is not None:
            try:
                self._store(self.enabled())
            except CopydeskError as error:
                self.error.setText(f"Not saved: {error}")
                self.error.show()
                return
        super().accept()


def edit_checklist(
    parent: QWidget,
    service: PrePublishService,
    user: Callable[[], str],
    report: Callable[[str], None],
) -> ChecklistSettingsDialog | None:
    """Open the settings over `parent`'s window (window-modal, returns at once); Save stores
    them for the newsroom. None if the stored settings could not be read."""
    try:
        enabled = service.enabled_checks()
    except CopydeskError as error:
        report(f"The pre-publish checklist could not be read: {error}")
        return None

    def store(chosen: frozenset[CheckKey]) -> None:
        service.set_enabled_checks(chosen, user=user())
        off = len(CheckKey) - len(chosen)
        report(
            "Pre-publish checklist saved for the newsroom"
            + (f": {off} of {len(CheckKey)} checks off." if off else ": every check on.")
        )

    dialog = ChecklistSettingsDialog(enabled, parent, store)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


__all__ = ["ChecklistSettingsDialog", "edit_checklist"]
