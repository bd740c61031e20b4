"""Serialising writes to comment trees, which django-mptt does not do by itself.

django-mptt renumbers `lft`/`rght` of a whole tree on every insertion or deletion, reading the
numbers first: two writers on the same tree at once corrupt it. So every tree write runs inside
`atomic_tree_write(post)`:

- SQLite: transactions are IMMEDIATE (config/settings/base.py), so a write transaction already
  excludes every other writer, in every process; nothing more is needed.
- PostgreSQL: `SELECT ... FOR NO KEY UPDATE` on the post's row serialises writers of its trees.
  A new thread (root comment) also takes a transaction-level advisory lock, because its `tree_id`
  is `max(tree_id) + 1` over the whole table, shared by every post. Order: new-tree lock, post
  row, then the commenter's address (comments.services._refuse_flood): never the reverse.

Waiting is bounded (COMMENTS_LOCK_TIMEOUT_SECONDS, and SQLite's busy timeout); a write that cannot
get its lock in time raises `Busy` (a 503 for the reader) instead of a database error.
"""

import contextlib

from django.db import OperationalError, connection, transaction

from . import conf
from .exceptions import Busy

# Any fixed 64-bit number, unique to this lock among the project's advisory locks.
NEW_TREE_LOCK_ID = 0x636F6D6D656E74  # "comment"
PG_LOCK_ERRORS = {"55P03", "40P01"}  # lock_not_available, deadlock_detected


def lock_post_trees(post, *, new_tree=False):
    """Inside a transaction: wait for the right to write `post`'s (or a page's) comment trees."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        _bound_lock_wait(cursor)
        if new_tree:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_TREE_LOCK_ID])
    # NO KEY UPDATE: excludes the other comment writers, not rows that merely reference the post.
    rows = type(post).objects.select_for_update(no_key=True).filter(pk=post.pk)
    list(rows.values_list("pk", flat=True))


def lock_address(ip_address):
    """Inside a transaction: serialise the writers from one IP address, whatever the post (on
    PostgreSQL; SQLite's write transactions are serial already), so the flood limit holds."""
    if connection.vendor == "postgresql" and ip_address:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"ip:{ip_address}"])


def lock_all_trees():
    """Inside a transaction: exclude every comment writer (for a whole-table repair)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _bound_lock_wait(cursor)
            cursor.execute("LOCK TABLE comments_comment IN SHARE ROW EXCLUSIVE MODE")


def _bound_lock_wait(cursor):
    timeout_ms = int(conf.settings.COMMENTS_LOCK_TIMEOUT_SECONDS * 1000)
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{timeout_ms}ms"])


def is_lock_timeout(error):
    """Whether an OperationalError means "the lock was busy too long" rather than a real fault."""
    if connection.vendor == "sqlite":
        return "locked" in str(error)
    return getattr(error.__cause__, "sqlstate", None) in PG_LOCK_ERRORS


@contextlib.contextmanager
def busy_as_503():
    """Turn a lock timeout raised inside the block into `Busy`; let other errors through."""
    try:
        yield
    except OperationalError as error:
        if not is_lock_timeout(error):
            raise
        raise Busy from error


@contextlib.contextmanager
def atomic_tree_write(post, *, new_tree=False):
    """`transaction.atomic()` holding `post`'s tree lock; lock timeouts become `Busy`."""
    with busy_as_503(), transaction.atomic():
        lock_post_trees(post, new_tree=new_tree)
        yield


@contextlib.contextmanager
def atomic_all_trees():
    """`transaction.atomic()` excluding every comment writer; lock timeouts become `Busy`."""
    with busy_as_503(), transaction.atomic():
        lock_all_trees()
        yield
