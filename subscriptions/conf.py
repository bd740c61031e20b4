"""The subscriptions app's settings, with their defaults. Read as `conf.settings.NAME`."""

from datetime import timedelta

from core.appsettings import AppSettings

DEFAULTS = {
    # A guest who asks again within this delay gets no second confirmation (no mail bombing).
    "SUBSCRIPTIONS_CONFIRMATION_INTERVAL": timedelta(hours=1),
    # How long a confirmation link stays valid; after that the person simply asks again.
    "SUBSCRIPTIONS_CONFIRMATION_MAX_AGE": timedelta(days=7),
    # How long a one-click moderation link stays valid; the admin works forever.
    "SUBSCRIPTIONS_MODERATION_LINK_MAX_AGE": timedelta(days=14),
    # Mails sent over one SMTP connection before it is closed and the next batch starts.
    "SUBSCRIPTIONS_BATCH_SIZE": 100,
    # Attempts before a delivery is given up (and left visible in the admin as failed).
    "SUBSCRIPTIONS_MAX_ATTEMPTS": 8,
    # Delay before the first retry; each further retry waits four times longer, up to a day.
    "SUBSCRIPTIONS_RETRY_DELAY": timedelta(minutes=1),
    # A claimed batch whose worker died is sent again after this (one SMTP batch never lasts longer).
    "SUBSCRIPTIONS_CLAIM_LEASE": timedelta(minutes=10),
    # Moderators who chose the digest get at most one in this period.
    "SUBSCRIPTIONS_DIGEST_EVERY": timedelta(days=1),
    # Pending comments listed in one digest; the rest are in the admin.
    "SUBSCRIPTIONS_DIGEST_MAX_COMMENTS": 50,
}


settings = AppSettings(DEFAULTS)
