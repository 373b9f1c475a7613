"""Run in a subprocess by the start-up figure: a bare PySide6 window, or Copydesk itself.

    python -m benchmarks.startup_probe bare
    python -m benchmarks.startup_probe copydesk DATABASE_URL

Prints one line, `first=T window=T list=T`, the time.monotonic() (shared by every process on
the machine) just after the first paint of any window (Copydesk's start window, if it shows
one), of the main window itself (Copydesk's is named "mainWindow", with its menus, area tabs
and article list; the bare one has no other), and of the article list with rows in it. The
parent takes its own monotonic reading just before starting the process.
"""

from __future__ import annotations

import sys
import time


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QWidget

    times: dict[str, float] = {}
    painting: list[str] = []  # what the paint under way is about
    wanted = {"first", "window", "list"}

    class Watcher(QObject):
        """Notes when the window, and the list's rows, have been painted: at the first event
        after their paint event, which Qt handles to the end before it delivers another."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            now = time.monotonic()
            while painting:
                times[painting.pop()] = now
            if set(times) == wanted:
                print(" ".join(f"{name}={times[name]:.6f}" for name in sorted(wanted)), flush=True)
                times["done"] = now
                QTimer.singleShot(0, QApplication.quit)  # quits when the loop runs
            if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
                return False
            if isinstance(watched, QMainWindow):
                if "first" not in times and "first" not in painting:
                    painting.append("first")
                main = watched.objectName() in ("mainWindow", "bareWindow")
                if main and "window" not in times and "window" not in painting:
                    painting.append("window")
            view = watched.parentWidget()
            if (
                isinstance(view, QAbstractItemView)
                and view.objectName() in ("articleList", "bareList")
                and view.model() is not None
                and view.model().rowCount() > 0
                and "list" not in times
            ):
                painting.append("list")
            return False

    app = QApplication(sys.argv[:1])
    watcher = Watcher()
    app.installEventFilter(watcher)
    if sys.argv[1] == "bare":
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QTableView

        window = QMainWindow(objectName="bareWindow")
        window.resize(1280, 800)
        table = QTableView(objectName="bareList")
        model = QStandardItemModel(1, 1, table)
        model.setItem(0, 0, QStandardItem("A row"))
        table.setModel(model)
        window.setCentralWidget(table)
        window.show()
        sys.exit(app.exec())
    from desktop.cli import main as copydesk

    sys.exit(copydesk(["--database", sys.argv[2]]))


if __name__ == "__main__":
    main()
