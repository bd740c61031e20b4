"""Plugs the blogging APIs into /xmlrpc.php: authentication, argument checks, system.multicall.

Each method is declared with the types of its arguments; the user name and password come where
WordPress puts them (see `Method.auth_at`). Every call, including each inner call of a
system.multicall, authenticates on its own and counts its failure, so a batch cannot multiply
guesses (WordPress had to fix exactly this).
"""

from dataclasses import dataclass

from core import xmlrpc

from . import conf, faults, passwords


@dataclass(frozen=True)
class Method:
    function: object
    types: tuple  # the Python types of the arguments, `object` for anything
    auth_at: int | None = None  # where the user name is; the password follows it
    optional: int = 0  # how many trailing arguments may be left out

    def __call__(self, request, params):
        params = list(params)
        if not (len(self.types) - self.optional <= len(params) <= len(self.types)):
            raise faults.invalid()
        for value, kind in zip(params, self.types, strict=False):
            if kind is not object and not _is(value, kind):
                raise faults.invalid()
        if self.auth_at is None:
            return self.function(request, *params)
        username, password = params[self.auth_at], params[self.auth_at + 1]
        user = login(request, username, password)
        rest = params[: self.auth_at] + params[self.auth_at + 2 :]
        return self.function(request, user, *rest)


def _is(value, kind):
    if kind is int:  # a blog or post id: WordPress editors send it as int or string
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and value.strip().isdigit() and len(value) < 19
        )
    return isinstance(value, kind)


def login(request, username, password):
    try:
        user = passwords.authenticate(request, username=username, password=password)
    except passwords.Throttled:
        raise faults.throttled() from None
    if user is None:
        raise faults.bad_login()
    return user


def multicall(request, calls):
    """system.multicall: each inner call answered in turn, [result] or a fault struct."""
    if len(calls) > conf.settings.PUBLISHING_MAX_MULTICALL:
        raise faults.invalid()
    results = []
    for inner in calls:
        try:
            name, params = _inner(inner)
            results.append([METHODS[name](request, params)])
        except xmlrpc.XmlRpcFault as fault:
            results.append({"faultCode": int(fault.code), "faultString": fault.message})
    return results


def _inner(inner):
    """(name, params) of one inner call; only the blogging methods can be batched."""
    if not isinstance(inner, dict):
        raise faults.invalid()
    name, params = inner.get("methodName"), inner.get("params", [])
    if not isinstance(name, str) or name not in METHODS or name == "system.multicall":
        raise faults.unknown_method()
    if not isinstance(params, list):
        raise faults.invalid()
    return name, params


METHODS = {"system.multicall": Method(multicall, (list,))}


def method(name, *types, auth_at=None, optional=0):
    """Declare `name` as served by the decorated function (see `Method`)."""

    def decorator(function):
        METHODS[name] = Method(function, types, auth_at, optional)
        return function

    return decorator


def register_all():
    from . import comments_api, metaweblog, wp_api  # noqa: F401 (they declare their methods)

    for name, served in METHODS.items():
        xmlrpc.register(name, served, max_request_bytes=max_request_bytes)


def max_request_bytes():
    return conf.settings.PUBLISHING_MAX_REQUEST_BYTES
