"""Production settings, tables made straight from the models (as `--no-migrations` does).

Used only to create the multi-server test's database; the servers run config.settings.prod.
"""

from config.settings.prod import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
