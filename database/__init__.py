"""Everything below the GUI: models, migrations, services, the text format, search.

Nothing in this package imports Qt.
"""

from database.version import __version__

__all__ = ["__version__"]
