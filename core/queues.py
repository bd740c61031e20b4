"""Rows waiting to be sent (mails, fediverse deliveries), shared by several workers."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone


@transaction.atomic
def claim_due(due, *, size, lease):
    """Take up to `size` rows of `due` (a queryset with `attempts` and `next_attempt_at`) for
    this worker: count the attempt and push the next one back by `lease`, so another worker
    skips them (and retries them if this one dies). Returns their pks, oldest due first."""
    pks = list(
        due.order_by("next_attempt_at", "pk")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:size]
    )
    due.model.objects.filter(pk__in=pks).update(
        attempts=F("attempts") + 1, next_attempt_at=timezone.now() + lease
    )
    return pks
