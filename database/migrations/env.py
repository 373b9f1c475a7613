"""Alembic environment: always run on a connection handed over by database.migrate."""

from alembic import context

from database.migrate import include_object
from database.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Copydesk's migrations run through database.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
