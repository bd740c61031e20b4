"""What an import did: counts per kind, and everything skipped or changed, with the reason."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AUTHOR = "author", _("authors")
    CATEGORY = "category", _("categories")
    TAG = "tag", _("tags")
    POST = "post", _("posts")
    PAGE = "page", _("pages")
    COMMENT = "comment", _("comments")
    PINGBACK = "pingback", _("pingbacks")
    TRACKBACK = "trackback", _("trackbacks")
    WEBMENTION = "webmention", _("webmentions")
    ATTACHMENT = "attachment", _("attachments")


class Skip(models.TextChoices):
    """Why something in the export was left out."""

    ATTACHMENT_COMMENT = "attachment_comment", _("comments on attachments: Carnet keeps none")
    POST_TYPE = "post_type", _("not a post, page or attachment (menus, revisions, other types)")
    TRASH = "trash", _("in WordPress’s trash")
    TAXONOMY = "taxonomy", _("terms of a taxonomy Carnet does not have (menus, formats…)")
    NO_POST_ID = (
        "no_post_id",
        _("without a WordPress number (wp:post_id): a second import could not recognise it"),
    )
    NO_COMMENT_ID = (
        "no_comment_id",
        _("without a WordPress number (wp:comment_id): a second import could not recognise it"),
    )


class Note(models.TextChoices):
    """What was imported, but not exactly as it was in WordPress."""

    PRIVATE = (
        "private",
        _("private in WordPress, imported as a draft (Carnet has no private posts)"),
    )
    PASSWORD = (
        "password",
        _("protected by a password in WordPress, imported as a draft (Carnet has no passwords)"),
    )
    RENAMED = "renamed", _("slug already used here, renamed")
    SHORTCODE = "shortcode", _("shortcodes Carnet does not render, left visible as text")
    ORPHAN = "orphan", _("comments whose parent is missing, attached at the top level")
    RENUMBERED = (
        "renumbered",
        _("comments that could not keep their WordPress number (#comment- links reach the post)"),
    )


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    post_statuses: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    # (kind, reason): which ones, for the skips that concern one item the author may look for.
    skipped_labels: defaultdict = field(default_factory=lambda: defaultdict(list))
    notes: defaultdict = field(default_factory=lambda: defaultdict(list))

    def add(self, kind, n=1):
        self.created[kind] += n

    def already(self, kind, n=1):
        self.existing[kind] += n

    def skip(self, kind, reason, n=1, *, label=None):
        self.skipped[(kind, reason)] += n
        if label is not None:
            self.skipped_labels[(kind, reason)].append(label)

    def note(self, topic, label):
        self.notes[topic].append(label)
