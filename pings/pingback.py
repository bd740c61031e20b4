"""The XML-RPC endpoint at /xmlrpc.php: Pingback 1.0, and the methods other apps register.

Three methods of its own: `pingback.ping`, `pingback.extensions.getPingbacks`,
`system.listMethods`; nothing here takes a password. Other apps (the blogging APIs of
`publishing`) add theirs with `core.xmlrpc.register()`: those check their own credentials and
limits, so they are not counted against the pings' per-address limit. Requests are
parsed with defusedxml (no DTD, no entities, no external references), with a nesting limit and
short numbers only, so a hostile document costs bounded time and memory.
"""

import logging
import xmlrpc.client
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from blog.models import Post
from comments.models import Comment, CommentKind
from core.xmlrpc import (
    EXTENSIONS,
    EXTENSIONS_LIMITS,
    OWN_METHODS,
    FaultCode,
    XmlRpcFault,
    method_names,
)

from . import conf, receiving

logger = logging.getLogger(__name__)
MAX_NUMBER_LENGTH = 32  # Characters of an <int>/<double>: no real number needs more.
NUMBER_TAGS = {"int", "i4", "i8", "double"}
NOT_XMLRPC = gettext_lazy("The request is not acceptable XML-RPC.")


FAULTS = {
    receiving.SameURL: FaultCode.GENERIC,
    receiving.InvalidSource: FaultCode.SOURCE_NOT_FOUND,
    receiving.SourceUnreachable: FaultCode.SOURCE_NOT_FOUND,
    receiving.NoLink: FaultCode.NO_LINK,
    receiving.InvalidTarget: FaultCode.TARGET_NOT_ALLOWED,
    receiving.NoSuchPost: FaultCode.TARGET_NOT_FOUND,
    receiving.PingsClosed: FaultCode.TARGET_NOT_ALLOWED,
    receiving.AlreadyRegistered: FaultCode.ALREADY_REGISTERED,
    receiving.TooManyPings: FaultCode.ACCESS_DENIED,
}


class XMLLimitError(Exception):
    """The document is valid XML but breaks one of our limits."""


class GuardedTarget:
    """Passes parser events to xmlrpc's Unmarshaller, refusing deep nesting and long numbers."""

    def __init__(self, unmarshaller, max_depth):
        self.unmarshaller, self.max_depth = unmarshaller, max_depth
        self.depth = 0  # `tag` and `length` are set by start(): no text comes before the root

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > self.max_depth:
            raise XMLLimitError("nesting too deep")
        self.tag, self.length = tag, 0
        self.unmarshaller.start(tag, attrs)

    def data(self, text):
        self.length += len(text)
        if self.tag in NUMBER_TAGS and self.length > MAX_NUMBER_LENGTH:
            raise XMLLimitError("number too long")
        self.unmarshaller.data(text)

    def end(self, tag):
        self.depth -= 1
        self.tag = None
        self.unmarshaller.end(tag)

    def close(self):
        return self.unmarshaller.close()


def loads(data):
    """Parse an XML-RPC call or response safely: (params, method name or None).

    Raises `XmlRpcFault(PARSE_ERROR)` for anything refused; a fault response raises xmlrpc's `Fault`.
    """
    unmarshaller = xmlrpc.client.Unmarshaller()
    unmarshaller.xml(None, None)  # the parser hands over text already decoded, as xmlrpc's does
    target = GuardedTarget(unmarshaller, conf.settings.PINGS_MAX_XML_DEPTH)
    parser = DefusedXMLParser(
        target=target,
        forbid_dtd=True,
        # Only a DTD can declare entities, so these two repeat the rule above (and the defaults):
        forbid_entities=True,  # pragma: no mutate
        forbid_external=True,  # pragma: no mutate
    )
    try:
        parser.feed(data)
        params = parser.close()
    except (DefusedXmlException, ParseError, XMLLimitError, xmlrpc.client.ResponseError) as error:
        raise XmlRpcFault(FaultCode.PARSE_ERROR, NOT_XMLRPC) from error
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as error:
        raise XmlRpcFault(FaultCode.PARSE_ERROR, NOT_XMLRPC) from error
    except LookupError as error:  # a declared encoding that is unknown or not text (rot13, zlib)
        raise XmlRpcFault(FaultCode.PARSE_ERROR, NOT_XMLRPC) from error
    return params, unmarshaller.getmethodname()


def parse_call(data):
    """(params, method) of an XML-RPC call; a posted response (even a fault) is refused too."""
    try:
        params, method = loads(data)
    except xmlrpc.client.Fault as error:
        raise XmlRpcFault(FaultCode.INVALID_REQUEST, _("Expected a method call.")) from error
    if method is None:
        raise XmlRpcFault(FaultCode.INVALID_REQUEST, _("Expected a method call."))
    return params, method


