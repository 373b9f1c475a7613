"""Spell checking in the editor, through the window: underlines as typed in body and title,
the context menu's suggestions, the newsroom dictionary shared by desks, "Ignore", a missing
dictionary, and long articles checked off the GUI thread."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit
from pytestqt.qtbot import QtBot

from database.engine import Database, open_database
from database.services.dictionary import DictionaryService
from desktop.app import create_main_window
from desktop.articles import spelling as spelling_module
from desktop.articles import spelling_engine, spelling_fields
from desktop.articles.markdown_highlighter import MAX_MISSPELT, MarkdownHighlighter
from desktop.articles.spelling import SYNC_WORDS, Spelling
from desktop.articles.spelling_engine import Engine, load_engine
from desktop.articles.spelling_fields import (
    ADD_WORD,
    IGNORE_WORD,
    NO_SUGGESTIONS,
    SUGGESTION,
    BodySpelling,
    SpellLineEdit,
)
from desktop.articles.spelling_words import Word
from desktop.main_window import MainWindow

SPELL_CHECK = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


@pytest.fixture(autouse=True)
def fresh_engines() -> Iterator[None]:
    """Tests that take the dictionary away must not leave, or find, an engine loaded."""
    spelling_engine.forget_engines()
    yield
    spelling_engine.forget_engines()


@pytest.fixture
def en_gb() -> Engine:
    loaded = load_engine("en_GB")
    if isinstance(loaded, str):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{loaded}: .ci/run installs it")
        pytest.skip(loaded)
    return loaded


@pytest.fixture
def opened(qtbot: QtBot, en_gb: Engine, imported_samples: list[Path], window: MainWindow):  # type: ignore[no-untyped-def]
    """The window with the first sample article open, its body's words all checked."""
    article_id = window.context.articles.ids()[0]
    window.open_article(article_id)
    qtbot.waitUntil(lambda: body_spelling(window).is_settled, timeout=5000)
    return window


def body(window: MainWindow) -> QPlainTextEdit:
    found = window.findChild(QPlainTextEdit, "articleBodyEdit")
    assert found is not None
    return found


def title(window: MainWindow) -> SpellLineEdit:
    found = window.findChild(QLineEdit, "articleTitleEdit")
    assert isinstance(found, SpellLineEdit)
    return found


def body_spelling(window: MainWindow) -> BodySpelling:
    found = body(window).findChild(BodySpelling, "bodySpelling")
    assert found is not None
    return found


def type_at_end(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edit, text)


def underlined(edit: QPlainTextEdit, word: str) -> bool:
    """Whether some occurrence of `word` has the spell-check underline on every character, as
    the block's layout carries it (what is painted)."""
    block = edit.document().firstBlock()
    while block.isValid():
        text = block.text()
        covered: set[int] = set()
        for found in block.layout().formats():
            if found.format.underlineStyle() == SPELL_CHECK:
                covered.update(range(found.start, found.start + found.length))
        at = text.find(word)
        while at >= 0:
            if all(position in covered for position in range(at, at + len(word))):
                return True
            at = text.find(word, at + 1)
        block = block.next()
    return False


def word_point(edit: QPlainTextEdit, word: str) -> QPoint:
    """Where `word` (its last occurrence) is, in the viewport's coordinates."""
    position = edit.toPlainText().rindex(word) + len(word) // 2
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position)
    return edit.cursorRect(cursor).center()


def names(menu: QMenu) -> list[str]:
    return [action.objectName() for action in menu.actions()]


def action(menu: QMenu, name: str, text: str | None = None):  # type: ignore[no-untyped-def]
    for found in menu.actions():
        if found.objectName() == name and (text is None or found.text() == text):
            return found
    raise AssertionError(f"no {name} {text or ''} in {[a.text() for a in menu.actions()]}")


# --- the engine ---------------------------------------------------------------------------


def test_the_en_gb_dictionary_knows_british_spelling(en_gb: Engine) -> None:
    for right in ("colour", "organise", "neighbour", "centre", "it's", "O’Dwyer", "Kilkenny"):
        assert en_gb.check(right), right
    for wrong in ("recieve", "committment", "teh"):
        assert not en_gb.check(wrong), wrong
    assert "receive" in en_gb.suggest("recieve")


def test_without_the_enchant_library_spelling_is_off_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "enchant", None)  # import enchant fails, as without it
    assert load_engine("en_GB") == spelling_engine.NO_ENGINE_TEXT
    assert "libenchant-2-2" in spelling_engine.NO_ENGINE_TEXT


