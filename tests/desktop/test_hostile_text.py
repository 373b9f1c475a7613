"""People's text is shown as text: never as markup that Qt interprets, loads or follows.

An article whose title, author bio, file name, comments and notes are HTML payloads is
imported the way a person imports it (the window's import, its report), and so are an author
name, a user name and a comment search; then every area and dialog of the window is walked
(the screenshot scenes, and the dialogs they do not have) and every question is asked, with
QMessageBox.exec replaced so that the box is looked at instead of shown.

Everything a person reads is checked: labels, tooltips of widgets, of list and table cells and
of their headers, window titles, documents of the text browsers, and message boxes. A piece of
text that Qt shows as rich text (Qt.RichText, or Qt.AutoText where Qt.mightBeRichText says so,
as a tooltip always is) must hold no payload as markup: no raw tag, no unescaped entity, no
image or link in what it renders to. A message box is always plain text and opens no link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QSize, Qt, QUrl
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTextEdit,
    QWidget,
)

from database.services.authors import AuthorChanges
from database.services.comments import CommentFilter
from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.services.presence import PresenceService
from database.statuses import CommentStatus
from database.textformat import ParsedArticle, ParsedComment, write_text
from desktop import dialogs
from desktop.articles import conflict_view, editor, preview
from desktop.articles.conflict_view import ConflictView
from desktop.articles.editor import ArticleEditor
from desktop.articles.editor_state import FormValues
from desktop.articles.recovery import RecoveryStore, default_recovery_folder
from desktop.authors import prompts
from desktop.importing.progress import TaskProgress
from desktop.main_window import ARTICLES_TAB, MODERATION_TAB, MainWindow
from desktop.moderation import panel as moderation_panel
from desktop.plain_text import tooltip_text, window_title
from desktop.screenshots.sandbox import SampleDesk
from desktop.screenshots.scenes import SCENES, Stage, close_scene, show_scene

IMAGE = '<img src="file:///etc/passwd">'
LINK = '<a href="file:///tmp/x">click</a>'
BOLD = "<b>bold</b>"
ENTITY = "&amp;"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"{IMAGE}{LINK} {BOLD} {ENTITY} {SCRIPT}"
TITLE = f"Title [*] {HOSTILE}"
BIO = f"Bio {HOSTILE} writes about the council."
NOTE = f"Note {HOSTILE}"
COMMENTS = (f"Comment {HOSTILE}", BOLD, f"{ENTITY} only", f"click here {LINK}")
AUTHOR = f"Author {HOSTILE}"
USER = f"User {HOSTILE}"
OTHER_USER = f"Other {BOLD} {IMAGE}"
SEARCH = f"{BOLD} zzz"  # matches nothing: the imported articles are hidden by it
# File names hold no "/": these are the payloads a folder can have.
FILE_NAME = f"<img src=x> <b>bold {ENTITY} <script>.txt"
BROKEN_FILE_NAME = "<a href=x>click<img src=y>.txt"
# In (nearly) every hostile text: where one of them is seen, the walk reached a payload.
MARKER = "passwd"

# Markup of the payloads, as it must never reach Qt's HTML parser.
RAW_MARKUP = ("<img", "<a ", "<b>bold", "<script")
# The entity payload read as "&": it follows the bold payload or leads a comment.
_ENTITY_READ_AS_AMPERSAND = re.compile(r"(bold|</b>) & |^& only|\s& only")
_LINKS = (
    Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
)


# --- what is on screen ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    where: str
    text: str
    rich: bool  # as Qt shows it


def _is_rich(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> bool:
    if text_format == Qt.TextFormat.RichText:
        return True
    return text_format == Qt.TextFormat.AutoText and bool(GuiQt.mightBeRichText(text))


def rendered_markup(html: str) -> list[str]:
    """Images and links in what Qt renders `html` to."""
    document = QTextDocument()
    document.setHtml(html)
    found: list[str] = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            style = fragment.charFormat()
            if style.isImageFormat():
                found.append(f"image {style.toImageFormat().name()!r}")
            if style.isAnchor() and style.anchorHref():
                found.append(f"link {style.anchorHref()!r}")
            fragments += 1
        block = block.next()
    return found


def live_markup(shown: Shown) -> list[str]:
    """What of the payloads Qt would take for markup in `shown`; [] when none."""
    if not shown.rich:
        return []
    lowered = shown.text.lower()
    problems = [f"raw {tag!r}" for tag in RAW_MARKUP if tag in lowered]
    document = QTextDocument()
    document.setHtml(shown.text)
    if _ENTITY_READ_AS_AMPERSAND.search(document.toPlainText()):
        problems.append("&amp; read as an entity")
    return problems + rendered_markup(shown.text)


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _model_texts(where: str, model: QAbstractItemModel) -> Iterator[Shown]:
    root = QModelIndex()
    # A list model's columnCount is private in PySide6: it has one.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    rows = min(model.rowCount(root), 60)
    tip = Qt.ItemDataRole.ToolTipRole
    for row in range(rows):
        for column in range(columns):
            text = model.data(model.index(row, column), tip)
            if isinstance(text, str):
                yield Shown(f"{where} cell {row},{column} tooltip", text, _is_rich(text))
    for orientation, count in (
        (Qt.Orientation.Horizontal, columns),
        (Qt.Orientation.Vertical, rows),
    ):
        for section in range(count):
            text = model.headerData(section, orientation, tip)
            if isinstance(text, str):
                yield Shown(f"{where} header {section} tooltip", text, _is_rich(text))


def texts_of(top: QWidget) -> Iterator[Shown]:
    """Every text `top` and the widgets in it show, with how Qt shows it."""
    base = _name(top)
    for widget in [top, *top.findChildren(QWidget)]:
        where = f"{base}/{_name(widget)}"
        if widget.toolTip():
            yield Shown(f"{where} tooltip", widget.toolTip(), _is_rich(widget.toolTip()))
        for action in QWidget.actions(widget):  # MainWindow.actions is its own
            if action.toolTip():
                yield Shown(f"{where} action tooltip", action.toolTip(), _is_rich(action.toolTip()))
        if isinstance(widget, QAbstractButton) and widget.text():  # plain, "&" aside
            yield Shown(f"{where} button", widget.text(), False)
        if isinstance(widget, QLabel) and widget.text():
            yield Shown(where, widget.text(), _is_rich(widget.text(), widget.textFormat()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(where, widget.model())
        if isinstance(widget, QComboBox):  # its entries' tooltips, in the open list
            yield from _model_texts(f"{where} entries", widget.model())
        if isinstance(widget, QTextEdit):
            # Built as HTML on purpose (the preview, the comparisons): rendered, it must
            # hold no image or link that came from a person's text.
            html = widget.document().toHtml()
            problems = rendered_markup(html)
            yield Shown(f"{where} document", "" if not problems else " ".join(problems), False)


def label_link_problems(top: QWidget) -> list[str]:
    """Rich labels that would open, or let a click reach, a link."""
    problems = []
    for label in [top, *top.findChildren(QLabel)]:
        if not isinstance(label, QLabel) or not _is_rich(label.text(), label.textFormat()):
            continue
        where = f"{_name(top)}/{_name(label)} {label.text()[:60]!r}"
        if label.openExternalLinks():
            problems.append(f"{where} opens external links")
        if label.textInteractionFlags() & _LINKS:
            problems.append(f"{where} lets links be clicked")
    return problems


def button_problems(top: QWidget) -> list[str]:
    """A button quoting a person's text must show its "&": Qt takes a lone one for the
    shortcut key's mark."""
    problems = []
    for button in top.findChildren(QAbstractButton):
        text = button.text()
        if (MARKER in text or "bold" in text) and "&" in text.replace("&&", ""):
            problems.append(f"{_name(top)}/{_name(button)}: a mnemonic in {text!r}")
    return problems


