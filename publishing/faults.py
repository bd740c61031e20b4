"""Faults of the blogging APIs, with WordPress's codes and French messages."""

from enum import IntEnum

from django.utils.translation import gettext as _

from core.xmlrpc import FaultCode, XmlRpcFault


class Code(IntEnum):
    """WordPress's XML-RPC fault codes (its class-wp-xmlrpc-server.php)."""

    INVALID = 400
    NOT_ALLOWED = 401
    BAD_LOGIN = 403
    NOT_FOUND = 404
    INVALID_TAXONOMY = 403
    THROTTLED = 429
    SERVER = 500


def fault(code, message):
    return XmlRpcFault(code, message)


def bad_login():
    return fault(
        Code.BAD_LOGIN,
        _(
            "Incorrect user name or application password. Create an application password "
            "on your account page: your main password is not accepted here."
        ),
    )


def throttled():
    return fault(Code.THROTTLED, _("Too many failed attempts. Try again in a few minutes."))


def not_allowed():
    return fault(Code.NOT_ALLOWED, _("Sorry, you are not allowed to do that."))


def not_found():
    return fault(Code.NOT_FOUND, _("Invalid post ID."))


def invalid(message=None):
    return fault(Code.INVALID, message or _("Wrong parameters for this method."))


def unknown_method():
    return fault(FaultCode.METHOD_NOT_FOUND, _("Unknown method."))
