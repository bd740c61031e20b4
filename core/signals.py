"""Signals sent by site-wide tools, and the one way apps send theirs after a commit."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent after `manage.py restore` replaced the database and media: every cached page is stale.
site_restored = Signal()


def send_on_commit(signal, **kwargs):
    """Send `signal` once the current transaction commits (at once outside one), to every receiver.

    What was committed stays done whatever a receiver does: a receiver that fails (a mail queue
    busy, a lock wait too long) is logged and the others still run, and the caller never sees the
    error: the reader whose comment was saved is not told it failed. Receivers that must not be
    lost make their work durable themselves (a task, an outbox row).
    """
    transaction.on_commit(lambda: _send_logged(signal, kwargs))


def _send_logged(signal, kwargs):
    for receiver, result in signal.send_robust(**kwargs):
        if isinstance(result, Exception):
            logger.error(
                "%s failed after the commit: %r",
                getattr(receiver, "__qualname__", receiver),
                result,
                exc_info=result,
            )
