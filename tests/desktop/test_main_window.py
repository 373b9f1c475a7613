from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
)

from database.services.authors import AuthorChanges
from database.services.importing import Outcome
from database.textformat import parse_bytes
from desktop import dialogs
from desktop.app import create_main_window
from desktop.main_window import MODERATION_TAB, MainWindow
from desktop.profile_dialog import ProfileDialog
from desktop.settings import suggested_user_name


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
    qtbot, window: MainWindow, imported_samples, tmp_path: Path, monkeypatch, settle
) -> None:
    window.article_list.refresh()
    settle()  # the list is read again in the background
    out = tmp_path / "export"
    monkeypatch.setattr(dialogs, "choose_export_folder", lambda parent: str(out))
    monkeypatch.setattr(dialogs, "choose_export_scope", lambda parent, count: "selected")
    chosen = window.context.articles.ids()[0]
    window.article_list.select_article(chosen)
    with qtbot.waitSignal(window.exports.finished, timeout=10_000):
        window.actions.export.trigger()
    (written,) = out.iterdir()
    assert parse_bytes(written.read_bytes()).title == window.context.articles.get(chosen).title


def test_new_article_save_and_title(qtbot, window: MainWindow, settle) -> None:
    window.actions.new_article.trigger()
    window.editor.findChild(QLineEdit, "articleTitleEdit").setText("Council tax rises")
    window.editor.findChild(QPlainTextEdit, "articleBodyEdit").setPlainText("Bills go up.")
    assert window.actions.save.isEnabled()
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: window.context.articles.count() == 1)
    assert "Council tax rises" in window.windowTitle()
    settle()  # the list, read again, has it
    assert window.article_list.model.rowCount() == 1


class ProfileAnswers:
    """Answers the profile dialog as a person would: what it offered is kept in `offered`."""

    def __init__(self, monkeypatch) -> None:
        self.answers: list[dict[str, object] | None] = []  # None: Cancel
        self.offered: list[dict[str, object]] = []
        monkeypatch.setattr(ProfileDialog, "exec", lambda dialog: self._exec(dialog))

    def _exec(self, dialog: ProfileDialog) -> int:
        combo = dialog.author_combo
        self.offered.append(
            {
                "name": dialog.name_edit.text(),
                "author": combo.currentText(),
                "entries": [combo.itemText(i) for i in range(combo.count())],
            }
        )
        answer = self.answers.pop(0)
        if answer is None:
            dialog.reject()
            return dialog.result()
        if "name" in answer:
            dialog.name_edit.setText(str(answer["name"]))
        if "author" in answer:
            combo.setCurrentIndex(combo.findText(str(answer["author"])))
        dialog.bio_edit.setText(str(answer.get("bio", "")))
        self.offered[-1]["chosen"] = combo.currentText()
        dialog.ok_button.click()
        return dialog.result()


