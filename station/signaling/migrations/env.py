"""Alembic's environment: always on the connection the service hands over (never a URL here,
so no password is ever in a file)."""

from __future__ import annotations

from alembic import context

from station.signaling.registry_schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
