"""Choices a person makes about an import or an export, shared by the services, the command
line and the window. Plain enums, so that the command line can offer them without loading the
services (and SQLAlchemy) first."""

import enum


class ConflictPolicy(enum.StrEnum):
    """What to do with a file whose title matches an article but whose body differs."""

    REPORT = "report"
    REPLACE = "replace"
    DUPLICATE = "duplicate"


class CommentSelection(enum.StrEnum):
    """Which comments an export writes."""

    APPROVED = "approved"
    ALL = "all"
