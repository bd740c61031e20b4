"""Fill an empty site with demo content and an administrator; do nothing on a site in use."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from blog.demo import create_demo_content
from blog.models import Post


class Command(BaseCommand):
    help = _("Create demo content and an administrator if the database is empty.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    @transaction.atomic
    def handle(self, *args, username, **options):
        users = get_user_model().objects
        if Post.objects.exists() or users.exists():
            self.stdout.write(_("The database already holds data: nothing was added."))
            return
        password = secrets.token_urlsafe(12)
        admin = users.create_superuser(
            username, f"{username}@localhost", password, first_name="Camille"
        )
        create_demo_content(admin)
        self.stdout.write(self.style.SUCCESS(_("Demo content created.")))
        self.stdout.write(
            _("Administrator: “%(user)s”, password: %(password)s (shown only once)")
            % {"user": username, "password": password}
        )
