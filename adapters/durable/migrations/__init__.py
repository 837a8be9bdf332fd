"""Alembic's script directory for the durable tables (``env.py``, ``versions/``), shipped in the package."""