def test_the_first_start_profile_becomes_the_author_of_new_articles(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    answers = ProfileAnswers(monkeypatch)
    answers.answers.append({"name": "Dana Reporter"})
    window.ask_profile_if_unset()
    # The system's user name is offered, and the new author follows the name typed.
    assert answers.offered[0]["name"] == suggested_user_name()
    assert answers.offered[0]["chosen"] == "A new author named “Dana Reporter”"
    settings = window.context.settings
    assert settings.user_name == "Dana Reporter"
    [dana] = window.context.authors.list()
    assert dana.display_name == "Dana Reporter" and settings.profile_author_id == dana.id
    assert window.user_label.text().startswith("Dana Reporter · ")
    # Known at once wherever authors are listed, not after the next change elsewhere.
    assert window.authors.findChild(QAbstractItemView, "authorList").model().rowCount() == 1

    window.actions.new_article.trigger()
    form = window.editor.form
    assert form.values().author_id == dana.id
    assert form.author_combo.currentText() == "Dana Reporter"
    assert not window.editor.is_dirty  # the author alone is not a change to save
    form.title_edit.setText("Harbour reopens")
    form.body_edit.setPlainText("Boats are back.")
    window.actions.save.trigger()
    # Saved, and told beside the author what export still needs: Dana has no bio yet.
    assert window.context.articles.count() == 1
    warning = form.errors["author"]
    assert warning.isVisibleTo(form) and warning.property("warning")
    assert warning.text() == (
        "Export needs an author with a bio: add one for Dana Reporter in Authors."
    )
    assert "Export needs an author with a bio" in window.statusBar().currentMessage()


def test_the_profile_chooses_an_existing_author_and_settings_show_it_again(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    authors = window.context.authors
    dana = authors.create(AuthorChanges("Dana Reporter", "Dana covers the harbour."))
    authors.create(AuthorChanges("Eli Writer", "Eli writes."))
    answers = ProfileAnswers(monkeypatch)
    # Typing a known author's name picks that author rather than a second one of the name.
    answers.answers.append({"name": "dana reporter"})
    window.ask_profile_if_unset()
    assert window.context.settings.profile_author_id == dana.id
    assert len(authors.list()) == 2
    answers.answers.append({"name": "Dana R.", "author": "Eli Writer"})
    window.actions.profile.trigger()  # Settings → Your profile
    assert answers.offered[1]["name"] == "dana reporter"
    assert answers.offered[1]["author"] == "Dana Reporter"
    assert answers.offered[1]["entries"][-1] == "Nobody: I do not write articles"
    assert window.context.settings.user_name == "Dana R."
    eli = window.context.settings.profile_author_id
    assert eli is not None and authors.get(eli).display_name == "Eli Writer"

    window.actions.new_article.trigger()
    form = window.editor.form
    form.title_edit.setText("Harbour reopens")
    form.body_edit.setPlainText("Boats are back.")
    window.actions.save.trigger()
    assert window.context.articles.count() == 1
    assert not form.errors["author"].isVisibleTo(form)  # Eli has a bio: nothing to warn of


def test_cancelling_the_first_start_question_records_no_name(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    answers = ProfileAnswers(monkeypatch)
    answers.answers.append(None)
    window.ask_profile_if_unset()
    settings = window.context.settings
    assert settings.user_name == "" and settings.profile_author_id is None
    assert window.context.authors.list() == []
    assert window.user_label.text().startswith("No profile — choose one in Settings · ")
    # Revisions still carry a name meanwhile: the system's, recorded nowhere.
    assert window.context.user_name and window.context.user_name in window.user_label.toolTip()
    # The next start asks again.
    answers.answers.append({"name": "Dana Reporter", "author": "Nobody: I do not write articles"})
    window.ask_profile_if_unset()
    assert len(answers.offered) == 2
    assert settings.user_name == "Dana Reporter" and settings.profile_author_id is None
    assert window.context.authors.list() == []
    assert window.user_label.text().startswith("Dana Reporter · ")


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


def test_save_is_off_while_another_desk_holds_the_open_article(
    qtbot, window: MainWindow, imported_samples, settle
) -> None:
    from database.services.presence import PresenceService

    article_id = window.context.articles.ids()[0]
    window.open_article(article_id)
    settle()  # the mark claimed, on the writer thread
    window.editor.form.body_edit.setPlainText("Typed here.")
    assert window.actions.save.isEnabled()
    other_desk = PresenceService(window.context.database.session_factory, user="bob")
    other_desk.claim(article_id, take_over=True)
    window.editor.presence.refresh()  # this desk's heartbeat learns that bob has it
    settle()
    assert window.editor.form.body_edit.isReadOnly()
    assert not window.actions.save.isEnabled()
    other_desk.release(article_id)
    window.editor.presence.take_over()
    assert window.actions.save.isEnabled()  # at once: a take-over cannot be refused
    settle()
    assert window.actions.save.isEnabled()
