"""Reading a photo file a user chose into the bytes stored with an author profile."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 20 * MEGABYTE
MAX_SIDE = 10_000
STORED_SIDE = 512
JPEG_QUALITY = 88
# Enough to decode the largest image accepted (10,000 × 10,000 at 4 bytes a pixel), no more.
ALLOCATION_LIMIT_MB = 400


class PhotoError(Exception):
    """A file that cannot become an author photo; the message names the file and says why."""


def read_photo_file(path: str | Path) -> bytes:
    """The photo in `path`, at most STORED_SIDE pixels either way, as PNG or JPEG bytes."""
    path = Path(path)
    name = path.name or str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PhotoError(f"“{name}” cannot be read: {error.strerror or error}.") from error
    if not path.is_file():
        raise PhotoError(f"“{name}” is a folder, not an image file.")
    if size > MAX_FILE_BYTES:
        raise PhotoError(
            f"“{name}” is too large for a photo: {math.ceil(size / MEGABYTE)} MB, "
            f"where at most {MAX_FILE_BYTES // MEGABYTE} MB will do."
        )
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)  # photos from phones are stored sideways with an EXIF note
    if not reader.canRead():
        raise PhotoError(f"“{name}” is not an image file Copydesk can read (use PNG or JPEG).")
    dimensions = reader.size()
    if dimensions.isValid():
        if max(dimensions.width(), dimensions.height()) > MAX_SIDE:
            raise PhotoError(
                f"“{name}” is {dimensions.width():,} × {dimensions.height():,} pixels; "
                f"a photo may be at most {MAX_SIDE:,} pixels wide or high."
            )
        if max(dimensions.width(), dimensions.height()) > STORED_SIDE:
            # JPEG decoders can skip detail they would throw away: less memory, less time.
            reader.setScaledSize(
                dimensions.scaled(
                    QSize(STORED_SIDE, STORED_SIDE), Qt.AspectRatioMode.KeepAspectRatio
                )
            )
    image = _read_within_limit(reader)
    if image.isNull():
        raise PhotoError(f"“{name}” cannot be read as an image: {reader.errorString()}.")
    return encode_photo(scale_photo(image))


def _read_within_limit(reader: QImageReader) -> QImage:
    # The limit is process-wide in Qt; it is raised only for this read, on the GUI thread.
    previous = QImageReader.allocationLimit()
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    try:
        return reader.read()
    finally:
        QImageReader.setAllocationLimit(previous)


def scale_photo(image: QImage, side: int = STORED_SIDE) -> QImage:
    """`image` shrunk (never enlarged) to fit in `side` × `side`, keeping its proportions."""
    if max(image.width(), image.height()) <= side:
        return image
    return image.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def encode_photo(image: QImage) -> bytes:
    """JPEG for photographs; PNG when there is transparency that JPEG would lose."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.hasAlphaChannel():
        saved = image.save(buffer, "PNG")
    else:
        saved = image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", JPEG_QUALITY)
    buffer.close()
    if not saved:
        raise PhotoError("The photo could not be converted for storing.")
    return bytes(data.data())
