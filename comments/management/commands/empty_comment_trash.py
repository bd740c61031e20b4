"""Delete the comments that have been in the trash longer than COMMENTS_TRASH_DAYS (30) days."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from comments.services import comment_trash_empty


class Command(BaseCommand):
    help = _("Delete the comments in the trash for more than 30 days (COMMENTS_TRASH_DAYS).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help=_("Override the delay, in days.")
        )

    def handle(self, *args, days=None, **options):
        deleted = comment_trash_empty(days=days)
        self.stdout.write(_("%(count)d comment(s) deleted from the trash.") % {"count": deleted})