def test_without_the_dictionary_spelling_is_off_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch, en_gb: Engine
) -> None:
    import enchant

    spelling_engine.forget_engines()
    monkeypatch.setattr(enchant, "dict_exists", lambda _language: False)
    assert load_engine("en_GB") == (
        "Spell checking is off: no en-GB dictionary (install hunspell-en-gb)"
    )


# --- the body -------------------------------------------------------------------------------


def test_a_misspelt_word_typed_into_the_body_is_underlined(
    qtbot: QtBot, opened: MainWindow
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " They will recieve the colour award to organise")
    qtbot.waitUntil(lambda: underlined(edit, "recieve"), timeout=2000)
    for right in ("colour", "organise", "award"):
        assert not underlined(edit, right), right


# What en-GB's dictionary does not know in the sample articles' bodies: a name, an
# abbreviation ("Coun Sheila Woodyatt") and American spelling; never their ordinary prose.
SAMPLE_UNKNOWN = {"Coun", "Cllr", "Healthwatch", "Johnathan", "Specialties", "Woodyatt"}


def underlined_words(edit: QPlainTextEdit) -> set[str]:
    found: set[str] = set()
    block = edit.document().firstBlock()
    while block.isValid():
        for run in block.layout().formats():
            if run.format.underlineStyle() == SPELL_CHECK:
                found.add(block.text()[run.start : run.start + run.length])
        block = block.next()
    return found


def test_the_sample_articles_prose_is_not_underlined(
    qtbot: QtBot, en_gb: Engine, imported_samples: list[Path], window: MainWindow
) -> None:
    for article_id in window.context.articles.ids():
        window.open_article(article_id)
        qtbot.waitUntil(lambda: body_spelling(window).is_settled, timeout=5000)
        edit = body(window)
        assert underlined_words(edit) <= SAMPLE_UNKNOWN
        for right in ("O’Dwyer", "children's", "inspection", "Warrington"):
            if right in edit.toPlainText():
                assert not underlined(edit, right), right


def test_code_links_and_addresses_in_the_body_are_not_underlined(
    qtbot: QtBot, opened: MainWindow
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " See [the reprot](https://exmaple.com/teh) and `pip instal` and ")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    for line in ("```", "def recieve(): pass", "```", "But teh end."):
        qtbot.keyClicks(edit, line)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: underlined(edit, "reprot") and underlined(edit, "teh"))
    for skipped in ("exmaple", "instal", "recieve"):
        assert not underlined(edit, skipped), skipped


def test_a_suggestion_replaces_the_word_and_undo_brings_it_back(
    qtbot: QtBot, opened: MainWindow
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " They recieve it")
    qtbot.waitUntil(lambda: underlined(edit, "recieve"))
    menu = body_spelling(opened).spelling_menu(word_point(edit, "recieve"))
    assert names(menu)[0] == SUGGESTION  # the fixes first, the usual menu after them
    assert {ADD_WORD, IGNORE_WORD} <= set(names(menu))
    assert any(found.text() == "&Undo" or "Undo" in found.text() for found in menu.actions())
    action(menu, SUGGESTION, "receive").trigger()
    assert edit.toPlainText().endswith(" They receive it")
    assert not underlined(edit, "receive")
    edit.undo()
    assert edit.toPlainText().endswith(" They recieve it")


def test_a_right_word_gets_the_usual_menu_only(qtbot: QtBot, opened: MainWindow) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " colour")
    menu = body_spelling(opened).spelling_menu(word_point(edit, "colour"))
    assert not {SUGGESTION, NO_SUGGESTIONS, ADD_WORD, IGNORE_WORD} & set(names(menu))
    assert menu.actions()  # Copy, Paste, Select All …


def test_a_right_click_shows_the_spelling_menu(
    qtbot: QtBot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[str]] = []
    monkeypatch.setattr(spelling_fields, "popup_menu", lambda menu, _at: shown.append(names(menu)))
    edit = body(opened)
    type_at_end(qtbot, edit, " recieve")
    qtbot.waitUntil(lambda: underlined(edit, "recieve"))
    point = word_point(edit, "recieve")
    viewport = edit.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert shown and ADD_WORD in shown[0]


