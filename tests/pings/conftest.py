"""Ping tests start without the anti-bot delays, as the discussion tests do."""

from tests.comments.conftest import _no_bot_delays  # noqa: F401 (autouse fixture)
