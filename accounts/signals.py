"""What the accounts app announces.

`member_leaving(user, anonymous_name)`: sent inside member_delete's transaction, before the
account is deleted; the apps holding what the member wrote make it anonymous (comments does).
"""

from django.dispatch import Signal

member_leaving = Signal()
