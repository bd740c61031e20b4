"""A `requests` session over the one safe fetcher, for libraries that want one (allauth's login
providers): every call, each redirect included, goes through `core.outbound.fetch`, under its
address, port, deadline and size rules.

Failures come back as `requests` exceptions, which such libraries already handle:
`requests.Timeout` past the deadline, `ResponseTooLarge` past the size cap,
`requests.ConnectionError` for anything else refused or broken.
"""

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from . import conf, outbound

# Headers the fetcher sets itself: its own User-Agent, one connection per call, no compression
# (the body is never decompressed, so a small answer cannot unfold into a huge one).
FETCHER_HEADERS = {"user-agent", "connection", "accept-encoding"}


class ResponseTooLarge(requests.RequestException):
    """The answer is larger than the session's `max_bytes`."""


class OutboundAdapter(BaseAdapter):
    """Sends each prepared request with `outbound.fetch`, within `deadline` seconds in all."""

    def __init__(self, *, deadline, max_bytes):
        super().__init__()
        self.deadline, self.max_bytes = deadline, max_bytes

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        headers = {k: v for k, v in request.headers.items() if k.lower() not in FETCHER_HEADERS}
        body = request.body.encode() if isinstance(request.body, str) else request.body
        try:
            answer = outbound.fetch(
                request.url,
                method=request.method,
                data=body,
                headers=headers,
                timeout=self.deadline,
                max_bytes=self.max_bytes,
                follow_redirects=False,
            )
        except outbound.FetchTimeout as error:
            raise requests.Timeout(str(error), request=request) from error
        except outbound.TooLarge as error:
            raise ResponseTooLarge(str(error), request=request) from error
        except outbound.FetchFailed as error:
            raise requests.ConnectionError(str(error), request=request) from error
        return self.build_response(request, answer)

    def build_response(self, request, answer):
        response = requests.Response()
        response.status_code, response.url, response.request = answer.status, answer.url, request
        response.headers = CaseInsensitiveDict()
        for name, value in answer.headers.items():
            known = response.headers.get(name)
            response.headers[name] = f"{known}, {value}" if known else value
        response.encoding = get_encoding_from_headers(response.headers)
        response._content, response._content_consumed = answer.body, True
        response.connection = self
        return response

    def close(self):
        """Nothing to release: the fetcher opens and closes one connection per call."""


class OutboundSession(requests.Session):
    """A session whose every call (redirects included) obeys the outbound rules, each within
    `deadline` seconds and `max_bytes`; proxies and .netrc from the environment are ignored."""

    def __init__(self, *, deadline, max_bytes):
        super().__init__()
        self.trust_env = False
        self.max_redirects = conf.settings.OUTBOUND_MAX_REDIRECTS
        adapter = OutboundAdapter(deadline=deadline, max_bytes=max_bytes)
        self.mount("http://", adapter)
        self.mount("https://", adapter)
