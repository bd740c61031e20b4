"""Spam, learned: what moderators mark as spam decides where the next comments from there go.

A comment a moderator marks as spam leaves its signs (the author's e-mail, IP address and the
hosts of its links and website) in `LearnedSpam`; a later comment with the same e-mail or IP goes
to spam, one linking to a host seen in spam waits (goes to spam once two spams linked to it).
"Not spam" deletes the signs: the lesson is always what moderators currently say.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import CommentStatus
from .spam_models import LearnedSpam, ModerationRules, SpamSign

# A host seen in this many spams sends a comment linking to it straight to spam, not to the queue.
HOST_SPAM_THRESHOLD = 2


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str


# An address written out in the text: not a link on the page, but one a reader may follow.
BARE_URL_RE = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)

    def handle_data(self, data):
        self.hrefs.extend(BARE_URL_RE.findall(data))


def host_of(url):
    """The lower-case host of `url` without "www.", or "" when it has none."""
    try:
        host = urlsplit(str(url or "").strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def link_hosts(body_html, author_url=""):
    """The hosts the comment links to (or writes out), its author's website first, each once."""
    parser = _LinkParser()
    parser.feed(body_html or "")
    hosts = [host_of(url) for url in [author_url, *parser.hrefs]]
    return list(dict.fromkeys(host for host in hosts if host))


def signs_of(*, author_email, ip_address, body_html, author_url):
    """The (sign, value) pairs by which a comment is recognised."""
    signs = [(SpamSign.HOST, host) for host in link_hosts(body_html, author_url)]
    if author_email:
        signs.insert(0, (SpamSign.EMAIL, author_email.strip().casefold()))
    if ip_address:
        signs.insert(1 if author_email else 0, (SpamSign.IP, str(ip_address)))
    return signs


def rules():
    """The moderation rules set in the admin; defaults when nobody saved any."""
    return ModerationRules.objects.order_by("pk").first() or ModerationRules()


def learned_verdict(*, fields, body_html):
    """A `Verdict` from what moderators marked as spam, or None when nothing matches."""
    signs = signs_of(
        author_email=fields.get("author_email", ""),
        ip_address=fields.get("ip_address"),
        body_html=body_html,
        author_url=fields.get("author_url", ""),
    )
    if not signs:
        return None
    matches = _matching(signs)
    for sign, reason in ((SpamSign.EMAIL, _SAME_EMAIL), (SpamSign.IP, _SAME_IP)):
        if matches.get(sign):
            return Verdict(CommentStatus.SPAM, str(reason))
    hosts = matches.get(SpamSign.HOST, {})
    if hosts:
        host, seen = max(hosts.items(), key=lambda item: item[1])
        status = CommentStatus.SPAM if seen >= HOST_SPAM_THRESHOLD else CommentStatus.PENDING
        return Verdict(status, str(_LINKED_HOST) % {"host": host})
    return None


_SAME_EMAIL = _("Same e-mail as a comment marked as spam.")
_SAME_IP = _("Same IP address as a comment marked as spam.")
_LINKED_HOST = _("Links to %(host)s, seen in comments marked as spam.")


def _wanted(signs):
    wanted = Q()
    for sign, value in signs:
        wanted |= Q(sign=sign, value=value)
    return LearnedSpam.objects.filter(wanted)


def _matching(signs):
    """{sign: {value: how many spam comments carry it}} for the given signs, in one query."""
    found = {}
    counted = (
        _wanted(signs)
        .values_list("sign", "value")
        .annotate(seen=Count("comment_id", distinct=True))
    )
    for sign, value, seen in counted.order_by():
        found.setdefault(sign, {})[value] = seen
    return found


def reasons_for(comments):
    """{comment pk: reason} for the comments whose signs match spam learned from others.

    One query for the whole list, whatever its length: the queue shows why a comment waits or
    went to spam.
    """
    signs_by_pk = {c.pk: signs_of_comment(c) for c in comments}
    every = {pair for signs in signs_by_pk.values() for pair in signs}
    if not every:
        return {}
    carriers = {}
    for sign, value, pk in _wanted(every).values_list("sign", "value", "comment_id"):
        carriers.setdefault((sign, value), set()).add(pk)
    reasons = {}
    for pk, signs in signs_by_pk.items():
        for sign, value in signs:
            if carriers.get((sign, value), set()) - {pk}:
                reasons[pk] = _reason(sign, value)
                break
    return reasons


def _reason(sign, value):
    if sign == SpamSign.EMAIL:
        return str(_SAME_EMAIL)
    if sign == SpamSign.IP:
        return str(_SAME_IP)
    return str(_LINKED_HOST) % {"host": value}


def signs_of_comment(comment):
    return signs_of(
        author_email=comment.author_email,
        ip_address=comment.ip_address,
        body_html=comment.body_html,
        author_url=comment.author_url,
    )


def learn(sender, comment, previous, moderator=None, **kwargs):
    """`comment_status_changed` listener: a moderator's "spam" teaches, leaving spam unteaches."""
    if comment.status == CommentStatus.SPAM and moderator is not None:
        with transaction.atomic():
            LearnedSpam.objects.filter(comment_id=comment.pk).delete()
            LearnedSpam.objects.bulk_create(
                LearnedSpam(comment_id=comment.pk, sign=sign, value=value[:254])
                for sign, value in signs_of_comment(comment)
            )
    elif previous == CommentStatus.SPAM and comment.status != CommentStatus.TRASH:
        # "Not spam" (approved or back to the queue) forgets; throwing a spam away does not.
        LearnedSpam.objects.filter(comment_id=comment.pk).delete()
