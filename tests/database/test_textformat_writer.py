"""What the text format's writer refuses to write: articles the format cannot carry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from database.textformat import (
    ParsedArticle,
    ParsedComment,
    check_writable,
    write_text,
)

# --- what the writer refuses -------------------------------------------------------------------

GOOD = ParsedArticle("Title", "Body.", "Bio.", (ParsedComment(("Yes.",)),))


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"title": ""}, "title is blank"),
        ({"title": "  "}, "title is blank"),
        ({"title": "One\nTwo"}, "title is more than one line"),
        ({"title": "\ufeffTitle"}, "byte-order mark"),
        ({"bio": " "}, "bio is blank"),
        ({"bio": "One\nTwo"}, "bio is more than one line"),
        ({"body": ""}, "body has no text"),
        ({"body": "\n \n"}, "body has no text"),
        ({"body": "One\r\nTwo"}, "carriage return"),
        ({"body": "One\x00"}, "NUL"),
        ({"body": "\ud800"}, "UTF-8"),
        ({"comments": (ParsedComment(()),)}, "comment 1 has no text"),
        ({"comments": (ParsedComment(("Yes.", "")),)}, "paragraph 2 of comment 1 is empty"),
        ({"comments": (ParsedComment(("A\nB",)),)}, "paragraph 1 of comment 1 is more than"),
        ({"comments": (ParsedComment.from_text("A\n\n\n\nB"),)}, "paragraph 2 of comment 1"),
    ],
)
def test_unwritable_articles(changes: dict[str, object], fragment: str) -> None:
    check_writable(GOOD)
    article = replace(GOOD, **changes)
    with pytest.raises(ValueError, match=fragment):
        check_writable(article)
    with pytest.raises(ValueError, match=fragment):
        write_text(article)
