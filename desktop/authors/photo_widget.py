"""Author photos on screen: a pixmap for any size, and the picture on the profile form."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.authors import prompts
from desktop.authors.photo_file import PhotoError, read_photo_file
from desktop.importing.drop_filter import OWN_DROPS_PROPERTY

FORM_PHOTO_SIDE = 128


def author_photo_pixmap(photo: bytes | None, size: int) -> QPixmap:
    """The photo fitted into `size` × `size` (proportions kept), or a neutral placeholder.

    A stored photo that no longer decodes gets the placeholder too: a picture is never worth
    an error message in an editor.
    """
    ratio = _device_pixel_ratio()
    side = max(1, round(size * ratio))
    image = QImage.fromData(photo) if photo else QImage()
    if image.isNull():
        pixmap = _placeholder(side)
    else:
        pixmap = QPixmap.fromImage(
            image.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _device_pixel_ratio() -> float:
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0


def _placeholder(side: int) -> QPixmap:
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(210, 210, 210))
    painter.drawRoundedRect(QRectF(0, 0, side, side), side / 8, side / 8)
    painter.setBrush(QColor(150, 150, 150))
    painter.drawEllipse(QPointF(side / 2, side * 0.38), side * 0.17, side * 0.17)
    painter.drawChord(QRectF(side * 0.2, side * 0.62, side * 0.6, side * 0.6), 0, 180 * 16)
    painter.end()
    return pixmap


def dropped_file(mime: QMimeData) -> str | None:
    """The one local file a drag carries, else None (several files or a web link: refused)."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    return urls[0].toLocalFile()


class PhotoWidget(QWidget):
    """The profile's picture: shows the photo, takes a new one by file dialog or drop.

    A dropped file is read just after the drop, so `changed` (or the problem message) follows
    the drop event rather than happening inside it.

    `pending` says what a save does with the photo: None keeps it, b"" removes it, and other
    bytes replace it (the AuthorChanges convention).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorPhoto")
        self.setAccessibleName("Author photo")
        self.setAccessibleDescription("Drop an image file here, or use Choose photo.")
        self.setAcceptDrops(True)
        # A file dropped on the picture is a photo, not an article to import.
        self.setProperty(OWN_DROPS_PROPERTY, True)
        self._original: bytes | None = None
        self._pending: bytes | None = None

        self._picture = QLabel(self)
        self._picture.setObjectName("authorPhotoPicture")
        self._picture.setAccessibleName("Photo preview")
        self._picture.setFixedSize(FORM_PHOTO_SIDE, FORM_PHOTO_SIDE)
        self._picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._picture.setToolTip("Drop an image file here to use it as the photo.")
        self._choose = QPushButton("Choose photo…", self)
        self._choose.setObjectName("authorPhotoChooseButton")
        self._choose.setAccessibleName("Choose photo")
        self._choose.clicked.connect(self.choose_file)
        self._remove = QPushButton("Remove photo", self)
        self._remove.setObjectName("authorPhotoRemoveButton")
        self._remove.setAccessibleName("Remove photo")
        self._remove.clicked.connect(self.remove)

        buttons = QVBoxLayout()
        buttons.addWidget(self._choose)
        buttons.addWidget(self._remove)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._picture)
        layout.addLayout(buttons)
        layout.addStretch()
        self._update_picture()

    @property
    def pending(self) -> bytes | None:
        return self._pending

    @property
    def shown(self) -> bytes | None:
        """The photo on screen: the stored one, or the one a save would store."""
        if self._pending is None:
            return self._original
        return self._pending or None

    def show_photo(self, photo: bytes | None) -> None:
        """Show a stored photo, forgetting any unsaved choice."""
        self._original, self._pending = photo, None
        self._update_picture()

    def load_file(self, path: str) -> bool:
        """Take the photo in `path`; a file that will not do is explained to the user."""
        try:
            photo = read_photo_file(path)
        except PhotoError as error:
            prompts.show_photo_problem(self, str(error))
            return False
        self._set_pending(photo)
        return True

    def choose_file(self) -> None:
        path = prompts.choose_photo_file(self)
        if path:
            self.load_file(path)

    def remove(self) -> None:
        # Removing a photo that was only chosen, never saved, is just going back.
        self._set_pending(b"" if self._original else None)

    def _set_pending(self, photo: bytes | None) -> None:
        self._pending = photo
        self._update_picture()
        self.changed.emit()

    def _update_picture(self) -> None:
        photo = self.shown
        self._picture.setPixmap(author_photo_pixmap(photo, FORM_PHOTO_SIDE))
        # While the form is disabled, so is this button, whatever it is told here.
        self._remove.setEnabled(photo is not None)

    # --- drops -------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()
            self._picture.setBackgroundRole(QPalette.ColorRole.Highlight)
            self._picture.setAutoFillBackground(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._picture.setAutoFillBackground(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._picture.setAutoFillBackground(False)
        path = dropped_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop has finished: a message box inside it would hold the drag source up.
        QTimer.singleShot(0, self, partial(self.load_file, path))
