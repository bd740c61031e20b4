"""Discussion tests start without the anti-bot delays; the tests of those rules set them back."""

import pytest


@pytest.fixture(autouse=True)
def _no_bot_delays(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
