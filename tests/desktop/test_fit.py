"""Every area and dialog, at the screen sizes people have, shows its text whole.

The scenes are the screenshot command's (desktop/screenshots/scenes.py): what is pictured is
what is checked. A scene fails when a label, button, tab or column header shows text wider
than the room it has (a word-wrapped label: taller), when part of one is hidden by the edge of
a scrolled view, when a toolbar has to hide actions behind its "»" button, or when the
window's minimum size is larger than the screen. Widgets that elide by design and carry the
whole text in their tooltip are left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop.screenshots.scenes import SCENES, Scene, Stage, close_scene, show_scene
from desktop.screenshots.shoot import staged

SIZES = ((1024, 700), (1280, 800))
SLACK = 1  # px: rounding between font metrics and layout
_MNEMONIC = re.compile(r"&(.)")
_TAGS = re.compile(r"<[^>]+>")
_FIRST_LINE_TAG = re.compile(r"<(/?[a-z][a-z0-9]*|!--)[\s/>]", re.IGNORECASE)


def _cases() -> Iterator[object]:
    for size in SIZES:
        for scene in SCENES:
            yield pytest.param(size, scene, id=f"{size[0]}x{size[1]}-{scene.name}")


@pytest.fixture(scope="module")
def stage_at(qapp) -> Iterator[Callable[[tuple[int, int]], Stage]]:  # type: ignore[no-untyped-def]
    """One sample desk and window per size, made when first asked for and shared by that
    size's scenes (a desk and window each would take most of the test's time)."""
    opened: dict[tuple[int, int], Stage] = {}
    with ExitStack() as closing:

        def stage(size: tuple[int, int]) -> Stage:
            if size not in opened:
                opened[size] = closing.enter_context(staged(size))
            return opened[size]

        yield stage


# --- what is shown, and how much room it needs -----------------------------------------


def _plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", text))


def _without_mnemonics(text: str) -> str:
    return _MNEMONIC.sub(r"\1", text)


def _name(widget: QWidget) -> str:
    return f"{widget.objectName() or '(no objectName)'} ({type(widget).__name__})"


def _tooltip_has(tooltip: str, text: str) -> bool:
    return bool(tooltip) and " ".join(text.split()) in " ".join(_plain(tooltip).split())


def _looks_rich(text: str) -> bool:
    """Qt's Qt::mightBeRichText, which PySide6 does not offer: a tag on the first line."""
    return _FIRST_LINE_TAG.search(text.split("\n", 1)[0]) is not None


def _is_rich(label: QLabel) -> bool:
    text_format = label.textFormat()
    if text_format == Qt.TextFormat.AutoText:
        return _looks_rich(label.text())
    return text_format != Qt.TextFormat.PlainText


def _document(label: QLabel) -> QTextDocument:
    """The label's rich text laid out as QLabel lays it out (no document margin)."""
    document = QTextDocument(label)
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.text())
    return document


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or _tooltip_has(label.toolTip(), _plain(text)):
        return None
    room = label.contentsRect().adjusted(label.margin(), 0, -label.margin(), 0)
    if label.indent() > 0:
        room.setWidth(room.width() - label.indent())
    shown = _plain(text) if _is_rich(label) else text
    if label.buddy() is not None and not _is_rich(label):
        shown = _without_mnemonics(shown)
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        needed_height = label.heightForWidth(label.width())
        if needed_height > label.height() + SLACK:
            return f"needs {needed_height} px of height, has {label.height()} px"
        if _is_rich(label):
            document = _document(label)
            document.setTextWidth(room.width())
            longest = int(document.size().width())
        else:
            longest = max((metrics.horizontalAdvance(w) for w in shown.split()), default=0)
        if longest > room.width() + SLACK:
            return f"a word needs {longest} px, has {room.width()} px"
        return None
    if _is_rich(label):
        needed = int(_document(label).idealWidth())
    else:
        needed = max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
    if needed > room.width() + SLACK:
        return f"needs {needed} px, has {room.width()} px"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = _without_mnemonics(button.text())
    if not text.strip() or _tooltip_has(button.toolTip(), text):
        return None
    if isinstance(button, QToolButton):
        needed, room = button.sizeHint().width(), button.width()
    else:
        option = QStyleOptionButton()
        button.initStyleOption(option)  # type: ignore[attr-defined]
        element = QStyle.SubElement.SE_PushButtonContents
        if isinstance(button, QCheckBox):
            element = QStyle.SubElement.SE_CheckBoxContents
        elif isinstance(button, QRadioButton):
            element = QStyle.SubElement.SE_RadioButtonContents
        room = button.style().subElementRect(element, option, button).width()
        needed = QFontMetrics(button.font()).horizontalAdvance(text)
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
        if isinstance(button, QPushButton) and button.menu() is not None:
            needed += button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    if needed > room + SLACK:
        return f"needs {needed} px, has {room} px"
    return None


def _cut_by_a_view(widget: QWidget) -> str | None:
    """Partly hidden by the edge of a scroll area (wholly hidden is only scrolled away)."""
    visible = widget.visibleRegion().boundingRect()
    if visible.isEmpty() or visible == widget.rect():
        return None
    return (
        f"only {visible.width()}×{visible.height()} px of its "
        f"{widget.width()}×{widget.height()} px show: the edge of a view cuts it"
    )


