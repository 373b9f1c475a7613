"""The newsroom dictionary: shared words per language, and the newsroom's spelling language."""

from collections.abc import Iterator

import pytest

from database.engine import Database, open_database
from database.errors import ValidationError
from database.services.dictionary import (
    DEFAULT_LANGUAGE,
    LANGUAGE_SETTING,
    DictionaryService,
    normal_form,
)


@pytest.fixture
def dictionary(database: Database) -> DictionaryService:
    return DictionaryService(database.session_factory)


@pytest.fixture
def other_desk(database_url: str, database: Database) -> Iterator[DictionaryService]:
    """Another copy of Copydesk: its own engine and connections on the same database."""
    opened = open_database(database_url)
    yield DictionaryService(opened.session_factory)
    opened.dispose()


def test_a_word_added_at_one_desk_is_known_at_another(
    dictionary: DictionaryService, other_desk: DictionaryService
) -> None:
    assert other_desk.words("en_GB") == frozenset()
    added = dictionary.add_word("en_GB", "Ballyhale", "ann")
    assert (added.word, added.added_by, added.language) == ("Ballyhale", "ann", "en_GB")
    assert other_desk.words("en_GB") == {"Ballyhale"}
    [entry] = other_desk.entries("en_GB")
    assert entry.added_by == "ann" and entry.added_at == added.added_at


def test_words_belong_to_their_language(dictionary: DictionaryService) -> None:
    dictionary.add_word("en_GB", "colour", "ann")
    dictionary.add_word("en_US", "Kilkenny", "ann")
    assert dictionary.words("en_GB") == {"colour"}
    assert dictionary.words("en_US") == {"Kilkenny"}


def test_adding_a_word_twice_keeps_the_first_entry(
    dictionary: DictionaryService, other_desk: DictionaryService
) -> None:
    first = dictionary.add_word("en_GB", "Ballyhale", "ann")
    again = other_desk.add_word("en_GB", " Ballyhale ", "bob")
    assert again == first
    assert [entry.added_by for entry in dictionary.entries("en_GB")] == ["ann"]


def test_curly_and_plain_apostrophes_are_one_word(dictionary: DictionaryService) -> None:
    dictionary.add_word("en_GB", "O’Dwyer", "ann")
    dictionary.add_word("en_GB", "O'Dwyer", "bob")
    assert dictionary.words("en_GB") == {"O'Dwyer"}
    assert normal_form(" O’Dwyer ") == "O'Dwyer"


@pytest.mark.parametrize("word", ["", "   ", "two words", "tab\tword", "x" * 201, "nul\x00"])
def test_what_is_not_a_word_is_refused(dictionary: DictionaryService, word: str) -> None:
    with pytest.raises(ValidationError) as refused:
        dictionary.add_word("en_GB", word, "ann")
    assert refused.value.field == "word"
    assert dictionary.words("en_GB") == frozenset()


def test_a_word_can_be_removed(dictionary: DictionaryService) -> None:
    dictionary.add_word("en_GB", "Ballyhale", "ann")
    assert dictionary.remove_word("en_GB", "Ballyhale")
    assert not dictionary.remove_word("en_GB", "Ballyhale")
    assert dictionary.words("en_GB") == frozenset()


def test_the_stamp_changes_with_every_addition_and_removal(
    dictionary: DictionaryService, other_desk: DictionaryService
) -> None:
    empty = other_desk.stamp("en_GB")
    assert (empty.count, empty.last_id) == (0, 0)
    dictionary.add_word("en_GB", "Ballyhale", "ann")
    one = other_desk.stamp("en_GB")
    assert one != empty
    dictionary.add_word("en_GB", "Piltown", "ann")
    dictionary.remove_word("en_GB", "Ballyhale")
    # Back to one word, but not the same one: the stamp still moved.
    assert other_desk.stamp("en_GB") not in (one, empty)
    assert other_desk.stamp("en_US") == empty  # another language's words did not change


def test_entries_are_alphabetical_whatever_the_case(dictionary: DictionaryService) -> None:
    for word in ("eircode", "Ballyhale", "Áras", "anois"):
        dictionary.add_word("en_GB", word, "ann")
    assert [entry.word for entry in dictionary.entries("en_GB")][:3] == [
        "anois",
        "Ballyhale",
        "eircode",
    ]


def test_the_language_is_en_gb_until_the_newsroom_chooses(
    dictionary: DictionaryService, other_desk: DictionaryService
) -> None:
    assert dictionary.language() == DEFAULT_LANGUAGE == "en_GB"
    dictionary.set_language("en_US", "ann")
    assert other_desk.language() == "en_US"
    dictionary.set_language("ga_IE", "bob")
    assert other_desk.language() == "ga_IE"


@pytest.mark.parametrize("language", ["", "english", "en-GB", "EN_gb", "en_GB; drop"])
def test_a_language_that_is_no_dictionary_name_is_refused(
    dictionary: DictionaryService, language: str
) -> None:
    with pytest.raises(ValidationError):
        dictionary.set_language(language, "ann")
    with pytest.raises(ValidationError):
        dictionary.add_word(language, "word", "ann")
    assert dictionary.language() == "en_GB"


def test_a_damaged_language_setting_falls_back_to_en_gb(database: Database) -> None:
    from sqlalchemy import text

    with database.session_factory.begin() as session:
        session.execute(
            text(
                "INSERT INTO newsroom_settings (key, value, updated_by, updated_at) "
                "VALUES (:key, :value, '', CURRENT_TIMESTAMP)"
            ),
            {"key": LANGUAGE_SETTING, "value": "{not json"},
        )
    assert DictionaryService(database.session_factory).language() == "en_GB"
