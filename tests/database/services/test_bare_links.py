"""Links as readers see them: bare domains (`example.com/x`) count for the link rule, and
ordinary prose ("e.g.", "3.5", "end.Start") never does."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from database.services.moderation_rules import ModerationRules, find_links, triage

LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
TLD = st.sampled_from(["com", "org", "net", "co.uk", "de", "info", "io", "fr"])
PATH = st.one_of(
    st.just(""),
    st.text(alphabet="abcdefghij0123456789-_/=?&", min_size=1, max_size=15).map(
        lambda tail: "/" + tail
    ),
)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=10)


def links_in(text: str) -> list[str]:
    return [text[start:end] for start, end in find_links(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See example.com/x for more", ["example.com/x"]),
        ("Visit www.example.org.", ["www.example.org"]),
        ("cheap-pills.co.uk, now", ["cheap-pills.co.uk"]),
        ("EXAMPLE.COM", ["EXAMPLE.COM"]),
        ("(shop.example.de/offer?id=3)", ["shop.example.de/offer?id=3"]),
        ("casino.it/win", ["casino.it/win"]),
        ("http://a.example/x and example.net", ["http://a.example/x", "example.net"]),
    ],
)
def test_bare_domains_are_links(text: str, expected: list[str]) -> None:
    assert links_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose, e.g. bread and milk.",
        "Version 3.5 was 2.0 before; 10.25% of it.",
        "It was the end.Start again tomorrow.",
        "Done.It was fine.So what?",
        "i.e. the U.S.A. and Mr.Smith",
        "Write to editor@example.com with questions.",
        "Open config.py and readme.md, then run setup.sh",
        "Ellipsis...and more",
        "Go on.no way",
    ],
)
def test_prose_is_not_a_link(text: str) -> None:
    assert links_in(text) == []


@given(
    before=st.lists(WORD, max_size=4),
    labels=st.lists(LABEL, min_size=1, max_size=3),
    tld=TLD,
    path=PATH,
    after=st.lists(WORD, max_size=4),
    stop=st.sampled_from(["", ".", ",", "!", ")"]),
)
def test_a_bare_domain_among_words_is_found_whole(
    before: list[str], labels: list[str], tld: str, path: str, after: list[str], stop: str
) -> None:
    address = ".".join([*labels, tld]) + path
    text = " ".join([*before, address + stop, *after])
    assert links_in(text) == [address.rstrip(".,;:!?)]}")]


@given(
    st.lists(
        st.one_of(
            WORD,
            st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(0, 999)),
            st.sampled_from(["e.g.", "i.e.", "etc.", "U.S.", "a.m.", "p.m.", "No.", "Dr."]),
            st.builds(lambda a, b: f"{a}.{b.capitalize()}", WORD, WORD),  # a missing space
        ),
        max_size=12,
    )
)
def test_sentences_numbers_and_abbreviations_are_never_links(parts: list[str]) -> None:
    assert links_in(" ".join(parts)) == []


def test_the_link_rule_counts_bare_domains() -> None:
    rules = ModerationRules(link_limit=2)
    assert triage(rules, "Buy at pills.com/x and pills.net now")[1] == "2 links (limit 2)"
    assert triage(rules, "Prices rose 3.5%, e.g. bread. The end.Start")[1] is None
