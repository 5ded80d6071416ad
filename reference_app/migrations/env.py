"""Alembic's environment: the app runs its migrations itself (`migrate.py`), on a connection it
opened, so there is no alembic.ini and no URL here."""

from alembic import context
from sqlmodel import SQLModel

from reference_app import models  # noqa: F401 - registers every table on the metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite changes a table only by copying it: Alembic's batch mode does that copy for us.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
