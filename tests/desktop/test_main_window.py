from pathlib import Path

from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
)

from database.services.importing import Outcome
from database.textformat import parse_bytes
from desktop import dialogs
from desktop.app import create_main_window
from desktop.main_window import MODERATION_TAB, MainWindow


def wait_for_import(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=10_000)


def test_the_window_has_its_stable_names(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    for name, kind in [
        ("articleList", QTableView),
        ("articleSearch", QLineEdit),
        ("articleTitleEdit", QLineEdit),
        ("articleBodyEdit", QPlainTextEdit),
        ("articlePreview", QTextBrowser),
    ]:
        assert window.findChild(kind, name) is not None, name
    assert window.findChild(object, "articleStatus") is not None
    for action in ["actionNewArticle", "actionSave", "actionImport", "actionExport"]:
        found = window.findChild(type(window.actions.save), action)
        assert found is not None and found.shortcut().toString(), action


def test_an_empty_database_invites_to_drop_or_load_samples(qtbot, window: MainWindow) -> None:
    empty = window.findChild(object, "articleEmptyState")
    assert empty is not None and empty.isVisible()
    window.article_list.sampleImportRequested.emit()
    wait_for_import(qtbot, window)
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == 2)
    assert not empty.isVisible()


def test_dropping_sample_files_on_the_editor_imports_them(
    qtbot, window: MainWindow, samples: list[Path], drag_and_drop
) -> None:
    body = window.editor.findChild(QPlainTextEdit, "articleBodyEdit")
    assert drag_and_drop(body.viewport(), samples) == (True, True)
    wait_for_import(qtbot, window)
    report = window.import_report
    assert [r.outcome for r in report.model.results()] == [Outcome.IMPORTED, Outcome.IMPORTED]
    assert report.isVisible()
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == 2)
    qtbot.waitUntil(lambda: window.tabs.tabText(MODERATION_TAB) == "Moderation (2)")


def test_dropping_a_folder_reports_failures_and_conflicts(
    qtbot, window: MainWindow, samples: list[Path], tmp_path: Path, drag_and_drop
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.txt").write_bytes(samples[0].read_bytes())
    (folder / "list.txt").write_text("eggs\nmilk\n")
    assert drag_and_drop(window, [folder]) == (True, True)
    wait_for_import(qtbot, window)
    window.import_report.close()
    window.import_report = None
    changed = samples[0].read_bytes().replace(b"A RIGOROUS", b"A THOROUGH")
    (folder / "a.txt").write_bytes(changed)
    assert drag_and_drop(window.article_list, [folder / "a.txt", folder / "list.txt"])[1]
    wait_for_import(qtbot, window)
    report = window.import_report
    outcomes = {Path(r.path).name: r for r in report.model.results()}
    assert outcomes["list.txt"].outcome is Outcome.FAILED
    assert "line" in outcomes["list.txt"].message
    assert outcomes["a.txt"].outcome is Outcome.CONFLICT
    row = next(
        i for i in range(report.model.rowCount()) if report.model.result(i).path.endswith("a.txt")
    )
    report.table.selectRow(row)
    assert report.keep_both.isEnabled()
    report.keep_both.click()
    assert report.model.result(row).outcome is Outcome.IMPORTED
    assert window.context.articles.count() == 2


def test_cancel_stops_a_long_import(qtbot, window: MainWindow, samples, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    data = samples[0].read_bytes()
    for number in range(400):
        (folder / f"{number:04}.txt").write_bytes(
            data.replace(b"Child protection", f"Story {number}".encode())
        )
    window.import_paths([folder])
    window.import_progress.dialog.findChild(QPushButton).click()  # the Cancel button
    wait_for_import(qtbot, window)
    assert (
        window.import_report.model.results() == []
        or len(window.import_report.model.results()) < 400
    )
    assert "cancelled" in window.import_report.summary_label.text()


def test_export_writes_selected_articles(
    qtbot, window: MainWindow, imported_samples, tmp_path: Path, monkeypatch
) -> None:
    window.article_list.refresh()
    out = tmp_path / "export"
    monkeypatch.setattr(dialogs, "choose_export_folder", lambda parent: str(out))
    monkeypatch.setattr(dialogs, "choose_export_scope", lambda parent, count: "all")
    window.article_list.select_article(window.context.articles.ids()[0])
    # The end of the export, not files appearing: a file is written under a temporary name
    # first, and counting the folder while that one exists saw three files, not two.
    with qtbot.waitSignal(window.exports.finished, timeout=10_000):
        window.actions.export.trigger()
    assert sorted(path.suffix for path in out.iterdir()) == [".txt", ".txt"]
    article = parse_bytes((out / "swift-action-social-care.txt").read_bytes())
    assert article.comments == ()  # pending comments stay out


def test_export_of_the_selection_writes_only_it(
    qtbot, window: MainWindow, imported_samples, tmp_path: Path, monkeypatch
) -> None:
    window.article_list.refresh()
    out = tmp_path / "export"
    monkeypatch.setattr(dialogs, "choose_export_folder", lambda parent: str(out))
    monkeypatch.setattr(dialogs, "choose_export_scope", lambda parent, count: "selected")
    chosen = window.context.articles.ids()[0]
    window.article_list.select_article(chosen)
    with qtbot.waitSignal(window.exports.finished, timeout=10_000):
        window.actions.export.trigger()
    (written,) = out.iterdir()
    assert parse_bytes(written.read_bytes()).title == window.context.articles.get(chosen).title


def test_new_article_save_and_title(qtbot, window: MainWindow) -> None:
    window.actions.new_article.trigger()
    window.editor.findChild(QLineEdit, "articleTitleEdit").setText("Council tax rises")
    window.editor.findChild(QPlainTextEdit, "articleBodyEdit").setPlainText("Bills go up.")
    assert window.actions.save.isEnabled()
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: window.context.articles.count() == 1)
    assert "Council tax rises" in window.windowTitle()
    assert window.article_list.model.rowCount() == 1


def test_profile_is_chosen_and_shown(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(dialogs, "ask_user_name", lambda parent, current: "Ann Editor")
    window.ask_profile_if_unset()
    assert window.context.settings.user_name == "Ann Editor"
    assert "Ann Editor" in window.user_label.text()


def test_layout_is_remembered(qtbot, database_url: str) -> None:
    first = create_main_window(database_url)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 520)
    first.tabs.setCurrentIndex(1)
    first.close()
    first.context.database.dispose()
    second = create_main_window(database_url)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 1
    assert second.size().width() == 720
    second.context.database.dispose()


def test_about_names_the_database(window: MainWindow) -> None:
    from desktop.shortcuts_dialog import about_text, shortcuts_text

    assert window.context.database.location in about_text(window.context)
    assert "Ctrl+S" in shortcuts_text(window.actions.all())


def test_a_photo_dropped_on_an_author_is_not_imported(
    qtbot, window: MainWindow, imported_samples, tmp_path: Path, drag_and_drop
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QWidget

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = tmp_path / "face.png"
    image.save(str(path))
    window.authors.refresh()
    window.tabs.setCurrentIndex(1)
    window.authors.select_author(window.context.authors.list()[0].id)
    photo = window.authors.findChild(QWidget, "authorPhoto")
    qtbot.waitUntil(photo.isEnabled)
    assert drag_and_drop(photo, [path]) == (True, True)
    qtbot.waitUntil(lambda: photo.pending is not None)
    assert window.import_report is None
    assert not window.imports.busy
