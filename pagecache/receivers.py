"""What invalidates the cached pages: any saved or deleted object a reader could see.

Watched apps and models (`PAGE_CACHE_WATCH`) bump the generation on every save, delete and
many-to-many change. An app may say instead which saves of a model show (`watch`): comments count
only when readers can see them (a new comment held for moderation changes no public page, its
approval or any later status change does). Apps connect their own "something public changed"
signals to `on_public_change`: the page cache imports no app above it.
"""

from . import conf, generation

_shows = {}  # model -> shows(instance, created): whether readers see that save

# Saves that change nothing a reader sees, as (model label, fields).
QUIET_UPDATES = {("auth.user", frozenset({"last_login"}))}


def watched(model):
    names = conf.settings.PAGE_CACHE_WATCH
    meta = model._meta
    return meta.app_label in names or meta.label in names or meta.label_lower in names


def watch(model, *, shows):
    """Bump the generation on each delete of `model`, and on each save for which
    `shows(instance, created)` is true. Apps call it in their AppConfig.ready."""
    _shows[model] = shows


def on_save(sender, instance, created, update_fields, **kwargs):
    shows = _shows.get(sender)
    if shows is not None:
        if shows(instance, created):
            generation.bump()
        return
    if not watched(sender):
        return
    if update_fields and (sender._meta.label_lower, frozenset(update_fields)) in QUIET_UPDATES:
        return
    generation.bump()


def on_delete(sender, instance, **kwargs):
    if sender in _shows or watched(sender):
        generation.bump()


def on_m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and watched(sender):
        generation.bump()


def on_public_change(sender, **kwargs):
    generation.bump()
