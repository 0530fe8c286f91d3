"""Shared fixtures; the database fixtures live in tests/db_fixtures.py."""
from engine.registry import load_regulations

pytest_plugins = ["tests.db_fixtures"]

# The engine knows only the regulations registered: the suite runs those the app registers by default.
load_regulations(["processes.measures", "processes.risk_points", "processes.info_network"])
