"""Run the periodic jobs the apps registered (core/periodic.py), forever (started by `make run` beside the task worker)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core import periodic


class Command(BaseCommand):
    help = _("Run the periodic jobs (scheduled posts, trash…) in a loop.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help=_("Run once, then stop."))

    def handle(self, *args, once=False, **options):
        jobs = periodic.jobs()
        last_run = {}
        while True:
            now = time.monotonic()
            for job, every in jobs:
                if once or now - last_run.get(job, -every) >= every:
                    last_run[job] = now
                    job()
            if once:
                return
            time.sleep(5)
