"""Signals other apps listen to (mail, caches). Sent after the database commit, never before.

- `comment_posted(sender=Comment, comment, notify_replies, subscribe_blog)`: a comment, pingback
  or webmention was stored (whatever its status). `notify_replies`: the commenter asked to be told
  of new comments on this post; `subscribe_blog`: they asked to follow the blog by e-mail.
- `comment_status_changed(sender=Comment, comment, previous)`: a moderator (or a rule) changed a
  comment's status; `previous` is the old status.
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_status_changed = Signal()
