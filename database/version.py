"""The single place Copydesk's version is written down."""

__version__ = "0.1.0"
