"""Alembic migrations for the laborwatch schema, run programmatically by `open_store`."""
