"""Run the HTML stored before the typography filter existed through it (safe to run again)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blog.typography import typeset
from pagecache.generation import bump

STORED_HTML = {
    "blog.Post": ["body_html", "excerpt_html"],
    "blog.Page": ["body_html"],
    "comments.Comment": ["body_html"],
}
BATCH = 500


class Command(BaseCommand):
    help = _("Set the typography of every stored post, page and comment (safe to run again).")

    @transaction.atomic
    def handle(self, **options):
        total = 0
        for label, fields in STORED_HTML.items():
            total += typeset_model(apps.get_model(label), fields)
        if total:
            bump()
        message = ngettext(
            "Typography set in %(count)d text.", "Typography set in %(count)d texts.", total
        )
        self.stdout.write(message % {"count": total})


def typeset_model(model, fields):
    """Typeset `fields` of every `model` row; the number of rows changed."""
    changed = []
    count = 0
    for row in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
        before = [getattr(row, field) for field in fields]
        after = [typeset(value) for value in before]
        if after != before:
            for field, value in zip(fields, after, strict=True):
                setattr(row, field, value)
            changed.append(row)
        if len(changed) >= BATCH:
            count += _save(model, changed, fields)
    return count + _save(model, changed, fields)


def _save(model, rows, fields):
    model.objects.bulk_update(rows, fields)
    saved = len(rows)
    rows.clear()
    return saved
