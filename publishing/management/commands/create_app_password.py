"""Create an application password for a user and print it (shown only this once)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from publishing.passwords import app_password_create


class Command(BaseCommand):
    help = "Create an application password named NAME for USER and print it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"No user named {username!r}: check the name (it is case-sensitive)."
            )
        if not name.strip():
            raise CommandError("Give the application a name, for example 'MarsEdit'.")
        _row, password = app_password_create(user=user, name=name)
        self.stdout.write(password)
