"""The simulator without HTTP plumbing: account state, authentication, rate limit and API dispatch."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import threading

from . import routes
from .connections import ConnectionCounter
from .errors import ApiError
from .faults import FaultRegistry
from .persistence import write_json_atomically
from .ratelimit import SlidingWindowLimiter
from .ratelimit import retry_after_header
from .request import ApiRequest
from .request import new_api_id
from .requestlog import RequestLog
from .responses import json_response
from .seed import dump_account
from .seed import load_account

BODY_METHODS = ("POST", "DELETE", "PUT", "PATCH")


def error_response(error, settings):
    """``{"api_id", "error"}`` with the error's status; a 401 without ``api_id`` when ``--auth-error-api-id omit``."""
    body = {"api_id": new_api_id(), "error": error.message}
    if error.status == 401 and settings.auth_error_api_id == "omit":
        del body["api_id"]
    return json_response(error.status, body, error.headers)


def parse_json_body(raw):
    """The request body as a dict: empty, ``""`` or ``null`` mean ``{}``; anything else but a JSON object is a 400."""
    if not raw.strip():
        return {}
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "the request body is not valid JSON") from None
    if document is None or document == "":  # the official Node SDK sends "" with its short-code removal DELETE
        return {}
    if not isinstance(document, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return document


def basic_credentials(header):
    """``(user, password)`` from an ``Authorization: Basic`` header, or None."""
    if not header:
        return None
    scheme, _space, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    if not colon:
        return None
    return user, password


class SimulatorCore:
    def __init__(self, settings, seed=None, state_file=None):
        self.settings = settings
        self.seed = seed or {}
        self.state_file = state_file
        self.lock = threading.RLock()
        self.account = load_account(self.seed, settings.auth_id, settings.default_priorities)
        self.faults = FaultRegistry()
        self.limiter = SlidingWindowLimiter(settings.rate_limit, settings.rate_window)
        self.log = RequestLog()
        self.connections = ConnectionCounter()

    # State

    def replace_account(self, document):
        """Load a seed or state document (SeedError when invalid) and persist it."""
        account = load_account(document, self.settings.auth_id, self.settings.default_priorities)
        with self.lock:
            self.account = account
            self.persist()

    def reset(self, seed=None):
        """Fresh start: the given seed (or the start-up seed), no faults, empty log, counters at zero."""
        self.replace_account(self.seed if seed is None else seed)
        self.faults.clear()
        self.log.clear()
        self.limiter.reset()
        self.connections.reset()

    def dump(self):
        with self.lock:
            return dump_account(self.account)

    def persist(self):
        if self.state_file:
            with self.lock:
                write_json_atomically(self.state_file, dump_account(self.account))

    # API

    def handle_api(self, method, path, query, headers, raw_body):
        """Answer one API request with a Response."""
        try:
            split = routes.split_account(path)
            if split is None:
                raise ApiError(404, "resource not found")
            path_auth_id, rest = split
            self._authenticate(path_auth_id, headers.get("Authorization"))
            self._throttle(path_auth_id)
            handler, params = routes.resolve(method, rest)
            body = parse_json_body(raw_body) if method in BODY_METHODS else {}
            with self.lock:
                request = ApiRequest(method, self.account, self.settings, query, body, params, path)
                status, document = handler(request)
                if method != "GET":
                    self.persist()
            return json_response(status, document)
        except ApiError as error:
            return error_response(error, self.settings)

    def _authenticate(self, path_auth_id, header):
        credentials = basic_credentials(header)
        if credentials is None:
            raise ApiError(401, "authentication failed: HTTP Basic credentials (auth id and auth token) are required")
        user, password = credentials
        expected_id = self.settings.auth_id.encode("utf-8")
        valid = hmac.compare_digest(user.encode("utf-8"), expected_id) and hmac.compare_digest(
            password.encode("utf-8"), self.settings.auth_token.encode("utf-8")
        )
        if not valid:
            raise ApiError(401, "authentication failed: wrong auth id or auth token")
        if path_auth_id != user:
            raise ApiError(401, "authentication failed: the auth id in the path does not match the credentials")

    def _throttle(self, account_key):
        allowed, wait = self.limiter.acquire(account_key)
        if allowed:
            return
        headers = []
        retry_after = retry_after_header(self.settings.retry_after, wait)
        if retry_after is not None:
            headers.append(("Retry-After", retry_after))
        raise ApiError(429, f"too many requests: more than {self.settings.rate_limit:d} API requests in {self.settings.rate_window:g} seconds", headers=headers)