@csrf_exempt
def xmlrpc_view(request):
    """The endpoint: POST an XML-RPC call, get an XML-RPC response (faults included)."""
    if request.method != "POST":
        explanation = _(
            "This is Carnet's XML-RPC address, for pingbacks between blogs. "
            "It only accepts POST requests from blog software."
        )
        response = HttpResponse(explanation, status=405, content_type="text/plain; charset=utf-8")
        response["Allow"] = "POST"
        return response
    if receiving.request_too_large(
        request, limit=max((limit() for limit in EXTENSIONS_LIMITS), default=0)
    ):
        return _too_large()
    ip_address = request.META.get("REMOTE_ADDR")
    try:
        try:
            # read(), not .body: the cap checked above replaces DATA_UPLOAD_MAX_MEMORY_SIZE here
            params, method = parse_call(request.read())
        except XmlRpcFault:
            if receiving.request_too_large(request):
                return _too_large()
            receiving.count_against_limits(ip_address=ip_address)
            raise
        if method not in EXTENSIONS:
            if receiving.request_too_large(request):
                return _too_large()
            receiving.count_against_limits(ip_address=ip_address)
        result = call(request, method, params)
        payload = xmlrpc.client.dumps((result,), methodresponse=True, encoding="utf-8")
    except XmlRpcFault as fault:
        payload = dumps_fault(fault.code, fault.message)
    except receiving.PingRejected as error:
        payload = dumps_fault(FAULTS.get(type(error), FaultCode.GENERIC), error.message)
    return HttpResponse(payload, content_type="text/xml; charset=utf-8")


def _too_large():
    return HttpResponse(
        _("Request too large."), status=413, content_type="text/plain; charset=utf-8"
    )


def dumps_fault(code, message):
    # A Fault is always dumped as a method response, and in UTF-8 unless told otherwise.
    return xmlrpc.client.dumps(xmlrpc.client.Fault(int(code), str(message)))


def call(request, method, params):
    """Run `method` with `params`, checked against what the method takes."""
    if method in EXTENSIONS:
        return EXTENSIONS[method](request, params)
    if method not in METHODS:
        raise XmlRpcFault(FaultCode.METHOD_NOT_FOUND, _("Unknown method."))
    function, arity = METHODS[method]
    if len(params) != arity or not all(isinstance(p, str) for p in params):
        raise XmlRpcFault(FaultCode.INVALID_PARAMS, _("Wrong parameters for this method."))
    return function(request, *params)


def ping(request, source, target):
    """pingback.ping: check in the order Pingback 1.0 implies; fetch the source last.

    The source is checked at once when one of the PINGS_VERIFY_IN_FLIGHT shared slots is free
    and it answers within PINGS_VERIFY_INLINE_SECONDS (faults 16 and 17 as the spec says);
    otherwise the background task worker checks it and the answer says the ping awaits that.
    """
    receiving.check_urls(source, target)
    post = receiving.post_for_target(target, request=request)
    if receiving.registered(post, source, CommentKind.PINGBACK).exists():
        raise receiving.AlreadyRegistered
    receiving.count_against_limits(source=source)
    sender = {
        "ip_address": request.META.get("REMOTE_ADDR"),
        "user_agent": request.headers.get("User-Agent", ""),  # cut to 500 by comment_create
    }
    with receiving.verification_slot() as verifying:
        page = _verify_inline(source, target) if verifying else None
    names = {"source": source, "target": target}
    if page is None:
        from .tasks import verify_pingback

        verify_pingback.enqueue(post_id=post.pk, source=source, target=target, **sender)
        return _("Pingback from %(source)s to %(target)s received: it will be verified.") % names
    receiving.store_ping(post=post, source=source, page=page, kind=CommentKind.PINGBACK, **sender)
    return _("Pingback from %(source)s to %(target)s registered. Thank you!") % names


def _verify_inline(source, target):
    """The source's page, or None when it is too slow to be checked inside a web request."""
    try:
        timeout = conf.settings.PINGS_VERIFY_INLINE_SECONDS
        return receiving.verify_source(source, target, timeout=timeout)
    except receiving.SourceTooSlow:
        return None


def verify_later(*, post_id, source, target, ip_address=None, user_agent=""):
    """The background half of a pingback not checked at once: fetch the source (with the full
    OUTBOUND_FETCH_TIMEOUT), store the pingback if it links to the post, else drop it quietly."""
    post = Post.objects.published().filter(pk=post_id, pings_open=True).first()
    if post is None or receiving.registered(post, source, CommentKind.PINGBACK).exists():
        return "ignored"
    try:
        page = receiving.verify_source(source, target)
        receiving.store_ping(
            post=post,
            source=source,
            page=page,
            kind=CommentKind.PINGBACK,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    except receiving.PingRejected as error:
        logger.info("Pingback from %s not stored: %s", source, error)
        return "ignored"
    return "stored"


def get_pingbacks(request, url):
    """pingback.extensions.getPingbacks: the sources of the post's approved pingbacks."""
    post = receiving.post_for_target(url, request=request)
    approved = Comment.objects.public().filter(post=post, kind=CommentKind.PINGBACK)
    return list(approved.order_by("created_at").values_list("author_url", flat=True))


def list_methods(request):
    return method_names()


METHODS = {
    "pingback.ping": (ping, 2),
    "pingback.extensions.getPingbacks": (get_pingbacks, 1),
    "system.listMethods": (list_methods, 0),
}
OWN_METHODS.update(METHODS)


def advertise(response, *, request, post):
    """Add the X-Pingback and webmention Link headers to a post page whose pings are open."""
    if post.pings_open:
        response["X-Pingback"] = request.build_absolute_uri(reverse("xmlrpc"))
        webmention = request.build_absolute_uri(reverse("webmention"))
        links = [response.get("Link"), f'<{webmention}>; rel="webmention"']
        response["Link"] = ", ".join(link for link in links if link)
    return response
