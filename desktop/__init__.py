"""The Copydesk Qt application. It reaches data only through `database.services`."""
