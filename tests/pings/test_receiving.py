"""What pingbacks and webmentions share: the checks on the URLs and the request."""

from datetime import UTC, datetime

import pytest

from pings import receiving
from tests.factories import PostFactory


@pytest.mark.parametrize("target", ["http://[::1", "http://testserver/2026/01/01/a%00b/"])
def test_malformed_or_nul_targets_are_refused_not_crashed(rf, target):
    with pytest.raises(receiving.PingRejected):
        receiving.post_for_target(target, request=rf.get("/"))


@pytest.mark.django_db
def test_a_target_with_the_post_slug_under_another_date_is_no_post(rf):
    post = PostFactory(slug="billet-date", published_at=datetime(2026, 3, 14, 12, tzinfo=UTC))
    request = rf.get("/")
    right = "http://testserver" + post.get_absolute_url()
    assert right == "http://testserver/2026/03/14/billet-date/"
    assert receiving.post_for_target(right, request=request) == post
    with pytest.raises(receiving.NoSuchPost):
        receiving.post_for_target("http://testserver/2026/03/15/billet-date/", request=request)


def test_nul_byte_in_a_source_is_invalid():
    with pytest.raises(receiving.InvalidSource):
        receiving.check_urls("https://example.org/a\x00b", "https://example.org/c")


@pytest.mark.parametrize(
    ("length", "too_large"),
    [("", False), ("100", False), ("2000000", True), ("²", True), ("9" * 5000, True)],
)
def test_request_length_is_read_safely(rf, settings, length, too_large):
    request = rf.post("/webmention/")
    request.META["CONTENT_LENGTH"] = length
    assert receiving.request_too_large(request) is too_large
