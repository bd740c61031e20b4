"""Sending pings: when a post is published, or its body changes, tell the sites it links to.

Everything runs in a background task queued after the commit, so publishing never waits on
another site. Every URL touched (links, redirects, discovered endpoints) goes through
core/outbound.py, under its public-address rule.
"""

import re
import xmlrpc.client
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Post
from core import outbound
from core.xmlrpc import FaultCode, XmlRpcFault

from . import conf
from .html import UnreadablePage, endpoint_in, read_page
from .models import OutboundPing, PingProtocol, PingResult
from .pingback import loads
from .receiving import HTML_TYPES, MAX_URL_LENGTH

# Links to these are files, not pages: no endpoint to discover, no request spent on them.
MEDIA_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".pdf", ".zip", ".gz",
    ".mp3", ".ogg", ".wav", ".flac", ".mp4", ".webm", ".mov", ".avi",
)  # fmt: skip
LINK_HEADER_RE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+(?:=\s*(?:\"[^\"]*\"|[^;,]*))?)*)")
REL_RE = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.I)


def on_post_changed(sender, post, **kwargs):
    """Receiver of `post_published` and `post_body_changed`: queue the pings after the commit."""
    from .tasks import send_post_pings

    transaction.on_commit(lambda: send_post_pings.enqueue(post_id=post.pk))


def send_pings(*, post_id):
    """Ping every external link of the post not pinged before; return {link: result}."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return {}
    source = settings.SITE_URL + post.get_absolute_url()
    results = {}
    for target in external_links(post.body_html, base=source):
        ping = claim(post, target)
        if ping is not None:
            send_one(ping, source)
            results[target] = ping.result
    return results


def external_links(html, *, base):
    """The http(s) links of `html` to other sites, without #parts, in order, at most PINGS_MAX_LINKS."""
    own_host = urlsplit(settings.SITE_URL).netloc.lower()
    links = []
    for href, _start, _end in read_page(html.encode(), url=base, charset="utf-8").anchors:
        link = urldefrag(href).url
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() in ("", own_host):
            continue
        if link not in links and len(link) <= MAX_URL_LENGTH:
            links.append(link)
    return links[: conf.settings.PINGS_MAX_LINKS]


def claim(post, target):
    """The new record for (post, target), or None if that link was already pinged (or is being)."""
    try:
        with transaction.atomic():
            return OutboundPing.objects.create(post=post, target=target)
    except IntegrityError:
        return None


def send_one(ping, source):
    """Discover the link's endpoint, send the ping, and record what happened on `ping`.

    Whatever the peer answers, the outcome is recorded and nothing is raised, so one hostile
    peer never stops the pings to the post's other links.
    """
    try:
        protocol, endpoint = discover(ping.target)
        if len(endpoint) > MAX_URL_LENGTH or not endpoint.isprintable():
            raise outbound.Refused("unusable endpoint URL")
        ping.protocol, ping.endpoint = protocol, endpoint
        if ping.protocol == PingProtocol.WEBMENTION:
            ping.result, ping.detail = send_webmention(ping.endpoint, source, ping.target)
        elif ping.protocol == PingProtocol.PINGBACK:
            ping.result, ping.detail = send_pingback(ping.endpoint, source, ping.target)
        else:
            ping.result = PingResult.NO_ENDPOINT
    except (outbound.FetchFailed, UnreadablePage) as error:
        ping.result, ping.detail = PingResult.FAILED, str(error)[:300]
    ping.pinged_at = timezone.now()
    ping.save()


def discover(target):
    """(protocol, endpoint) advertised by `target`: Webmention preferred, then Pingback."""
    if urlsplit(target).path.lower().endswith(MEDIA_SUFFIXES):
        return PingProtocol.NONE, ""
    timeout = conf.settings.PINGS_DISCOVERY_TIMEOUT
    head = outbound.fetch(target, method="HEAD", timeout=timeout)
    endpoint = link_header(head, "webmention")
    if endpoint:
        return PingProtocol.WEBMENTION, endpoint
    if 200 <= head.status < 300 and head.content_type not in HTML_TYPES:
        return _pingback_header(head)
    page = outbound.fetch(target, timeout=timeout)
    endpoint = link_header(page, "webmention")
    if endpoint:
        return PingProtocol.WEBMENTION, endpoint
    reader = None
    if 200 <= page.status < 300 and page.content_type in HTML_TYPES:
        reader = read_page(page.body, url=page.url, charset=page.charset)
        endpoint = endpoint_in(reader, "webmention")
        if endpoint:
            return PingProtocol.WEBMENTION, endpoint
    protocol, endpoint = _pingback_header(page)
    if not endpoint and reader is not None:
        endpoint = endpoint_in(reader, "pingback", tags=("link",))
    return (PingProtocol.PINGBACK, endpoint) if endpoint else (PingProtocol.NONE, "")


def _pingback_header(response):
    endpoint = (response.headers.get("X-Pingback") or "").strip()
    if not endpoint:
        return PingProtocol.NONE, ""
    return PingProtocol.PINGBACK, urljoin(response.url, endpoint)


def link_header(response, rel):
    """The first URL of the response's Link headers with `rel`, made absolute, or None."""
    for value in response.headers.get_all("Link") or []:
        for url, params in LINK_HEADER_RE.findall(value):
            for quoted, bare in REL_RE.findall(params):
                if rel in (quoted or bare).lower().split():
                    return urljoin(response.url, url.strip())
    return None


def send_webmention(endpoint, source, target):
    """POST the webmention; any 2xx (201, 202 in practice) means the receiver accepted it."""
    response = outbound.fetch(
        endpoint,
        method="POST",
        data=urlencode({"source": source, "target": target}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    if 200 <= response.status < 300:
        return PingResult.SENT, f"HTTP {response.status}"
    return PingResult.REJECTED, f"HTTP {response.status}"


def send_pingback(endpoint, source, target):
    """Call pingback.ping on `endpoint`; its answer is parsed as safely as the requests we get."""
    call = xmlrpc.client.dumps((source, target), "pingback.ping", encoding="utf-8")
    response = outbound.fetch(
        endpoint,
        method="POST",
        data=call.encode(),
        headers={"Content-Type": "text/xml; charset=utf-8"},
        follow_redirects=False,
    )
    if response.status != 200:
        return PingResult.REJECTED, f"HTTP {response.status}"
    try:
        loads(response.body)
    except xmlrpc.client.Fault as fault:
        if fault.faultCode == FaultCode.ALREADY_REGISTERED:
            return PingResult.SENT, f"{fault.faultCode}: {fault.faultString}"[:300]
        return PingResult.REJECTED, f"{fault.faultCode}: {fault.faultString}"[:300]
    except XmlRpcFault:
        return PingResult.FAILED, "unreadable XML-RPC answer"
    return PingResult.SENT, "pingback.ping"
