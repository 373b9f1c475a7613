"""Decisions per day, a bar a day stacked by moderator, drawn with QPainter.

Not QtCharts (PySide6-Addons, some 100 MB more, its version tied to Essentials') nor
pyqtgraph (numpy with it): one small bar chart of at most a year of days needs neither, and
drawn here it follows the palette (dark mode) and the names stay plain text.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from database.services.moderation_stats import ModerationStatistics

# Told apart by hue and lightness; the legend names them in the same order.
COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
OTHERS = "others"
MARGIN = 8
LEGEND_ROW = 18


def _nice_top(highest: int) -> int:
    """A round number at or over `highest` whose quarters are whole: 4, 8, 20, 40, 80…"""
    magnitude = 1
    while True:
        for top in (4 * magnitude, 8 * magnitude, 20 * magnitude, 40 * magnitude):
            if top >= highest:
                return top
        magnitude *= 10


class DecisionsChart(QWidget):
    """The period's days along the bottom, decisions up; the busiest moderators coloured,
    the rest together as "others"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationStatisticsChart")
        self.setAccessibleName("Decisions per day")
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.days: tuple[date, ...] = ()
        self.moderators: tuple[str, ...] = ()  # in colour order
        self.bars: dict[date, list[int]] = {}  # a count per moderator (and others last)

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    def show_statistics(self, figures: ModerationStatistics) -> None:
        named = [total.moderator for total in figures.moderators[: len(COLOURS) - 1]]
        others = len(figures.moderators) > len(named)
        self.moderators = (*named, OTHERS) if others else tuple(named)
        column = {who: index for index, who in enumerate(named)}
        bars: dict[date, list[int]] = defaultdict(lambda: [0] * len(self.moderators))
        for entry in figures.daily:
            bars[entry.day][column.get(entry.moderator, len(named))] += entry.decisions
        self.days = figures.days
        self.bars = dict(bars)
        tip = "\n".join(
            f"{day:%a %d %b}: {sum(counts):,}" for day, counts in sorted(self.bars.items())[-14:]
        )
        self.setToolTip(tip or "No decisions in this period")
        self.update()

    @property
    def highest(self) -> int:
        return max((sum(counts) for counts in self.bars.values()), default=0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(60)
        metrics = painter.fontMetrics()
        legend_rows = 1 if self.moderators else 0
        top = _nice_top(self.highest)
        label_width = metrics.horizontalAdvance(f"{top:,}") + 6
        plot = QRectF(
            MARGIN + label_width,
            MARGIN,
            self.width() - 2 * MARGIN - label_width,
            self.height() - 2 * MARGIN - metrics.height() - legend_rows * LEGEND_ROW,
        )
        painter.setPen(grid)
        for step in range(5):
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text)
            value = f"{top * step // 4:,}"
            painter.drawText(
                QRectF(MARGIN, y - metrics.height() / 2, label_width - 4, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                value,
            )
            painter.setPen(grid)
        if not self.days:
            return
        slot = plot.width() / len(self.days)
        width = max(slot * 0.7, 1.0)
        for index, day in enumerate(self.days):
            x = plot.left() + slot * index + (slot - width) / 2
            y = plot.bottom()
            for colour, count in zip(COLOURS, self.bars.get(day, ()), strict=False):
                if not count:
                    continue
                height = plot.height() * count / top
                painter.fillRect(QRectF(x, y - height, width, height), QColor(colour))
                y -= height
        painter.setPen(text)
        # The first and the last day, and some between where there is room for them.
        label = metrics.horizontalAdvance("00 Mmm") + 12
        every = max(1, int(label // max(slot, 1)) + 1)
        for index in range(0, len(self.days), every):
            x = plot.left() + slot * index
            painter.drawText(
                QRectF(x - label / 2 + slot / 2, plot.bottom() + 2, label, metrics.height()),
                int(Qt.AlignmentFlag.AlignHCenter),
                f"{self.days[index]:%d %b}",
            )
        x = plot.left()
        y = self.height() - MARGIN - LEGEND_ROW + 4
        for colour, who in zip(COLOURS, self.moderators, strict=False):
            painter.fillRect(QRectF(x, y + 2, 10, 10), QColor(colour))
            name = metrics.elidedText(who or "(no name)", Qt.TextElideMode.ElideRight, 140)
            painter.drawText(QRectF(x + 14, y, 150, LEGEND_ROW), 0, name)
            x += 14 + metrics.horizontalAdvance(name) + 16


__all__ = ["DecisionsChart"]
