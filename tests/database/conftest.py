"""The data layer's tests: an engine on the test's database before any migration ran."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The test's database with no schema yet, for tests that run the migrations themselves."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()