def test_adding_to_the_newsroom_dictionary_removes_the_underline_and_stores_the_word(
    qtbot: QtBot, opened: MainWindow, database: Database
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " The Ballyhale club")
    qtbot.waitUntil(lambda: underlined(edit, "Ballyhale"))
    messages: list[str] = []
    opened.editor.statusMessage.connect(messages.append)
    menu = body_spelling(opened).spelling_menu(word_point(edit, "Ballyhale"))
    action(menu, ADD_WORD).trigger()
    qtbot.waitUntil(lambda: not underlined(edit, "Ballyhale"))
    stored = DictionaryService(database.session_factory).entries("en_GB")
    assert [(entry.word, entry.added_by) for entry in stored] == [
        ("Ballyhale", opened.context.user_name)
    ]
    assert messages == ["“Ballyhale” added to the newsroom dictionary."]
    assert edit.toPlainText().endswith(" The Ballyhale club")  # the text is untouched


def test_ignore_lasts_for_the_session_and_is_not_stored(
    qtbot: QtBot, opened: MainWindow, database: Database
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " Mooncoin")
    qtbot.waitUntil(lambda: underlined(edit, "Mooncoin"))
    action(body_spelling(opened).spelling_menu(word_point(edit, "Mooncoin")), IGNORE_WORD).trigger()
    qtbot.waitUntil(lambda: not underlined(edit, "Mooncoin"))
    qtbot.keyClicks(edit, " and Mooncoin again")
    assert not underlined(edit, "Mooncoin")
    assert DictionaryService(database.session_factory).words("en_GB") == frozenset()


def test_another_desks_word_stops_being_underlined_here(
    qtbot: QtBot, opened: MainWindow, database_url: str
) -> None:
    edit = body(opened)
    type_at_end(qtbot, edit, " Piltown")
    qtbot.waitUntil(lambda: underlined(edit, "Piltown"))
    opened.editor.spelling.poll_timer.setInterval(50)  # rather than ten seconds
    other = open_database(database_url)
    try:
        DictionaryService(other.session_factory).add_word("en_GB", "Piltown", "bob")
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: not underlined(edit, "Piltown"), timeout=3000)


def test_the_newsroom_words_of_last_time_are_known_at_once(
    qtbot: QtBot, en_gb: Engine, imported_samples: list[Path], database: Database, database_url: str
) -> None:
    DictionaryService(database.session_factory).add_word("en_GB", "Piltown", "bob")
    window = create_main_window(database_url)
    try:
        window.show()
        window.open_article(window.context.articles.ids()[0])
        type_at_end(qtbot, body(window), " Piltown recieve")
        qtbot.waitUntil(lambda: underlined(body(window), "recieve"))
        assert not underlined(body(window), "Piltown")
    finally:
        window.editor.maybe_save = lambda: True  # type: ignore[method-assign]
        window.close()
        window.context.database.dispose()
        window.deleteLater()


# --- the title ------------------------------------------------------------------------------


def placed(field: SpellLineEdit, word: Word) -> tuple[float, float]:
    """Where the word is on screen: the line edit scrolls its text when it paints."""
    field.repaint()
    return field.word_rect_x(word)


def red_pixels_under(field: SpellLineEdit, start: int, end: int) -> int:
    """Pixels of the underline's red between the places of characters `start` and `end`."""
    image = field.grab().toImage()
    left, right = field.word_rect_x(Word(start, end, ""))
    ratio = image.devicePixelRatio()
    count = 0
    for y in range(image.height()):
        for x in range(int(left * ratio) + 1, int(right * ratio) - 1):
            color = image.pixelColor(x, y)
            if color.red() > 150 and color.green() < 110 and color.blue() < 110:
                count += 1
    return count


def test_the_title_underlines_misspelt_words(qtbot: QtBot, opened: MainWindow) -> None:
    field = title(opened)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Council to recieve colour funds")
    assert [word.text for word in field.misspelt_words] == ["recieve"]
    text = field.text()
    wrong, right = text.index("recieve"), text.index("colour")
    assert red_pixels_under(field, wrong, wrong + len("recieve")) > 5
    assert red_pixels_under(field, right, right + len("colour")) == 0


