"""Remote actors, fetched through the one safe fetcher and kept for FEDIVERSE_ACTOR_CACHE_SECONDS."""

import json
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

from django.db.models import Q
from django.utils import timezone

from core import outbound

from . import conf
from .models import DomainBlock, RemoteActor

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


class RemoteError(Exception):
    """The remote document could not be had or did not say what it must; the message says why."""


def domain_of(url):
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def origin_of(url):
    """Scheme and host:port of `url`: what a document fetched there may speak for."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc.lower()}"


def is_blocked(domain):
    """Whether `domain` or any domain above it is in the block list."""
    if not domain:
        return True
    parts = domain.split(".")
    candidates = [".".join(parts[index:]) for index in range(len(parts))]
    return DomainBlock.objects.filter(domain__in=candidates).exists()


def fetch_json(url):
    """The JSON document at `url`, asked for as ActivityPub; raises `RemoteError`."""
    try:
        response = outbound.fetch(
            url,
            headers={"Accept": ACCEPT},
            timeout=conf.settings.FEDIVERSE_FETCH_TIMEOUT,
            max_bytes=conf.settings.FEDIVERSE_MAX_ACTIVITY_BYTES,
        )
    except outbound.FetchFailed as error:
        raise RemoteError(str(error)) from error
    if response.status != 200:
        raise RemoteError(f"answered {response.status}")
    if origin_of(response.url) != origin_of(url):
        raise RemoteError("redirected to another server")
    try:
        document = json.loads(response.body)
    except ValueError as error:
        raise RemoteError("not JSON") from error
    if not isinstance(document, dict):
        raise RemoteError("not a JSON object")
    return document


def actor_for_key(key_id, *, refresh=False):
    """The `RemoteActor` owning `key_id`, from the database while fresh, else fetched."""
    fresh_since = timezone.now() - timedelta(seconds=conf.settings.FEDIVERSE_ACTOR_CACHE_SECONDS)
    if not refresh:
        known = RemoteActor.objects.filter(key_id=key_id, fetched_at__gte=fresh_since).first()
        if known is not None:
            return known
    document = fetch_json(urldefrag(key_id).url)
    if document.get("type") == "Key" or "owner" in document and "publicKeyPem" in document:
        document = fetch_json(_text(document.get("owner")))
    if origin_of(_text(document.get("id"))) != origin_of(key_id):
        raise RemoteError("the actor is not on the key's server")
    actor = actor_store(document)
    if actor.key_id != key_id:
        raise RemoteError("the actor does not own this key")
    return actor


def actor_store(document):
    """Store (or refresh) the actor `document` describes; raises `RemoteError` if incomplete."""
    uri, key = _text(document.get("id")), document.get("publicKey")
    if isinstance(key, list):
        key = key[0] if key else None
    if not isinstance(key, dict) or _text(key.get("owner")) != uri:
        raise RemoteError("the actor's key is missing or not its own")
    if origin_of(_text(key.get("id"))) != origin_of(uri):
        raise RemoteError("the actor's key is on another server")
    inbox = _text(document.get("inbox"))
    if not uri or not inbox or not key.get("publicKeyPem"):
        raise RemoteError("the actor has no id, inbox or key")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    username = _text(document.get("preferredUsername"))
    values = {
        "domain": domain_of(uri),
        "key_id": _text(key.get("id")),
        "public_pem": _text(key.get("publicKeyPem")),
        "inbox": inbox,
        "shared_inbox": _text(endpoints.get("sharedInbox")),
        "name": (_text(document.get("name")) or username)[:200],
        "handle": f"@{username}@{domain_of(uri)}"[:300] if username else "",
        "url": _link(document.get("url")) or uri,
        "icon_url": _link(document.get("icon")),
        "fetched_at": timezone.now(),
    }
    actor, _created = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    return actor


def _text(value):
    return value.strip()[:500] if isinstance(value, str) else ""


def _link(value):
    """The first http(s) address in an ActivityStreams link (a string, an object, a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("href")
        if isinstance(value, (list, dict)):
            return _link(value)
    text = _text(value)
    return text if text.startswith(("https://", "http://")) else ""


def blocked_actors():
    """Remote actors on blocked instances (or their subdomains)."""
    condition = Q(pk__in=[])
    for domain in DomainBlock.objects.values_list("domain", flat=True):
        condition |= Q(domain=domain) | Q(domain__endswith=f".{domain}")
    return RemoteActor.objects.filter(condition)
