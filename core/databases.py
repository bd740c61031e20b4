"""The database's part of a backup, engine by engine: a consistent snapshot into a file, and that
file put back. SQLite goes through its online backup API (one read transaction, so writers in WAL
mode carry on and the copy is the database as it was at one instant); PostgreSQL through
`pg_dump`/`pg_restore` in their custom format, run with the site's credentials and no shell."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (fixed argument lists, never a shell)
from pathlib import Path

from django.db import DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from .exceptions import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
FILE_NAMES = {SQLITE: "db.sqlite3", POSTGRESQL: "db.dump"}
# Rows the migrations themselves write: a database holding only these is still empty.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "django_site",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "sqlite_sequence",
}


def engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in FILE_NAMES:
        raise BackupError(
            _("Backups handle SQLite and PostgreSQL only; this site uses %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def snapshot(target, alias="default"):
    """Write the database to `target`; return the applied migrations as [app, name] pairs."""
    connection = connections[alias]
    try:
        if engine(alias) == SQLITE:
            return _sqlite_snapshot(target, connection)
        executable = _pg_program("pg_dump")
        migrations = _applied(connection)
        _run_pg(executable, ["--format=custom", "--file", str(target)], connection)
        return migrations
    except DatabaseError as error:
        raise BackupError(
            _("Cannot read the database: %(error)s. Check DATABASE_URL, then run it again.")
            % {"error": str(error).strip()}
        ) from None


def restore(source, alias="default"):
    """Replace the database's content by the snapshot at `source`, all or nothing."""
    connection = connections[alias]
    connection.close()
    if engine(alias) == SQLITE:
        _sqlite_restore(source, connection)
    else:
        name = connection.settings_dict["NAME"]
        arguments = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
        arguments += ["--single-transaction", "--dbname", name, str(source)]
        _run_pg(_pg_program("pg_restore"), arguments, connection)
    connection.close()


def is_empty(alias="default"):
    """True when no table holds a row beyond what the migrations write themselves."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor)) - BOOKKEEPING_TABLES
        for table in sorted(tables):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return False
    return True


def _applied(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _sqlite_snapshot(target, connection):
    if connection.in_atomic_block:
        # SQLite would answer "locked" forever to a backup from a connection that is writing.
        raise RuntimeError("A SQLite snapshot must be taken outside any transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # pages=-1: one step, one read transaction, hence one instant of the database.
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(
                _(
                    "The database copy fails SQLite's integrity check (%(verdict)s): the database "
                    "itself may be damaged. Run `sqlite3 FILE 'PRAGMA integrity_check'` on it."
                )
                % {"verdict": verdict}
            )
        return sorted(list(row) for row in copy.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("SQLite could not copy the database: %(error)s") % {"error": error}
        ) from None
    finally:
        copy.close()


def _sqlite_restore(source, connection):
    snapshot_db = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        # The backup API replaces the whole database in one write transaction, WAL included:
        # a reader sees the old database or the new one, never a mixture.
        snapshot_db.backup(connection.connection, pages=-1)
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("SQLite could not restore the database: %(error)s. It was left as it was.")
            % {"error": error}
        ) from None
    finally:
        snapshot_db.close()


def _pg_program(program):
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _(
                "%(program)s is not installed: install PostgreSQL's client programs "
                "(Debian: apt-get install postgresql-client), then run the command again."
            )
            % {"program": program}
        )
    return executable


def _run_pg(executable, arguments, connection):
    result = subprocess.run(  # noqa: S603
        [executable, *arguments],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed (exit code %(code)s): %(error)s")
            % {
                "program": Path(executable).name,
                "code": result.returncode,
                "error": result.stderr.strip()[-2000:],
            }
        )


def _pg_environment(connection):
    """The process environment plus the PG* variables for the site's database."""
    settings_dict = connection.settings_dict
    _args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**(env or {})}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return {**os.environ, **env}
