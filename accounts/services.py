"""Members (readers with an account): what they are called, their picture, leaving the site,
and the reset of their second factors."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import conf
from .models import SecurityEventKind
from .security_log import security_event_record
from .signals import member_leaving


def member_display_name(user):
    """The name a member's comments are signed with: the provider's display name, or theirs."""
    return user.get_full_name() or user.get_username()


def member_social_accounts(user):
    """The member's provider accounts, the most recently used first."""
    return SocialAccount.objects.filter(user=user).order_by("-last_login", "-pk")


def email_is_taken(email):
    """True when an account (by its user e-mail or one of its addresses) already has `email`."""
    if not email:
        return False
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def member_logged_in(*, user, account):
    """After a provider login: fetch their picture there once (not again at later logins)."""
    from django.core.files.storage import default_storage

    from images.services import member_avatar_name

    url = account.get_provider_account().get_avatar_url()
    if not url or default_storage.exists(member_avatar_name(user)):
        return
    from .tasks import member_avatar_fetch

    transaction.on_commit(lambda: member_avatar_fetch.enqueue(user_id=user.pk, url=url))


@transaction.atomic
def member_rename(*, user, display_name):
    """Sign the member's future comments with `display_name` (past ones keep their name)."""
    user.first_name = display_name.strip()[:150]
    user.last_name = ""
    user.save(update_fields=["first_name", "last_name"])
    return user


@transaction.atomic
def member_delete(*, user):
    """Delete a member's account; their comments stay, anonymised, so replies keep their place.

    Staff accounts are not deleted here (their posts depend on them): an administrator does it.
    """
    from images.services import member_avatar_name

    if user.is_staff or user.is_superuser:
        raise PermissionDenied(_("A staff account is deleted by an administrator, in the admin."))
    anonymous_name = str(conf.settings.ACCOUNTS_ANONYMOUS_NAME)
    member_leaving.send(sender=member_delete, user=user, anonymous_name=anonymous_name)
    stored_picture = member_avatar_name(user)
    user.delete()
    transaction.on_commit(lambda: _forget_avatar(stored_picture))


def _forget_avatar(name):
    """Remove the provider picture stored for a member who left (images app), if any."""
    from django.core.files.storage import default_storage

    default_storage.delete(name)


@transaction.atomic
def second_factor_reset(*, user, by, reason, request=None):
    """Remove every second factor of `user` (app, keys, recovery codes); return how many.

    Written in the admin's history under `by` with `reason`, so another administrator sees who
    did it and why. Their next sign-in takes the password alone; with STAFF_REQUIRE_MFA, staff
    are then sent to add a factor before the admin.
    """
    removed, _per_model = Authenticator.objects.filter(user_id=user.pk).delete()
    security_event_record(
        request=request, user=user, kind=SecurityEventKind.FACTORS_RESET, detail=by.get_username()
    )
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[user], action_flag=CHANGE, change_message=reason,
        single_object=True,
    )  # fmt: skip
    return removed


def second_factor_reset_notify(*, request, user):
    """Tell `user` by mail that their second factors were removed (from where: `request`)."""
    get_account_adapter(request).send_notification_mail("mfa/email/factors_reset", user)
