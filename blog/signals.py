"""Signals other apps listen to (pings, mail). Sent after the database commit, never before.

- `post_published(sender=Post, post)`: once per post, when it first becomes visible to readers
  (at once when published now, or when a scheduled post's time comes).
- `post_body_changed(sender=Post, post)`: the body of an already announced post was edited.
"""

from django.dispatch import Signal

post_published = Signal()
post_body_changed = Signal()
