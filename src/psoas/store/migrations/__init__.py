"""Alembic migrations of the psoas database (run automatically on first use)."""
