"""The outbox: mails are stored as deliveries, then sent in batches, retried with back-off.

Nothing here runs in a reader's request: `deliveries_queue` only writes rows and, after the
commit, queues the background task that calls `deliveries_send_due`.
"""

import logging
import smtplib
from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.queues import claim_due

from . import conf, mails
from .models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Errors about one message: the connection is still good for the next ones.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException)


def is_deliverable(address):
    """True if `address` is one e-mail address (no line breaks, no list, nothing else)."""
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def deliveries_queue(deliveries):
    """Store `deliveries` (unsaved) and send them in the background after the commit.

    Returns how many were handed over (see `deliveries_store`).
    """
    count = deliveries_store(deliveries)
    if count:
        send_soon()
    return count


def deliveries_store(deliveries):
    """Store `deliveries` (unsaved), to be sent by the next run of the sending task.

    Deliveries to an invalid address are dropped; one already stored (same kind, recipient and
    comment or post) is not stored twice. Returns how many were handed over.
    """
    deliveries = [d for d in deliveries if is_deliverable(d.recipient)]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    return len(deliveries)


def send_soon():
    """Queue the sending task once the current transaction (if any) has committed."""
    from .tasks import send_due

    transaction.on_commit(send_due.enqueue)


def deliveries_retry():
    """Periodic job: hand the deliveries whose retry time has come to the sending task."""
    if Delivery.objects.due().exists():
        send_soon()


def deliveries_send_due():
    """Send every due delivery, one SMTP connection per batch. Returns (sent, failed) counts.

    Safe to run in several workers at once: each batch is claimed before it is sent.
    """
    sent = failed = 0
    while batch := _claim_batch(conf.settings.SUBSCRIPTIONS_BATCH_SIZE):
        batch_sent, batch_failed = _send_batch(batch)
        sent += batch_sent
        failed += batch_failed
    return sent, failed


def _claim_batch(size):
    """Take up to `size` due deliveries for this worker (core.queues.claim_due), with what their
    mails show."""
    pks = claim_due(Delivery.objects.due(), size=size, lease=conf.settings.SUBSCRIPTIONS_CLAIM_LEASE)
    related = (
        "user",
        "subscription",
        "post__author",
        "comment__post__author",
        "comment__page__author",
    )
    return list(Delivery.objects.filter(pk__in=pks).select_related(*related).order_by("pk"))


def _send_batch(batch):
    """Send `batch` over one connection; record what was sent and what must be retried."""
    messages, cancelled = [], []
    for delivery in batch:
        message = mails.build(delivery)
        if message is None:
            cancelled.append(delivery.pk)
        else:
            messages.append((delivery, message))
    Delivery.objects.filter(pk__in=cancelled).update(status=DeliveryStatus.CANCELLED)
    sent, failures = _send_messages(messages)
    Delivery.objects.filter(pk__in=sent).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    _record_failures(failures)
    return len(sent), len(failures)


def _send_messages(messages):
    """Send `(delivery, message)` pairs over one SMTP connection.

    Returns the pks sent and the `(delivery, error)` pairs that failed. Each message is sent on
    its own over the open connection, so one refused recipient fails only its own delivery; a
    lost connection fails the rest of the batch, to be retried later.
    """
    sent, failures = [], []
    if not messages:
        return sent, failures
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except OSError as error:  # smtplib.SMTPException is an OSError too
        return sent, [(delivery, error) for delivery, _message in messages]
    try:
        for index, (delivery, message) in enumerate(messages):
            try:
                connection.send_messages([message])
            except MESSAGE_ERRORS as error:
                failures.append((delivery, error))
            except OSError as error:
                failures.extend((d, error) for d, _m in messages[index:])
                break
            else:
                sent.append(delivery.pk)
    finally:
        _close_quietly(connection)
    return sent, failures


def _close_quietly(connection):
    try:
        connection.close()
    except OSError as error:
        logger.info("SMTP connection closed badly: %s", error)


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt: 1, 4, 16, 64 minutes… a day."""
    delay = conf.settings.SUBSCRIPTIONS_RETRY_DELAY * 4 ** max(attempts - 1, 0)
    return min(delay, timedelta(days=1))


def _record_failures(failures):
    now = timezone.now()
    by_attempts = defaultdict(list)
    for delivery, error in failures:
        logger.warning("Mail %s to %s failed: %s", delivery.pk, delivery.recipient, error)
        by_attempts[(delivery.attempts, _describe(error))].append(delivery.pk)
    for (attempts, error), pks in by_attempts.items():
        given_up = attempts >= conf.settings.SUBSCRIPTIONS_MAX_ATTEMPTS
        Delivery.objects.filter(pk__in=pks).update(
            status=DeliveryStatus.FAILED if given_up else DeliveryStatus.QUEUED,
            next_attempt_at=now + retry_delay(attempts),
            last_error=error,
        )


def _describe(error):
    return f"{type(error).__name__}: {error}"[:1000]