def _tab_problems(bar: QTabBar) -> Iterator[str]:
    metrics = QFontMetrics(bar.font())
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        text = _without_mnemonics(bar.tabText(index))
        if _tooltip_has(bar.tabToolTip(index), text):
            continue
        needed = metrics.horizontalAdvance(text) + space
        if not bar.tabIcon(index).isNull():
            needed += bar.iconSize().width() + 4
        room = bar.tabRect(index).width()
        if needed > room + SLACK:
            yield f"tab “{text}” needs {needed} px, has {room} px"
    total = sum(bar.tabRect(i).width() for i in range(bar.count()) if bar.isTabVisible(i))
    if total > bar.width() + SLACK and not bar.expanding():
        yield f"its tabs need {total} px, it has {bar.width()} px (scroll arrows)"


def _header_problems(header: QHeaderView) -> Iterator[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return
    metrics = QFontMetrics(header.font())
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    mark = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    shown_width = header.viewport().width()
    for section in range(header.count()):
        size = header.sectionSize(section)
        if header.isSectionHidden(section) or size == 0:
            continue
        text = str(model.headerData(section, header.orientation()) or "")
        tooltip = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
        if not text or _tooltip_has(str(tooltip or ""), text):
            continue
        needed = metrics.horizontalAdvance(text) + 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            needed += mark + margin
        start = header.sectionViewportPosition(section)
        room = min(start + size, shown_width) - max(start, 0)
        if room <= 0:
            continue  # scrolled out of sight, not cut
        if needed > room + SLACK:
            where = "" if room == size else " (the rest is past the view's edge)"
            yield f"column “{text}” needs {needed} px, has {room} px{where}"


def _toolbar_problem(bar: QToolBar) -> str | None:
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if extension is None or not extension.isVisible():
        return None
    return f"hides actions behind »: needs {bar.sizeHint().width()} px, has {bar.width()} px"


def fit_problems(shown: QWidget, size: QSize) -> list[str]:
    """Every text of `shown` (a window or dialog on screen) that does not fit, in words."""
    problems: list[str] = []
    needed = shown.minimumSizeHint().expandedTo(shown.minimumSize())
    if needed.width() > size.width() or needed.height() > size.height():
        problems.append(
            f"{_name(shown)}: minimum size {needed.width()}×{needed.height()} px is larger "
            f"than the {size.width()}×{size.height()} px screen"
        )
    for widget in shown.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not shown or widget.width() <= 0:
            continue
        found: list[str] = []
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
            found += [problem] if problem else []
            cut = _cut_by_a_view(widget)
            found += [cut] if cut else []
        elif isinstance(widget, QAbstractButton) and widget.objectName() != (
            "qt_toolbar_ext_button"
        ):
            problem = _button_problem(widget)
            found += [problem] if problem else []
            cut = _cut_by_a_view(widget)
            found += [cut] if cut else []
        elif isinstance(widget, QTabBar):
            found += list(_tab_problems(widget))
        elif isinstance(widget, QHeaderView):
            found += list(_header_problems(widget))
        elif isinstance(widget, QToolBar):
            problem = _toolbar_problem(widget)
            found += [problem] if problem else []
        text = getattr(widget, "text", None)
        shown_text = _plain(text()) if callable(text) and isinstance(text(), str) else ""
        label = f" “{shown_text[:60]}”" if shown_text else ""
        problems += [f"{_name(widget)}{label}: {problem}" for problem in found]
    return problems


@pytest.mark.parametrize(("size", "scene"), list(_cases()))
def test_text_fits(
    stage_at: Callable[[tuple[int, int]], Stage], size: tuple[int, int], scene: Scene
) -> None:
    stage = stage_at(size)
    shown = show_scene(stage, scene)
    try:
        problems = fit_problems(shown, stage.size)
    finally:
        close_scene(stage, scene, shown)
    where = f"{size[0]}x{size[1]} {scene.name}"
    assert not problems, f"{where}: text that does not fit:\n  " + "\n  ".join(problems)


def test_the_check_finds_text_that_is_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The walk above can only be trusted if the check fails where a person sees cut text."""
    window = QMainWindow()
    qtbot.addWidget(window)
    page = QWidget()
    page.setObjectName("page")
    cut = QLabel("A label far too long for the room it has", page)
    cut.setObjectName("cutLabel")
    cut.setGeometry(0, 0, 60, 20)
    elided = QLabel("A long t…", page)
    elided.setObjectName("elidedLabel")
    elided.setToolTip("A long title, whole in the tooltip")
    elided.setGeometry(0, 30, 60, 20)
    wrapped = QLabel("Words that wrap onto many lines need height " * 4, page)
    wrapped.setObjectName("wrappedLabel")
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 60, 120, 20)
    button = QPushButton("Replace with the file", page)
    button.setObjectName("narrowButton")
    button.setGeometry(0, 90, 50, 24)
    fine = QPushButton("OK", page)
    fine.setObjectName("fineButton")
    fine.setGeometry(0, 120, 80, 24)
    window.setCentralWidget(page)
    toolbar = QToolBar("Crowded")
    toolbar.setObjectName("crowdedToolbar")
    for name in ("First action", "Second action", "Third action", "Fourth action"):
        toolbar.addAction(name)
    window.addToolBar(toolbar)
    window.setMinimumSize(300, 200)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)

    problems = "\n".join(fit_problems(window, QSize(320, 180)))
    assert "cutLabel (QLabel) “A label far too long" in problems
    assert "wrappedLabel (QLabel)" in problems and "of height" in problems
    assert "narrowButton (QPushButton) “Replace with the file”: needs" in problems
    assert "crowdedToolbar (QToolBar)" in problems and "»" in problems
    assert "larger than the 320×180 px screen" in problems
    assert "elidedLabel" not in problems and "fineButton" not in problems