def title_problems(top: QWidget) -> list[str]:
    """A title with "[*]" must show it: Qt takes a lone one for the modified mark."""
    handle = top.windowHandle()
    if handle is None or "[*]" not in top.windowTitle():
        return []
    return [] if "[*]" in handle.title() else [f"{_name(top)}: title {handle.title()!r}"]


@dataclass
class Walk:
    """What the walk saw, and what is wrong with it."""

    shown: list[Shown] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def look_at(self, top: QWidget) -> None:
        for shown in texts_of(top):
            self.shown.append(shown)
            if shown.where.endswith(" document") and shown.text:
                self.problems.append(f"{shown.where}: {shown.text}")
            for problem in live_markup(shown):
                self.problems.append(f"{shown.where}: {problem} in {shown.text!r}")
        self.problems += label_link_problems(top)
        self.problems += title_problems(top)
        self.problems += button_problems(top)

    def places_with(self, marker: str) -> set[str]:
        return {shown.where for shown in self.shown if marker in shown.text}


# --- message boxes, looked at instead of shown ---------------------------------------------


@dataclass(frozen=True)
class Box:
    title: str
    text: str
    informative: str
    text_format: Qt.TextFormat
    label_formats: dict[str, Qt.TextFormat]
    labels_opening_links: list[str]
    labels_with_clickable_links: list[str]

    @classmethod
    def of(cls, box: QMessageBox) -> Box:
        labels = box.findChildren(QLabel)
        return cls(
            title=box.windowTitle(),
            text=box.text(),
            informative=box.informativeText(),
            text_format=box.textFormat(),
            label_formats={label.objectName(): label.textFormat() for label in labels},
            labels_opening_links=[one.objectName() for one in labels if one.openExternalLinks()],
            labels_with_clickable_links=[
                one.objectName() for one in labels if one.textInteractionFlags() & _LINKS
            ],
        )

    def problems(self) -> list[str]:
        found = []
        if self.text_format != Qt.TextFormat.PlainText:
            found.append(f"“{self.title}” is in {self.text_format}")
        for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
            shown_as = self.label_formats.get(name, Qt.TextFormat.PlainText)
            if shown_as != Qt.TextFormat.PlainText:
                found.append(f"“{self.title}”: {name} is in {shown_as}")
        if self.labels_opening_links:
            found.append(f"“{self.title}”: {self.labels_opening_links} open external links")
        if self.labels_with_clickable_links:
            found.append(f"“{self.title}”: {self.labels_with_clickable_links} take link clicks")
        return found


