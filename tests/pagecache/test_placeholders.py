"""Placeholders: what template tags write on a page the cache may share, filled per reader."""

import pytest
from django.test import RequestFactory

from pagecache import placeholders


@pytest.fixture
def counter():
    """A placeholder `test_counter` counting the values it hands out to readers."""
    served = []

    def for_reader(request, arg):
        served.append(arg)
        return f"reader-{arg}-{len(served)}"

    placeholders.register("test_counter", for_reader=for_reader, shared=lambda arg: f"all-{arg}")
    return served


def test_a_page_nobody_shares_gets_the_readers_value_at_once(counter):
    request = RequestFactory().get("/")
    assert placeholders.placeholder(request, "test_counter", 7) == "reader-7-1"


def test_a_shared_page_gets_a_marker_filled_once_per_reader_and_page(counter):
    request = RequestFactory().get("/")
    placeholders.share(request)
    marker = placeholders.placeholder(request, "test_counter", 7)
    assert "reader" not in marker
    parts = placeholders.split(f"<p>{marker}</p><i>{marker}</i>".encode())
    assert placeholders.fill(parts, request) == b"<p>reader-7-1</p><i>reader-7-1</i>"
    assert placeholders.fill(parts, request) == b"<p>reader-7-2</p><i>reader-7-2</i>"
    assert placeholders.fill(parts) == b"<p>all-7</p><i>all-7</i>"


def test_a_marker_without_the_secret_key_is_text(counter, settings):
    request = RequestFactory().get("/")
    placeholders.share(request)
    marker = placeholders.placeholder(request, "test_counter", 7)
    forged = marker.replace(marker[9:25], "0123456789abcdef").encode()
    assert placeholders.split(forged) == [forged]


@pytest.mark.parametrize("name, arg", [("Bad-Name", ""), ("test_counter", "a b"), ("x", "--")])
def test_names_and_arguments_are_checked(counter, name, arg):
    with pytest.raises(ValueError, match="use"):
        placeholders.register(name, for_reader=str, shared=str)
        placeholders.placeholder(RequestFactory().get("/"), name, arg)
