"""The sign-in log: every sign-in, wrong second factor and change of factors, with when, from
which address and which browser. Fed by Django's and allauth's signals (connected in apps.py)."""

from django.db import transaction

from .models import SecurityEvent, SecurityEventKind

USER_AGENT_MAX = 500


@transaction.atomic
def security_event_record(*, request, user, kind, detail=""):
    """Write one event for `user`; `request` (may be None, e.g. a command) says where from."""
    meta = request.META if request is not None else {}
    return SecurityEvent.objects.create(
        user=user,
        kind=kind,
        detail=str(detail)[:100],
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
    )


def recent_security_events(user, *, limit=20):
    """The member's latest events, newest first."""
    return list(SecurityEvent.objects.filter(user=user)[:limit])


def _sign_in_method(request, user):
    """How the sign-in was proved, from allauth's records of this session: its last step."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, user) if hasattr(request, "session") else []
    if not records:
        return ""
    last = records[-1]
    if last.get("method") == "mfa":
        return last.get("type", "")  # totp, webauthn, recovery_codes
    if last.get("method") == "socialaccount":
        return last.get("provider", "")
    return last.get("method", "")  # password


def on_signed_in(sender, *, request, user, **kwargs):
    security_event_record(
        request=request,
        user=user,
        kind=SecurityEventKind.SIGNED_IN,
        detail=_sign_in_method(request, user),
    )


def _factor_event(kind):
    """A receiver for allauth.mfa's signals that logs `kind`, with the factor's type."""

    def receiver(sender, *, request, user, authenticator=None, **kwargs):
        detail = authenticator.type if authenticator is not None else ""
        security_event_record(request=request, user=user, kind=kind, detail=detail)

    return receiver


on_factor_failed = _factor_event(SecurityEventKind.SECOND_FACTOR_FAILED)
on_factor_added = _factor_event(SecurityEventKind.FACTOR_ADDED)
on_factor_removed = _factor_event(SecurityEventKind.FACTOR_REMOVED)
on_factor_reset = _factor_event(SecurityEventKind.RECOVERY_CODES_MADE)
