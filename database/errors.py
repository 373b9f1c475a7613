"""Errors the data layer raises for a person to read: each message says what and where."""


class CopydeskError(Exception):
    """Base of every error whose message is meant for the user."""


class DatabaseError(CopydeskError):
    """The database cannot be opened or used; the message says why."""


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer Copydesk; it is left untouched."""


class NotCopydeskDatabaseError(DatabaseError):
    """The file or schema belongs to another application; it is left untouched."""


class BackupError(DatabaseError):
    """A backup could not be written or checked, or a copy cannot be restored."""


class NotFoundError(CopydeskError):
    """A record asked for by id does not exist (any more)."""


class ValidationError(CopydeskError):
    """Input a service refuses; `field` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleVersionError(CopydeskError):
    """A save was based on a version of a record that someone else has since replaced."""
