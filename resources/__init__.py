"""Package data: icons, styles and the sample articles shipped with Copydesk."""

from importlib.resources import files
from pathlib import Path


def samples_folder() -> Path:
    """The folder holding the sample articles, wherever the package is installed."""
    return Path(str(files(__package__) / "samples"))
