"""The method registry of /xmlrpc.php, shared by the app that serves the endpoint (pings) and
the apps that add methods to it (the blogging APIs of `publishing`), so neither imports the other.
"""

from enum import IntEnum


class FaultCode(IntEnum):
    """Pingback 1.0's fault codes, then the XML-RPC interoperability ones."""

    GENERIC = 0
    SOURCE_NOT_FOUND = 16
    NO_LINK = 17
    TARGET_NOT_FOUND = 32
    TARGET_NOT_ALLOWED = 33
    ALREADY_REGISTERED = 48
    ACCESS_DENIED = 49
    UPSTREAM_ERROR = 50
    PARSE_ERROR = -32700
    INVALID_REQUEST = -32600
    METHOD_NOT_FOUND = -32601
    INVALID_PARAMS = -32602


class XmlRpcFault(Exception):  # noqa: N818 (an XML-RPC fault, named as xmlrpc.client does)
    """Raised by a method to answer an XML-RPC fault `code` with `message` (said to the caller)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, str(message)


# Methods registered by other apps: name -> function(request, params), which checks its params.
EXTENSIONS = {}
EXTENSIONS_LIMITS = set()
# The endpoint's own methods (which take no password), named by the app that serves it.
OWN_METHODS = set()


def register(name, function, *, max_request_bytes=None):
    """Serve `name` at /xmlrpc.php with `function(request, params)`; raise `XmlRpcFault` to
    answer a fault. `max_request_bytes()`, when given, says how large a request may be read for
    the registered methods (the pings' own methods keep PINGS_MAX_REQUEST_BYTES)."""
    EXTENSIONS[name] = function
    if max_request_bytes is not None:
        EXTENSIONS_LIMITS.add(max_request_bytes)


def method_names():
    """Every method /xmlrpc.php serves, sorted: the endpoint's own and those registered."""
    return sorted([*OWN_METHODS, *EXTENSIONS])
