"""The status list's explanation: the moves it does not offer, why, and the way there."""

from __future__ import annotations

import itertools

import pytest

from database.services.articles import (
    ALLOWED_MOVES,
    STATUS_LABELS,
    allowed_statuses,
    status_hint,
    status_moves_explained,
    status_route,
    statuses_not_offered,
)
from database.statuses import ArticleStatus


def test_a_draft_is_told_the_way_to_published() -> None:
    assert status_hint(ArticleStatus.DRAFT) == (
        "Publishing needs a review first: Draft → In review → Published"
    )
    assert status_route(ArticleStatus.DRAFT, ArticleStatus.PUBLISHED) == (
        ArticleStatus.DRAFT,
        ArticleStatus.IN_REVIEW,
        ArticleStatus.PUBLISHED,
    )


@pytest.mark.parametrize("current", list(ArticleStatus))
def test_every_route_is_made_of_allowed_moves(current: ArticleStatus) -> None:
    for target in ArticleStatus:
        route = status_route(current, target)
        assert route[0] is current and route[-1] is target
        for step, following in itertools.pairwise(route):
            assert following in ALLOWED_MOVES[step]


@pytest.mark.parametrize("current", list(ArticleStatus))
def test_the_explanation_names_every_status_not_offered(current: ArticleStatus) -> None:
    missing = statuses_not_offered(current)
    assert set(missing) == set(ArticleStatus) - set(allowed_statuses(current))
    explained = status_moves_explained(current)
    for status in missing:
        assert f"{STATUS_LABELS[status]} is not offered." in explained
    for status in ALLOWED_MOVES[current]:
        assert f"{STATUS_LABELS[status]} is not offered." not in explained
    # The one line beside the list is the first of the reasons, route and all.
    assert f"{status_hint(current)}." in explained.splitlines()[1]
