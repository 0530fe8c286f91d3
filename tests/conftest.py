"""Shared fixtures; the database fixtures live in tests/db_fixtures.py."""
pytest_plugins = ["tests.db_fixtures"]
