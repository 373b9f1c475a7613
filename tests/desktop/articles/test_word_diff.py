import itertools

from hypothesis import given
from hypothesis import strategies as st

from desktop.articles.word_diff import diff_html, word_diff


def rebuilt(chunks: list[tuple[str, str]], side: str) -> str:
    return "".join(text for op, text in chunks if op in ("equal", side))


def test_a_changed_word_is_one_deletion_and_one_insertion() -> None:
    chunks = word_diff("The cat sat on the mat.", "The dog sat on the mat.")
    assert chunks == [
        ("equal", "The "),
        ("delete", "cat "),
        ("insert", "dog "),
        ("equal", "sat on the mat."),
    ]


def test_unchanged_paragraphs_stay_whole() -> None:
    old = "First paragraph stays.\nSecond one changes here.\nThird stays.\n"
    new = "First paragraph stays.\nSecond one changes there.\nThird stays.\n"
    chunks = word_diff(old, new)
    assert chunks[0] == ("equal", "First paragraph stays.\nSecond one changes ")
    assert ("delete", "here.\n") in chunks and ("insert", "there.\n") in chunks
    assert chunks[-1] == ("equal", "Third stays.\n")


def test_identical_and_empty_texts() -> None:
    assert word_diff("same text", "same text") == [("equal", "same text")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("insert", "new")]
    assert word_diff("old", "") == [("delete", "old")]


def test_html_is_escaped_and_marked() -> None:
    html = diff_html("a <b>bold</b> & old", "a <b>bold</b> & new")
    assert "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; " in html
    assert "line-through" in html and ">old</span>" in html
    assert "underline" in html and ">new</span>" in html


def test_html_shows_added_paragraph_breaks() -> None:
    assert "¶" in diff_html("one two", "one\ntwo")


def test_a_long_rewrite_rebuilds_both_texts() -> None:
    old = " ".join(f"word{n % 50}" for n in range(4000))
    new = " ".join(f"word{n % 47}" for n in range(4000))
    chunks = word_diff(old, new)
    assert rebuilt(chunks, "delete") == old and rebuilt(chunks, "insert") == new


words = st.lists(
    st.sampled_from(["the", "cat", "dog", "sat", " ", "  ", "\n", "mat.", "“quoted”", "\t"]),
    max_size=40,
).map("".join)


@given(st.one_of(words, st.text()), st.one_of(words, st.text()))
def test_the_chunks_rebuild_both_texts(old: str, new: str) -> None:
    chunks = word_diff(old, new)
    assert rebuilt(chunks, "delete") == old
    assert rebuilt(chunks, "insert") == new
    assert all(text for _, text in chunks)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(chunks))
