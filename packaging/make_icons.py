"""Regenerate the icon files derived from the hand-drawn SVGs; run after editing one of them.

    python packaging/make_icons.py

- resources/icons/app/copydesk-<size>.png for every size in resources.APP_ICON_SIZES,
- resources/icons/actions-dark/*.svg: the action icons recoloured for dark palettes,
- packaging/icons/copydesk.ico (Windows) and copydesk.icns (macOS), PNG-compressed, so that
  those builds need no conversion tool (PyInstaller would otherwise want Pillow).

The results are committed: building the application never needs this script.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from resources import (  # noqa: E402
    ACTION_ICON_NAMES,
    APP_ICON_SIZES,
    action_icon_path,
    app_icon_png,
    app_icon_svg,
)

# The action icons' one colour: Tango's dark grey, and its light counterpart for dark themes.
LIGHT_THEME_INK = "#2e3436"
DARK_THEME_INK = "#eeeeec"
PACKAGING_ICONS = ROOT / "packaging" / "icons"
# Windows picks among these for the file manager, taskbar and Alt+Tab (256 is its largest).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-payload types: (type, pixel size). ic11-ic14 are the @2x variants.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO whose images are PNGs: accepted by Windows since Vista."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        side = size if size < 256 else 0  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def icns_bytes(render: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(render[size])) + render[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])  # QSvgRenderer and QImage.save want one
    for name in ACTION_ICON_NAMES:
        light = action_icon_path(name).read_text(encoding="utf-8")
        if LIGHT_THEME_INK not in light:
            raise SystemExit(f"{name}.svg: drawn in another colour than {LIGHT_THEME_INK}")
        dark = action_icon_path(name, dark=True)
        dark.parent.mkdir(exist_ok=True)
        dark.write_text(light.replace(LIGHT_THEME_INK, DARK_THEME_INK), encoding="utf-8")

    svg = app_icon_svg()
    sizes = sorted({*APP_ICON_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    rendered = {size: render_png(svg, size) for size in sizes}
    for size in APP_ICON_SIZES:
        app_icon_png(size).write_bytes(rendered[size])
    PACKAGING_ICONS.mkdir(exist_ok=True)
    (PACKAGING_ICONS / "copydesk.ico").write_bytes(ico_bytes({s: rendered[s] for s in ICO_SIZES}))
    (PACKAGING_ICONS / "copydesk.icns").write_bytes(icns_bytes(rendered))
    print(f"wrote {len(ACTION_ICON_NAMES)} dark icons, {len(APP_ICON_SIZES)} PNGs, .ico, .icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
