"""The writing desk: autosaves kept aside, revisions (django-reversion), edits that cross.

Revisions hold what the author wrote (title, slug, body, excerpt, author); `post_save_from_admin`
records one per save, and only the newest `BLOG_REVISIONS_KEEP` of a post are kept.
"""

import difflib
from datetime import timedelta

import reversion
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from . import conf
from .autosave import Autosave

REVISION_FIELDS = ["title", "slug", "body", "excerpt", "author"]
TEXT_FIELDS = ["title", "body", "excerpt"]
# Unchanged lines shown around each change of a diff; longer unchanged runs are folded.
DIFF_CONTEXT = 3


def register(post_model):
    """Follow `post_model` with django-reversion (called once, from the app's ready())."""
    if not reversion.is_registered(post_model):
        reversion.register(post_model, fields=REVISION_FIELDS, ignore_duplicates=True)


@transaction.atomic
def autosave_store(*, user, post, title, body, excerpt):
    """Keep what `user` is typing for `post` (None: a post never saved) aside; return the row."""
    autosave, _created = Autosave.objects.update_or_create(
        user=user,
        post=post,
        defaults={"title": title, "body": body, "excerpt": excerpt, "saved_at": timezone.now()},
    )
    return autosave


def autosave_offer(*, user, post):
    """The autosave to offer back on opening `post` (None: the add page), if it holds news."""
    autosave = Autosave.objects.filter(user=user, post=post).first()
    if autosave is None or post is None:
        return autosave
    if autosave.saved_at <= post.updated_at:
        return None
    differs = any(getattr(autosave, name) != getattr(post, name) for name in TEXT_FIELDS)
    return autosave if differs else None


def autosave_discard(*, user, post):
    Autosave.objects.filter(user=user, post=post).delete()


def editing_now(*, post, user):
    """The others who autosaved `post` lately: they have it open (WordPress's post lock)."""
    since = timezone.now() - timedelta(seconds=conf.settings.BLOG_EDIT_LOCK_SECONDS)
    recent = Autosave.objects.filter(post=post, saved_at__gte=since).exclude(user=user)
    return list(recent.select_related("user").order_by("-saved_at"))


def revisions_of(post):
    """The kept revisions of `post`, newest first, with who made them."""
    versions = Version.objects.get_for_object(post).select_related("revision__user")
    return list(versions.order_by("-revision__date_created", "-pk"))


def revisions_prune(*, post):
    """Delete the revisions of `post` past the newest `BLOG_REVISIONS_KEEP`."""
    keep = conf.settings.BLOG_REVISIONS_KEEP
    versions = Version.objects.get_for_object(post).order_by("-revision__date_created", "-pk")
    old = list(versions.values_list("revision_id", flat=True)[keep:])
    if old:
        Revision.objects.filter(pk__in=old).delete()


def text_diff(old, new):
    """Line rows (kind, text) from `old` to `new`: "equal", "delete", "insert" or "fold"."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(DIFF_CONTEXT):
        if rows:
            rows.append(("fold", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(("equal", line) for line in old_lines[i1:i2])
                continue
            rows.extend(("delete", line) for line in old_lines[i1:i2])
            rows.extend(("insert", line) for line in new_lines[j1:j2])
    return rows


def revision_diff(*, version, post):
    """Per text field, the diff from `version` to the current post (fields with no change left out)."""
    saved = version.field_dict
    diffs = []
    for name in TEXT_FIELDS:
        rows = text_diff(saved.get(name, ""), getattr(post, name))
        if rows:
            diffs.append((post._meta.get_field(name).verbose_name, rows))
    return diffs


def tags_for_names(text):
    """The tags named in `text` (comma-separated, as WordPress's tag box), created as needed."""
    from .models import Tag
    from .slugs import unique_slug

    tags = []
    for name in dict.fromkeys(part.strip()[:200] for part in (text or "").split(",")):
        if not name:
            continue
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=unique_slug(Tag.objects.all(), name))
        tags.append(tag)
    return tags
