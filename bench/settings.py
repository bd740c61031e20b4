"""Benchmark settings: what `make run` ships (config.settings.dev), plus the constant view.

Everything the bench writes (SQLite file, file cache, secret key) lives under bench/out/ so a run
never touches var/. `BENCH_VAR_DIR` chooses another place; `DATABASE_URL` selects PostgreSQL.
"""

import os
from pathlib import Path

_OUT = Path(__file__).resolve().parent / "out"
os.environ["CARNET_VAR_DIR"] = os.environ.get("BENCH_VAR_DIR", str(_OUT / "var"))

from config.settings.dev import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
# The bench drives the site over plain HTTP on loopback, under whatever host wrk sends.
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}


class _NoMigrations(dict):
    """Tables straight from the models, as the tests make them (`--no-migrations`)."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


if os.environ.get("BENCH_MIGRATIONS", "0") != "1":
    MIGRATION_MODULES = _NoMigrations()

# Hashed static files collected apart from `make run`'s, so a bench never disturbs a running site.
STATIC_ROOT = _OUT / "static"

# BENCH_PAGE_CACHE=0: every page rendered, as a logged-in member gets it (issue 9, target 2).
PAGE_CACHE_ENABLED = os.environ.get("BENCH_PAGE_CACHE", "1") == "1"

# BENCH_STATS=0: statistics off (bench/stats.py compares both).
STATS_ENABLED = os.environ.get("BENCH_STATS", "1") == "1"
# Every bench reader comes from 127.0.0.1: lift the per-address limit so each beacon takes the
# full counting path (the costliest case) instead of the cheap refusal.
STATS_ADDRESS_LIMIT = 10**9
