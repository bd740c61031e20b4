"""A real OAuth2 / OpenID Connect provider on loopback, for the login tests (and the browser test).

It speaks the protocol as Google or WordPress.com would: an authorisation page (a form the person
submits), single-use codes bound to the client, redirect URI and PKCE challenge, a token endpoint
with client authentication, userinfo and WordPress.com's `/rest/v1.1/me`, a discovery document
and its signing keys (JWKS) for the RS256 id_token. Nothing is mocked: allauth talks to it over
HTTP, as it would to the real thing.
"""

import base64
import functools
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_ID = "loopback-1"


@functools.cache
def signing_key():
    """One RSA key per test run: making one takes a noticeable moment."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LoopbackProvider:
    """Start with `start()`, stop with `stop()`; `url` is its base address."""

    def __init__(self, *, clients, users):
        self.clients = dict(clients)  # client_id -> secret
        self.users = dict(users)  # username -> profile (OIDC claims + WordPress.com fields)
        self.codes = {}
        self.tokens = {}
        self.token_requests = []  # what the token endpoint received, for the tests to check
        self.authorize_requests = []
        self.key = signing_key()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # The protocol ------------------------------------------------------------------------

    def discovery(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def jwks(self):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def check_authorize(self, query):
        """The error of an authorisation request, or None if it is acceptable."""
        if query.get("client_id") not in self.clients:
            return "unknown client_id"
        if query.get("response_type") != "code":
            return "response_type must be code"
        if not query.get("redirect_uri", "").startswith(("http://", "https://")):
            return "bad redirect_uri"
        if query.get("code_challenge") and query.get("code_challenge_method") != "S256":
            return "only S256 challenges"
        return None

    def grant(self, query, username):
        """Issue a code for `username` and return where the browser goes next."""
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {**query, "username": username}
        params = {"code": code}
        if "state" in query:
            params["state"] = query["state"]
        return f"{query['redirect_uri']}?{urlencode(params)}"

    def exchange(self, form, authorization):
        """The token endpoint: (status, JSON body)."""
        self.token_requests.append(dict(form))
        client_id, secret = _client_credentials(form, authorization)
        if self.clients.get(client_id) != secret:
            return 401, {"error": "invalid_client"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant["client_id"] != client_id:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant.get("code_challenge") and not _pkce_matches(form, grant["code_challenge"]):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        token = secrets.token_urlsafe(24)
        self.tokens[token] = grant["username"]
        body = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        if "openid" in grant.get("scope", "").split():
            body["id_token"] = self.id_token(grant, client_id)
        return 200, body

    def id_token(self, grant, client_id):
        profile = self.users[grant["username"]]
        now = int(time.time())
        claims = {"iss": self.url, "sub": profile["sub"], "aud": client_id, "iat": now}
        claims.update({"exp": now + 300, "email": profile.get("email", "")})
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def profile_for(self, authorization):
        token = (authorization or "").removeprefix("Bearer ").strip()
        username = self.tokens.get(token)
        return None if username is None else self.users[username]


def _client_credentials(form, authorization):
    if authorization and authorization.startswith("Basic "):
        raw = base64.b64decode(authorization[6:]).decode()
        client_id, _, secret = raw.partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


def _pkce_matches(form, challenge):
    verifier = form.get("code_verifier", "")
    digest = hashlib.sha256(verifier.encode()).digest()
    return bool(verifier) and base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


AUTHORIZE_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Loopback : autorisation</title></head><body><h1>Autoriser l’accès</h1>
<form method="post">{hidden}
<label for="username">Compte</label> <input id="username" name="username" value="{username}">
<button type="submit" name="decision" value="allow">Autoriser</button>
<button type="submit" name="decision" value="deny">Refuser</button></form></body></html>"""


def _handler_for(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            routes = {
                "/.well-known/openid-configuration": lambda: self.json(200, provider.discovery()),
                "/jwks": lambda: self.json(200, provider.jwks()),
                "/authorize": lambda: self.authorize_page(query),
                "/oauth2/authorize": lambda: self.authorize_page(query),
                "/userinfo": self.profile,
                "/rest/v1.1/me": self.profile,
            }
            routes.get(parts.path, lambda: self.json(404, {"error": "not_found"}))()

        def do_POST(self):
            parts = urlsplit(self.path)
            form = {k: v[0] for k, v in parse_qs(self.body()).items()}
            if parts.path in ("/token", "/oauth2/token"):
                self.json(*provider.exchange(form, self.headers.get("Authorization")))
            elif parts.path in ("/authorize", "/oauth2/authorize"):
                self.authorize_decision(form)
            else:
                self.json(404, {"error": "not_found"})

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length).decode()

        def authorize_page(self, query):
            provider.authorize_requests.append(dict(query))
            error = provider.check_authorize(query)
            if error:
                return self.send_text(400, error)
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in query.items()
            )
            username = next(iter(provider.users))
            page = AUTHORIZE_PAGE.format(hidden=hidden, username=html.escape(username))
            self.send_text(200, page, "text/html; charset=utf-8")

        def authorize_decision(self, form):
            query = {k: v for k, v in form.items() if k not in ("username", "decision")}
            if provider.check_authorize(query):
                return self.send_text(400, "bad request")
            if form.get("decision") != "allow" or form.get("username") not in provider.users:
                target = f"{query['redirect_uri']}?{urlencode({'error': 'access_denied', 'state': query.get('state', '')})}"
            else:
                target = provider.grant(query, form["username"])
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def profile(self):
            profile = provider.profile_for(self.headers.get("Authorization"))
            if profile is None:
                return self.json(401, {"error": "invalid_token"})
            self.json(200, profile)

        def json(self, status, data):
            self.send_text(status, json.dumps(data), "application/json")

        def send_text(self, status, text, content_type="text/plain; charset=utf-8"):
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
