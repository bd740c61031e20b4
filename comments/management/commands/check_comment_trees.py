"""Check every comment tree's nested-set numbering; `--repair` rebuilds it if one is broken."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from comments.services import comment_tree_check_and_repair


class Command(BaseCommand):
    help = _("Check every comment thread's tree; with --repair, rebuild the broken ones.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help=_("Rebuild the trees if one is broken.")
        )

    def handle(self, *args, repair=False, **options):
        problems = comment_tree_check_and_repair(repair=repair)
        for problem in problems:
            self.stderr.write(problem)
        if not problems:
            self.stdout.write(_("Every comment tree is valid."))
        elif repair:
            self.stdout.write(_("The comment trees were rebuilt."))
        else:
            raise CommandError(_("Broken comment trees: run again with --repair to rebuild them."))
