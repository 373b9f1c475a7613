"""The article body beside its preview, each kept wide enough to read.

On a narrow screen the two cannot both be readable: the body keeps its width and the preview
folds away, by a person's choice (the Preview toggle) or, while the editor lacks the room for
both, by itself until the room is back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QToolButton, QWidget

# About 40 characters of the body's font: shorter lines are hard to write in.
BODY_MINIMUM_WIDTH = 320
PREVIEW_MINIMUM_WIDTH = 320
# What the editor asks of the window for each, a little over the minimum: at exactly the
# minimum, one pixel less (a scroll bar, a rounding) would fold the preview away.
COMFORTABLE_PANE_WIDTH = 336
PREVIEW_TOGGLE_TIP = "Show or hide the preview beside the text"
PREVIEW_NO_ROOM_TIP = (
    "The preview is folded away for want of room: widen the window, or narrow the article "
    "list, to see it beside the text"
)


class BodyPreviewSplitter(QSplitter):
    """`body` and `preview` side by side; the preview shows only if wanted and there is room.

    The preview gets no hard minimum width: it would widen the whole window's minimum, and
    the window could never become narrow enough for the preview to fold.
    """

    foldedForRoomChanged = Signal(bool)

    def __init__(self, body: QWidget, preview: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("articleTextSplitter")
        self._body = body
        self._preview = preview
        self._preview_wanted = True
        self._folded_for_room = False
        body.setMinimumWidth(BODY_MINIMUM_WIDTH)
        self.addWidget(body)
        self.addWidget(preview)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.splitterMoved.connect(lambda _position, _index: self._keep_preview_readable())

    @property
    def preview_wanted(self) -> bool:
        return self._preview_wanted

    @property
    def folded_for_room(self) -> bool:
        """The preview is wanted but hidden, the editor being too narrow for both."""
        return self._folded_for_room

    def set_preview_wanted(self, wanted: bool) -> None:
        self._preview_wanted = wanted
        self._fit()

    def width_for_both(self) -> int:
        return BODY_MINIMUM_WIDTH + PREVIEW_MINIMUM_WIDTH + self.handleWidth()

    def wanted_width(self) -> int:
        """The width this splitter asks for, to show what the person asked for."""
        if self._preview_wanted:
            return 2 * COMFORTABLE_PANE_WIDTH + self.handleWidth()
        return COMFORTABLE_PANE_WIDTH

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.width() >= self.width_for_both()
        coming_back = self._preview.isHidden() and self._preview_wanted and room
        self._preview.setVisible(self._preview_wanted and room)
        if coming_back:
            half = (self.width() - self.handleWidth()) // 2
            self.setSizes([self.width() - self.handleWidth() - half, half])
        folded = self._preview_wanted and not room
        if folded != self._folded_for_room:
            self._folded_for_room = folded
            self.foldedForRoomChanged.emit(folded)
        self._keep_preview_readable()

    def _keep_preview_readable(self) -> None:
        # Dragging the handle, or the room coming back, may leave the preview too narrow.
        if self._preview.isHidden():
            return
        body, preview = self.sizes()
        if preview < PREVIEW_MINIMUM_WIDTH <= body + preview - BODY_MINIMUM_WIDTH:
            self.setSizes([body + preview - PREVIEW_MINIMUM_WIDTH, PREVIEW_MINIMUM_WIDTH])


def preview_toggle(parent: QWidget) -> QToolButton:
    """The checkable "Preview" button; the window gives it its action (Ctrl+Shift+P)."""
    button = QToolButton(parent)
    button.setObjectName("previewToggle")
    button.setText("Preview")
    button.setCheckable(True)
    button.setChecked(True)
    button.setAutoRaise(True)
    button.setAccessibleName("Hide the preview")  # shown at first
    button.setToolTip(PREVIEW_TOGGLE_TIP)
    return button
