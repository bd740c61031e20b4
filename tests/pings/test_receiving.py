"""What pingbacks and webmentions share: the checks on the URLs and the request."""

import pytest

from pings import receiving


@pytest.mark.parametrize("target", ["http://[::1", "http://testserver/2026/01/01/a%00b/"])
def test_malformed_or_nul_targets_are_refused_not_crashed(rf, target):
    with pytest.raises(receiving.PingRejected):
        receiving.post_for_target(target, request=rf.get("/"))


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
