"""What invalidates the cached pages: any saved or deleted object a reader could see.

Watched apps and models (`PAGE_CACHE_WATCH`) bump the generation on every save, delete and
many-to-many change. Comments count only when readers can see them: a new comment held for
moderation changes no public page, its approval (or any later status change) does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from blog.signals import post_published
from comments.models import Comment, CommentStatus
from comments.signals import comment_status_changed
from core.signals import site_restored

from . import conf, generation

# Saves that change nothing a reader sees, as (model label, fields).
QUIET_UPDATES = {("auth.user", frozenset({"last_login"}))}


def watched(model):
    names = conf.get("PAGE_CACHE_WATCH")
    meta = model._meta
    return meta.app_label in names or meta.label in names or meta.label_lower in names


def on_save(sender, instance, created, update_fields, **kwargs):
    if sender is Comment:
        if created and instance.status != CommentStatus.APPROVED:
            return
        generation.bump()
        return
    if not watched(sender):
        return
    if update_fields and (sender._meta.label_lower, frozenset(update_fields)) in QUIET_UPDATES:
        return
    generation.bump()


def on_delete(sender, instance, **kwargs):
    if sender is Comment or watched(sender):
        generation.bump()


def on_m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and watched(sender):
        generation.bump()


def on_public_change(sender, **kwargs):
    generation.bump()


def connect():
    post_save.connect(on_save, dispatch_uid="pagecache.save")
    post_delete.connect(on_delete, dispatch_uid="pagecache.delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="pagecache.m2m")
    comment_status_changed.connect(on_public_change, dispatch_uid="pagecache.comment_status")
    post_published.connect(on_public_change, dispatch_uid="pagecache.post_published")
    site_restored.connect(on_public_change, dispatch_uid="pagecache.site_restored")
