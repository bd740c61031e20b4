"""Remove an account's second factors from the server, when no administrator can sign in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts import services


class Command(BaseCommand):
    help = _(
        "Remove the second factors (authenticator app, passkeys, security keys, recovery codes) "
        "of an account whose phone or key is lost; its next sign-in asks for the password only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("The account's user name."))

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No account is named “%(name)s”: check the spelling (user names are exact).")
                % {"name": username}
            )
        reason = _("Second factors reset on the server (manage.py reset_second_factor).")
        removed = services.second_factor_reset(user=user, by=user, reason=reason)
        if not removed:
            self.stdout.write(
                _("“%(name)s” had no second factor: nothing to do.") % {"name": username}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Second factors of “%(name)s” removed: sign in with the password, then add a new one."
                )
                % {"name": username}
            )
        )
