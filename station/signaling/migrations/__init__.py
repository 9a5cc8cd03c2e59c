"""The registry's schema migrations (Alembic), shipped with the service.

Run by :meth:`station.signaling.registry.Registry.open` at every start: a fresh database is
created at the newest revision, an older one is upgraded in one transaction. On PostgreSQL
an advisory lock lets only one node of a cluster migrate at a time.
"""
