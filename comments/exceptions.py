"""Why a comment was refused. Each carries the HTTP status a view answers with and a French
message (English msgid) telling the person what to do next."""

from django.utils.translation import gettext_lazy as _


class CommentRejected(Exception):  # noqa: N818 (named in the contract other apps use)
    """A comment that must not be stored. `status_code` is the answer's HTTP status."""

    status_code = 400
    message = _("Your comment could not be saved. Check it and send it again.")

    def __init__(self, message=None):
        super().__init__(str(message or self.message))
        if message is not None:
            self.message = message


class CommentsClosed(CommentRejected):
    status_code = 403
    message = _("Comments are closed on this post.")


class InvalidParent(CommentRejected):
    message = _(
        "The comment you are replying to does not exist (any more) on this post. "
        "Your text is below: send it as a new comment."
    )


class Duplicate(CommentRejected):
    status_code = 409
    message = _("Duplicate comment: it looks as though you already said that.")


class Flood(CommentRejected):
    status_code = 429
    message = _(
        "You are posting comments too quickly. Wait a few seconds, then send your comment again."
    )


class TooLong(CommentRejected):
    message = _("Your comment is too long. Shorten it, then send it again.")


class Busy(CommentRejected):
    """The database could not be written in time (lock held too long): try again shortly."""

    status_code = 503
    message = _(
        "The site is very busy and could not save your comment. "
        "Your text is below: send it again in a moment."
    )


class NotEditable(CommentRejected):
    status_code = 403
    message = _(
        "This comment can no longer be changed: it can be edited or deleted only from the browser "
        "or account that wrote it, for 15 minutes after posting."
    )