def test_the_title_menu_offers_suggestions_and_the_dictionary(
    qtbot: QtBot, opened: MainWindow, database: Database
) -> None:
    field = title(opened)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Council to recieve Ballyhale funds")
    word = next(word for word in field.misspelt_words if word.text == "recieve")
    left, right = placed(field, word)
    menu = field.spelling_menu(QPoint(int((left + right) / 2), field.height() // 2))
    action(menu, SUGGESTION, "receive").trigger()
    assert field.text() == "Council to receive Ballyhale funds"
    field.undo()
    assert field.text() == "Council to recieve Ballyhale funds"
    [hale] = [word for word in field.misspelt_words if word.text == "Ballyhale"]
    left, right = placed(field, hale)
    menu = field.spelling_menu(QPoint(int((left + right) / 2), field.height() // 2))
    action(menu, ADD_WORD).trigger()
    assert [word.text for word in field.misspelt_words] == ["recieve"]
    assert DictionaryService(database.session_factory).words("en_GB") == {"Ballyhale"}


def test_the_title_keeps_its_line_edit_ways(qtbot: QtBot, opened: MainWindow) -> None:
    field = title(opened)
    assert opened.findChild(QLineEdit, "articleTitleEdit") is field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Harbour reopens")
    assert opened.editor.is_dirty and opened.editor.display_title == "Harbour reopens"


# --- no dictionary ---------------------------------------------------------------------------


def test_without_a_dictionary_editing_goes_on_and_it_is_said_once(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    imported_samples: list[Path],
    database_url: str,
) -> None:
    monkeypatch.setitem(sys.modules, "enchant", None)
    window = create_main_window(database_url)
    try:
        window.show()
        said: list[str] = []
        window.editor.statusMessage.connect(said.append)
        ids = window.context.articles.ids()
        window.open_article(ids[0])
        assert window.statusBar().currentMessage() == spelling_engine.NO_ENGINE_TEXT
        edit = body(window)
        type_at_end(qtbot, edit, " recieve")
        assert edit.toPlainText().endswith(" recieve") and window.editor.is_dirty
        assert not underlined(edit, "recieve")
        assert body_spelling(window).spelling_menu(word_point(edit, "recieve")).actions()
        assert title(window).misspelt_words == []
        window.editor.discard_changes()
        window.open_article(ids[1])
        assert said.count(spelling_engine.NO_ENGINE_TEXT) == 1
    finally:
        window.editor.maybe_save = lambda: True  # type: ignore[method-assign]
        window.close()
        window.context.database.dispose()
        window.deleteLater()


# --- long articles ---------------------------------------------------------------------------


def test_a_long_article_is_checked_off_the_gui_thread(
    qtbot: QtBot, en_gb: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    check_words = spelling_module.check_words

    def recording(engine: Engine, words: Iterable[str]) -> dict[str, bool]:
        threads.append(threading.current_thread())
        return check_words(engine, words)

    monkeypatch.setattr(spelling_module, "check_words", recording)
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    highlighter = MarkdownHighlighter(edit)
    spelling = Spelling(None, lambda: "ann", edit, poll_ms=0)
    attached = BodySpelling(edit, highlighter, spelling, lambda _text: None)
    # Some 5,000 distinct words (no dictionary has them), then one typo in the last line.
    words = [
        f"{'qwrt'[n % 4]}{'aeiou'[n % 5]}{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}x"
        for n in range(5000)
    ]
    text = "\n".join(" ".join(words[n : n + 50]) for n in range(0, len(words), 50))
    edit.setPlainText(text + "\nThe council will recieve it.")
    assert len(edit.toPlainText()) > 25_000
    # The first few words were checked at once; the rest wait for the thread pool.
    assert spelling.is_busy
    qtbot.waitUntil(lambda: attached.is_settled, timeout=10_000)
    assert underlined(edit, "recieve") and not underlined(edit, "council")
    assert underlined(edit, words[-1])
    assert any(thread is not threading.main_thread() for thread in threads)
    on_gui = sum(1 for thread in threads if thread is threading.main_thread())
    assert on_gui <= SYNC_WORDS  # calls, each of at least one word


def test_typing_checks_the_new_word_at_once(qtbot: QtBot, en_gb: Engine) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    spelling = Spelling(None, lambda: "ann", edit, poll_ms=0)
    BodySpelling(edit, MarkdownHighlighter(edit), spelling, lambda _text: None)
    qtbot.keyClicks(edit, "recieve")
    # No waiting for the pool: the paragraph was underlined in the same key press.
    assert not spelling.is_busy and underlined(edit, "recieve")


def test_a_long_title_is_underlined_where_it_scrolled_to(qtbot: QtBot, opened: MainWindow) -> None:
    field = title(opened)
    field.setFocus()
    field.selectAll()
    filler = "Council meeting on the harbour plans " * 6
    qtbot.keyClicks(field, filler + "will recieve funds")
    assert field.fontMetrics().horizontalAdvance(field.text()) > field.width()  # it scrolled
    word = next(word for word in field.misspelt_words if word.text == "recieve")
    left, right = placed(field, word)
    assert 0 < left < right < field.width()
    assert red_pixels_under(field, word.start, word.end) > 5


def test_a_right_click_on_the_title_shows_its_spelling_menu(
    qtbot: QtBot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[str]] = []
    monkeypatch.setattr(spelling_fields, "popup_menu", lambda menu, _at: shown.append(names(menu)))
    field = title(opened)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Teh harbour")
    left, right = placed(field, field.misspelt_words[0])
    point = QPoint(int((left + right) / 2), field.height() // 2)
    QApplication.sendEvent(
        field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, field.mapToGlobal(point))
    )
    assert shown and shown[0][0] == SUGGESTION and IGNORE_WORD in shown[0]


# --- what the newsroom's words accept ------------------------------------------------------


class Knows:
    """A dictionary of a few words, for the rules around it."""

    def __init__(self, *words: str) -> None:
        self.words = set(words)

    def check(self, word: str) -> bool:
        return word in self.words

    def suggest(self, word: str) -> list[str]:
        return sorted(self.words)


def test_newsroom_words_are_accepted_as_house_style_needs(qtbot: QtBot, database: Database) -> None:
    service = DictionaryService(database.session_factory)
    for word in ("eircode", "O'Dwyer", "Ballyhale"):
        service.add_word("en_GB", word, "ann")
    spelling = Spelling(
        service, lambda: "ann", engine_loader=lambda language: Engine(language, Knows("the"))
    )
    misspelt = [
        word.text
        for word in spelling.misspelt_in(
            "Eircode eircode O’Dwyer O'Dwyer Ballyhale ballyhale the teh"
        )
    ]
    # Lower case in the dictionary: capitalised too (a sentence's start); not the other way.
    assert misspelt == ["ballyhale", "teh"]


def test_another_language_checks_against_its_own_words(qtbot: QtBot, database: Database) -> None:
    service = DictionaryService(database.session_factory)
    service.add_word("en_GB", "colour", "ann")
    service.add_word("en_US", "color", "ann")
    loaded: list[str] = []

    def loader(language: str) -> Engine:
        loaded.append(language)
        return Engine(language, Knows())

    spelling = Spelling(service, lambda: "ann", engine_loader=loader, poll_ms=0)
    assert [word.text for word in spelling.misspelt_in("colour color")] == ["color"]
    changed: list[object] = []
    spelling.verdictsChanged.connect(changed.append)
    service.set_language("en_US", "ann")
    spelling.refresh_words()
    assert loaded == ["en_GB", "en_US"] and changed == [None]
    assert [word.text for word in spelling.misspelt_in("colour color")] == ["colour"]


def test_underlines_arriving_later_are_no_edit(
    qtbot: QtBot, en_gb: Engine, imported_samples: list[Path], window: MainWindow
) -> None:
    changes: list[None] = []
    window.editor.form.changed.connect(lambda: changes.append(None))
    window.open_article(window.context.articles.ids()[0])
    assert window.editor.spelling.is_busy  # the article's words went to the thread pool
    qtbot.waitUntil(lambda: body_spelling(window).is_settled, timeout=5000)
    window.editor.spelling.ignore("Warrington")
    assert changes == [] and not window.editor.is_dirty


def test_a_paragraph_of_nonsense_is_underlined_only_so_far(qtbot: QtBot, en_gb: Engine) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    spelling = Spelling(None, lambda: "ann", edit, poll_ms=0)
    attached = BodySpelling(edit, MarkdownHighlighter(edit), spelling, lambda _text: None)
    nonsense = " ".join(f"zq{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}w" for n in range(600))
    edit.setPlainText(nonsense)
    qtbot.waitUntil(lambda: attached.is_settled, timeout=10_000)
    runs = [
        run
        for run in edit.document().firstBlock().layout().formats()
        if run.format.underlineStyle() == SPELL_CHECK
    ]
    # A paragraph of thousands of format changes makes Qt's layout slow at every key.
    assert 0 < len(runs) <= MAX_MISSPELT
