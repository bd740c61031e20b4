"""Run the background tasks with the worker of the configured queue (TASKS_BACKEND): the one
command `make run` and systemd start, whether tasks wait in the database or on Redis."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_rq.management.commands.rqworker import Command as RQWorker
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker
from django_tasks_rq import RQBackend


class Command(BaseCommand):
    help = _("Run the background tasks (mail, pings) from the configured queue.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help=_("Run the queued tasks, then stop.")
        )

    def handle(self, *args, burst=False, verbosity=1, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        queues = sorted(backend.queues)
        if isinstance(backend, RQBackend):
            # The scheduler moves tasks deferred with run_after to their queue when due; RQ lets
            # one worker at a time do it, so every worker may offer.
            call_command(RQWorker(), *queues, burst=burst, with_scheduler=True, verbosity=verbosity)
        elif isinstance(backend, DatabaseBackend):
            call_command(
                DatabaseWorker(), queue_name=",".join(queues), batch=burst, verbosity=verbosity
            )
        else:
            raise CommandError(
                _("%(backend)s needs no worker: set TASKS_BACKEND to database or redis.")
                % {"backend": type(backend).__name__}
            )
