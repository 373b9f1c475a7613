"""Splitting long id lists so that `IN (...)` stays under every database's parameter limit."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# SQLite before 3.32 allowed 999 bound parameters; staying under it costs nothing measurable.
CHUNK_SIZE = 900


def chunked(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
