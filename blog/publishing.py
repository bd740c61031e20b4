"""The one publishing control, as WordPress's "Publish" box: a state, a date, one main button.

A post's state is read from its status and date (scheduled is "published, with a date to come");
the form turns the state chosen back into a status and a date.
"""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import Status


class PublishState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PENDING = "pending", gettext_lazy("Pending review")
    SCHEDULED = "scheduled", pgettext_lazy("post state", "Scheduled")
    PUBLISHED = "published", gettext_lazy("Published")


def state_of(post):
    if post.status == Status.PUBLISHED:
        return PublishState.SCHEDULED if post.is_scheduled else PublishState.PUBLISHED
    return PublishState(post.status)


def status_and_date(*, state, when, was_public, date_changed):
    """The (status, date) a post gets for `state`, or raise ValueError with what to fix.

    Publishing a post that was not public takes the present moment, unless a date was typed: a
    past one backdates it, one to come schedules it.
    """
    now = timezone.now()
    if state == PublishState.SCHEDULED:
        if not when or when <= now:
            raise ValueError(_("To schedule, choose a date in the future."))
        return Status.PUBLISHED, when
    if state == PublishState.PUBLISHED:
        if when and (date_changed or (was_public and when <= now)):
            return Status.PUBLISHED, when
        return Status.PUBLISHED, now
    return Status(PublishState(state).value), when or now


def button_labels(*, was_public):
    """The main button's label for each state: what pressing it will do."""
    return {
        PublishState.DRAFT: _("Save the draft"),
        PublishState.PENDING: _("Submit for review"),
        PublishState.SCHEDULED: _("Schedule"),
        PublishState.PUBLISHED: _("Update") if was_public else _("Publish"),
    }


def when_text(moment):
    """ "3 décembre 2026 à 9 h 00", in the site's time zone."""
    local = timezone.localtime(moment)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "j F Y"),
        "time": time_format(local, _("G:i")),
    }


def describe(post):
    """The state in words, for the post list: "Scheduled for 3 December 2026 at 9:00"."""
    state = state_of(post)
    if state == PublishState.SCHEDULED:
        return _("Scheduled for %(when)s") % {"when": when_text(post.published_at)}
    if state == PublishState.PUBLISHED:
        return _("Published on %(when)s") % {"when": when_text(post.published_at)}
    return state.label


def saved_message(post, *, was_public):
    """What the author is told after saving: what happened to the post."""
    state = state_of(post)
    if state == PublishState.SCHEDULED:
        return _("Post scheduled for %(when)s.") % {"when": when_text(post.published_at)}
    if state == PublishState.PUBLISHED:
        return _("Post updated.") if was_public else _("Post published.")
    if state == PublishState.PENDING:
        return _("Post submitted for review.")
    return _("Draft saved.")


def next_scheduled_time():
    """When the next scheduled post or page appears, or None (the page cache expires then)."""
    from django.db.models import Min

    from .models import Page, Post

    now = timezone.now()
    times = [
        model.objects.filter(status=Status.PUBLISHED, published_at__gt=now).aggregate(
            first=Min("published_at")
        )["first"]
        for model in (Post, Page)
    ]
    times = [t for t in times if t is not None]
    return min(times) if times else None
