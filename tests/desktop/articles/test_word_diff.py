import itertools

from hypothesis import given
from hypothesis import strategies as st

from desktop.articles.word_diff import CHANGE_ANCHOR, changes_only, diff_html, word_diff


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
    # The line break after the replaced word is no change: it is not struck out and put back.
    assert ("delete", "here.") in chunks and ("insert", "there.") in chunks
    assert chunks[-1] == ("equal", "\nThird stays.\n")
    assert "¶" not in diff_html(old, new)


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


# --- changes only -------------------------------------------------------------------------

LONG_OLD = (
    "The council met on Monday evening in the old town hall to discuss the budget.\n"
    "Nothing else happened here.\n"
    "Or here.\n"
    "The mayor said the plan was final and would not change."
)
LONG_NEW = LONG_OLD.replace("budget", "new budget").replace("final", "provisional")


def test_changes_only_keeps_a_few_words_around_each_change() -> None:
    condensed = changes_only(word_diff(LONG_OLD, LONG_NEW), context_words=3)
    shown = "".join(text for op, text in condensed if op in ("equal", "insert"))
    assert shown == "to discuss the new budget.the plan was provisional and would not"
    assert condensed[0] == ("skip", "The council met on Monday evening in the old town hall ")
    assert condensed[-1] == ("skip", " change.")


@given(st.one_of(words, st.text()), st.one_of(words, st.text()))
def test_changes_only_leaves_nothing_out_for_good(old: str, new: str) -> None:
    # What is cut is kept in the "skip" chunks: nothing of either text is lost.
    condensed = changes_only(word_diff(old, new), context_words=2)
    assert "".join(text for op, text in condensed if op != "insert") == old
    assert "".join(text for op, text in condensed if op != "delete") == new


def test_changes_only_html_counts_the_paragraphs_left_out() -> None:
    html = diff_html(LONG_OLD, LONG_NEW, only_changes=True)
    assert "⋯ 2 unchanged paragraphs ⋯" in html
    assert "Nothing else" not in html
    assert html.count(f'<a name="{CHANGE_ANCHOR}">') == 2  # one per change, for next/previous
    assert "No changes." in diff_html("Same text", "Same text", only_changes=True)


def test_a_sentence_added_at_a_paragraphs_end_leaves_its_line_break_alone() -> None:
    old = "The plan is final.\nNext paragraph.\n"
    new = "The plan is final. It was voted on Monday.\nNext paragraph.\n"
    assert word_diff(old, new) == [
        ("equal", "The plan is final."),
        ("insert", " It was voted on Monday."),
        ("equal", "\nNext paragraph.\n"),
    ]
    assert "¶" not in diff_html(old, new)
