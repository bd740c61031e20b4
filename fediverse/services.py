"""Writes on the fediverse's own rows that other code (the admin) asks for."""

from django.db import transaction
from django.db.models import Q

from .models import Follower, Reaction
from .remote import blocked_actors


@transaction.atomic
def domain_block_apply(*, block):
    """Remove the followers and reactions of the instance `block` names (and its subdomains).

    Returns how many followers were removed. Their later activities are refused at the inbox.
    """
    uris = list(
        blocked_actors()
        .filter(Q(domain=block.domain) | Q(domain__endswith=f".{block.domain}"))
        .values_list("uri", flat=True)
    )
    Reaction.objects.filter(actor_uri__in=uris).delete()
    removed, _detail = Follower.objects.filter(actor__uri__in=uris).delete()
    return removed
