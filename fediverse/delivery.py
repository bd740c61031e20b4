"""Outgoing activities: stored as one delivery per inbox, posted signed by the task worker,
retried with back-off; one failing server never holds the others back."""

import json
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core import outbound
from core.queues import claim_due

from . import conf
from .documents import key_id
from .keys import private_key
from .models import Delivery, DeliveryStatus, Follower
from .signatures import sign_request

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/activity+json"
# A lease on a claimed delivery, so another worker skips it (and retries it if this one dies).
CLAIM_LEASE = timedelta(minutes=5)


def follower_inboxes(usernames):
    """The inboxes of everyone following any of `usernames`, a shared inbox once per server."""
    followers = Follower.objects.filter(username__in=usernames).select_related("actor")
    return sorted({follow.actor.delivery_inbox for follow in followers})


def deliveries_queue(*, username, activity, inboxes):
    """Store `activity` by `username` for each of `inboxes` and send them after the commit."""
    deliveries = [
        Delivery(inbox=inbox, username=username, activity=activity) for inbox in set(inboxes)
    ]
    Delivery.objects.bulk_create(deliveries)
    if deliveries:
        send_soon()
    return len(deliveries)


def send_soon():
    from .tasks import deliver_due

    transaction.on_commit(deliver_due.enqueue)


def deliveries_retry():
    """Periodic job: hand the deliveries whose retry time has come to the task worker."""
    if Delivery.objects.due().exists():
        send_soon()


def deliveries_send_due():
    """Post every due delivery, each on its own; returns (sent, failed) counts."""
    sent = failed = 0
    while batch := _claim_batch(50):
        for delivery in batch:
            if _send(delivery):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _claim_batch(size):
    pks = claim_due(Delivery.objects.due(), size=size, lease=CLAIM_LEASE)
    return list(Delivery.objects.filter(pk__in=pks).order_by("pk"))


def _send(delivery):
    """Post one delivery; record success, or the error and the time of the next attempt."""
    body = json.dumps(delivery.activity).encode()
    headers = sign_request(
        method="POST",
        url=delivery.inbox,
        body=body,
        key_id=key_id(delivery.username),
        private_key=private_key(delivery.username),
    )
    try:
        response = outbound.fetch(
            delivery.inbox,
            method="POST",
            data=body,
            headers={**headers, "Content-Type": CONTENT_TYPE, "Accept": CONTENT_TYPE},
            timeout=conf.settings.FEDIVERSE_FETCH_TIMEOUT,
            max_bytes=64 * 1024,
        )
        error = "" if 200 <= response.status < 300 else f"answered {response.status}"
    except outbound.FetchFailed as failure:
        error = f"{type(failure).__name__}: {failure}"
    if not error:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, last_error="")
        return True
    logger.warning("Delivery %s to %s failed: %s", delivery.pk, delivery.inbox, error)
    given_up = delivery.attempts >= conf.settings.FEDIVERSE_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if given_up else DeliveryStatus.QUEUED,
        next_attempt_at=timezone.now() + retry_delay(delivery.attempts),
        last_error=error[:1000],
    )
    return False


def retry_delay(attempts):
    """The wait after the `attempts`-th failure: 1, 2, 4, 8… minutes, at most a day."""
    delay = timedelta(seconds=conf.settings.FEDIVERSE_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, timedelta(days=1))