@dataclass
class Boxes:
    seen: list[Box] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [problem for box in self.seen for problem in box.problems()]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Every QMessageBox run is recorded and answered No, Cancel or Ok, never shown. (The
    static QMessageBox.question and its kin stay refused: tests/desktop/conftest.py.)"""
    recorded = Boxes()

    def look(box: QMessageBox) -> int:
        recorded.seen.append(Box.of(box))
        buttons = box.standardButtons()
        for answer in (QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.No):
            if buttons & answer:
                return answer.value
        return QMessageBox.StandardButton.Ok.value

    monkeypatch.setattr(QMessageBox, "exec", look)
    return recorded


# --- every question, asked with a payload --------------------------------------------------

HOSTILE_LINK = QUrl(f"https://example.org/?q={HOSTILE}")
# What each question is given to say, and the part of it that must show in the box verbatim.
QUESTIONS: dict[str, tuple[Callable[[QWidget], object], str]] = {
    "editor: save changes": (lambda parent: editor.ask_save_changes(parent, TITLE), TITLE),
    "editor: recover": (
        lambda parent: editor.offer_recovery(parent, TITLE, "2024-05-01T10:00:00+00:00"),
        TITLE,
    ),
    "editor: error": (lambda parent: editor.show_error(parent, "Cannot open", TITLE), TITLE),
    "take over": (lambda parent: conflict_view.confirm_take_over(parent, USER), USER),
    "retry": (lambda parent: conflict_view.ask_retry(parent, "Not saved", TITLE), TITLE),
    "save problem": (lambda parent: conflict_view.show_problem(parent, "Not saved", NOTE), NOTE),
    "open link": (
        lambda parent: preview.confirm_open_link(parent, HOSTILE_LINK),
        HOSTILE_LINK.toDisplayString(),
    ),
    "moderation: confirm": (
        lambda parent: moderation_panel.confirm(parent, "Approve all matching", HOSTILE),
        HOSTILE,
    ),
    "moderation: error": (lambda parent: moderation_panel.show_error(parent, HOSTILE), HOSTILE),
    "authors: unsaved": (lambda parent: prompts.ask_unsaved_changes(parent, AUTHOR), AUTHOR),
    "authors: delete": (lambda parent: prompts.confirm_delete(parent, AUTHOR), AUTHOR),
    "authors: error": (lambda parent: prompts.show_error(parent, AUTHOR), AUTHOR),
    "authors: photo": (lambda parent: prompts.show_photo_problem(parent, FILE_NAME), FILE_NAME),
    "window: information": (
        lambda parent: dialogs.show_information(parent, "Exported", HOSTILE),
        HOSTILE,
    ),
    "window: error": (lambda parent: dialogs.show_error(parent, "Failed", FILE_NAME), FILE_NAME),
    "window: export scope": (lambda parent: dialogs.choose_export_scope(parent, 2), "export"),
}


@pytest.mark.parametrize("question", QUESTIONS, ids=list(QUESTIONS))
def test_every_question_shows_its_text_as_typed_and_opens_no_link(
    qtbot, boxes: Boxes, question: str
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ask, said = QUESTIONS[question]
    ask(parent)
    assert len(boxes.seen) == 1
    box = boxes.seen[0]
    assert box.problems() == []
    assert said in f"{box.text}\n{box.informative}"  # as typed, to the character


def test_the_helpers_make_any_text_safe() -> None:
    for text in (TITLE, HOSTILE, BOLD, f"{ENTITY} x", "&lt;b&gt;", "a < b", "plain", "two\nlines"):
        tip = tooltip_text(text)
        assert tip is not None
        assert live_markup(Shown("tip", tip, _is_rich(tip))) == []
        if _is_rich(tip):  # what the tooltip reads is the text as typed
            document = QTextDocument()
            document.setHtml(tip)
            assert document.toPlainText() == text
        else:
            assert tip == text
    assert tooltip_text("") == "" and tooltip_text(None) is None
    assert window_title("a [*] b") == "a [*][*] b"


# --- an import of hostile files, and the whole window walked -------------------------------


def _hostile_folder(folder: Path) -> Path:
    folder.mkdir()
    article = ParsedArticle(
        title=TITLE,
        body=f"The council met on Tuesday.\n{HOSTILE}",  # the preview sanitises it
        bio=BIO,
        comments=tuple(ParsedComment.from_text(text) for text in COMMENTS),
    )
    (folder / FILE_NAME).write_text(write_text(article), "utf-8")
    neighbour = ParsedArticle(title="A quiet article", body="Nothing to see.", bio=BIO)
    (folder / "quiet.txt").write_text(write_text(neighbour), "utf-8")
    (folder / BROKEN_FILE_NAME).write_text(f"{HOSTILE}\nnot an article\n", "utf-8")
    return folder


def _import(qtbot, window: MainWindow, folder: Path) -> None:
    search = window.findChild(QLineEdit, "articleSearch")
    assert search is not None
    search.setText(SEARCH)  # the report then says the list hides the new articles, quoting it
    qtbot.waitUntil(lambda: window.article_list.filter_words() != "")
    assert window.import_paths([folder])
    qtbot.waitUntil(
        lambda: window.import_report is not None and window.import_report.isVisible(),
        timeout=30_000,
    )
    # The offer to show the hidden articles follows the list's read of the new ids.
    qtbot.waitUntil(lambda: _shown(window.import_report, "importHiddenText"), timeout=15_000)


def _shown(parent: QWidget, name: str) -> bool:
    found = parent.findChild(QWidget, name)
    return found is not None and found.isVisible()


def test_a_hostile_import_shows_as_text_in_every_area_dialog_and_question(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    context = window.context
    factory = context.database.session_factory
    context.settings.user_name = USER
    ModerationRuleService(factory).save(ModerationRules(hold_words=("click",)), user=USER)
    walk = Walk()

    _import(qtbot, window, _hostile_folder(tmp_path / "incoming"))
    report = window.import_report
    assert report is not None
    walk.look_at(report)
    summary = report.summary()
    report.close()
    window.article_list.clear_filters()

    article_id = next(
        found for found in context.articles.ids() if context.articles.get(found).title == TITLE
    )
    # Saved by the hostile user, with hostile notes: the history and the log name them.
    window.open_article(article_id)
    form = window.editor.form
    for number in (1, 2):  # the second keeps what the first saved as a revision, by USER
        form.notes_edit.setPlainText(NOTE)
        form.body_edit.setPlainText(f"{form.body_edit.toPlainText()}\nEdit {number}.")
        assert window.editor.save()
    author = context.authors.create(AuthorChanges(display_name=AUTHOR, bio=f"{AUTHOR} bio"))
    comment_ids = context.comments.ids(CommentFilter(status=None, article_id=article_id))
    context.comments.set_status(comment_ids[:1], CommentStatus.APPROVED, user=USER)
    window.authors.refresh()
    window.moderation.refresh()

    # Every area and dialog the screenshots show, over this desk.
    desk = SampleDesk(tmp_path, context.database, article_id, summary)
    stage = Stage(window, desk, QSize(1280, 800))
    for scene in SCENES:
        shown = show_scene(stage, scene)
        walk.look_at(shown)
        close_scene(stage, scene, shown)
    window.authors.select_author(author.id)
    walk.look_at(window)

    # Someone else at the article: the banner, the list's tooltip and taking over name them.
    other_desk = PresenceService(factory, user=OTHER_USER)
    window.tabs.setCurrentIndex(ARTICLES_TAB)
    window.open_article(article_id)
    other_desk.claim(article_id, take_over=True)
    window.editor.presence.refresh()
    window.article_list.refresh_presence()
    qtbot.waitUntil(lambda: window.editor.form.banner.isVisible())
    walk.look_at(window)
    assert not window.editor.take_over()  # the question is answered Cancel
    other_desk.release(article_id)
    window.editor.presence.take_over()

    # The dialogs the scenes do not have: a conflict, and an import's progress.
    detail = context.articles.get(article_id)
    conflict = ConflictView(detail, detail, FormValues.of(detail), window)
    conflict.show()
    walk.look_at(conflict)
    conflict.close()
    progress = TaskProgress(window, "Import", lambda: None)
    progress.begin("Importing…")
    progress.update(1, 3, str(tmp_path / "incoming" / FILE_NAME))
    progress.dialog.show()
    walk.look_at(progress.dialog)
    progress.end()

    # The questions, asked the way a person makes them come.
    search = window.findChild(QLineEdit, "commentSearch")
    assert search is not None
    window.tabs.setCurrentIndex(MODERATION_TAB)
    window.moderation.refresh_if_stale()
    search.setText("bold")
    window.moderation.moderation_actions.approve_matching.trigger()
    asked = len(boxes.seen)  # the matching comments are counted in the background first
    qtbot.waitUntil(lambda: len(boxes.seen) > asked)
    search.setText("")
    window.tabs.setCurrentIndex(ARTICLES_TAB)
    window.open_article(article_id)
    window.editor.form.body_edit.setPlainText("Typed, not saved.")
    window.editor.keep_recovery_copy()
    assert not window.editor.maybe_save()  # answered Cancel: still open, still dirty
    later = ArticleEditor(context, RecoveryStore(default_recovery_folder()))
    qtbot.addWidget(later)
    later.open_article(article_id)  # the recovery copy is offered (and declined)
    walk.look_at(window)

    titles = {box.title for box in boxes.seen}
    assert {"Unsaved changes", "Recover unsaved changes", "Take over editing"} <= titles
    assert any(title.startswith("Approve all matching") for title in titles)
    for box in boxes.seen:
        assert MARKER in box.text or "bold" in box.text, box  # as typed, not as markup
    assert boxes.problems() == [], "\n".join(boxes.problems())

    # The walk went where the payloads are: not a pass for want of looking.
    places = " ".join(sorted(walk.places_with(MARKER) | walk.places_with("bold")))
    for where in (
        "articleList cell",
        "authorList cell",
        "commentQueue cell",
        "importReportTable cell",
        "importHiddenText",
        "moderationLog cell",
        "revisionList cell",
        "presenceText",
        "authorHeading",
        "conflictSummary",
        "progressLabel",
        "aboutText",
        "mergeWithLabel",
        "deleteAuthorQuestion",
        "mergeKeepCurrent",
        "articleAuthorFilter entries",
    ):
        assert where in places, f"the walk never saw a payload in {where}"
    assert TITLE in window.windowHandle().title()  # "[*]" included
    assert walk.problems == [], "\n".join(walk.problems)
    QApplication.processEvents()
