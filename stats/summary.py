"""The weekly summary by e-mail, for the members of the staff who ask for it."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import reports
from .models import SummaryPreference

EVERY = timedelta(days=7)


@transaction.atomic
def summary_preference_set(*, user, weekly):
    """Record whether `user` wants the weekly summary."""
    SummaryPreference.objects.update_or_create(user=user, defaults={"weekly": weekly})


def wants_summary(user):
    return SummaryPreference.objects.filter(user=user, weekly=True).exists()


def weekly_summaries_send():
    """Periodic job: each member who asked for it gets last week's figures, once every 7 days.

    The preference is marked sent before the mail leaves, in its own transaction, so a crash
    between the two costs one summary, never a flood of them.
    """
    today = timezone.localdate()
    due = SummaryPreference.objects.filter(
        weekly=True, user__is_active=True, user__is_staff=True
    ).exclude(last_sent__gt=today - EVERY)
    sent = 0
    for preference in due.select_related("user"):
        if not preference.user.email:
            continue
        with transaction.atomic():
            marked = SummaryPreference.objects.filter(pk=preference.pk).exclude(
                last_sent__gt=today - EVERY
            )
            if not marked.update(last_sent=today):
                continue  # another run took it
        summary_mail(preference.user, today=today).send()
        sent += 1
    return sent


def summary_mail(user, *, today):
    """The summary of the 7 days before `today` that `user` may see, as a mail to them."""
    start, end = today - EVERY, today - timedelta(days=1)
    rows = reports.rows_for(user)
    site = reports.whole_site(user, None)
    points = reports.series(rows, start=start, end=end, grain="day", site=site)
    context = {
        "user": user,
        "start": start,
        "end": end,
        "site": site,
        "views": sum(p[1] for p in points),
        "visitors": sum(p[2] for p in points),
        "top_posts": reports.top_posts(rows, start=start, end=end)[:5],
        "stats_url": settings.SITE_URL + reverse("admin:stats_dailycount_changelist"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("stats/mail/summary_subject.txt", context)
        text = render_to_string("stats/mail/summary.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
