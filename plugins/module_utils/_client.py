# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP client for the Plivo REST API, shared by every module of the collection.

This module_utils is private to the collection: its names may change in any release.

It speaks JSON over keep-alive connections (one per worker: at most ``max_workers``), keeps every request of the
run under one rate limit, retries what is safe to retry, and turns every failure into PlivoApiError (or
PlivoOutcomeUnknown for a write whose answer was lost).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import queue
import random
import re
import threading
import time
from typing import TYPE_CHECKING
from typing import Any
from typing import Callable
from typing import Iterator
from urllib.parse import quote
from urllib.parse import urlencode

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import redact
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import API_RATE_LIMIT
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import API_RATE_WINDOW
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import RateLimiter
from ansible_collections.plivo.messaging.plugins.module_utils._requirements import requests
from ansible_collections.plivo.messaging.plugins.module_utils._requirements import urllib3
from ansible_collections.plivo.messaging.plugins.module_utils._retry import retry_delay
from ansible_collections.plivo.messaging.plugins.module_utils._version import user_agent
from ansible_collections.plivo.messaging.plugins.module_utils._workers import WorkerPool

if TYPE_CHECKING:
    from typing import TypeGuard  # Python 3.10+; only for mypy, as the modules run on 3.8 too

DEFAULT_API_URL = "https://api.plivo.com"
PAGE_SIZE = 20  # the API's maximum
# A safety net against an API that ignores offset and keeps answering full pages.
MAX_PAGES = 5000

SUCCESS_STATUSES = frozenset((200, 201, 202, 204))
# Server errors worth another try, for requests that are safe to repeat.
TRANSIENT_STATUSES = frozenset((500, 502, 503, 504))
TOO_MANY_REQUESTS = 429
IDEMPOTENT_METHODS = frozenset(("GET", "DELETE"))
# A refused connection or an unknown host does not heal in seconds: one short retry, then fail naming the URL.
UNREACHABLE_RETRIES = 1
UNREACHABLE_DELAY = 0.5
# The read that tells an account's API from a URL that only answers 404 (see PlivoClient.confirm_api).
CONFIRM_PATH = "Powerpack/"

OUTCOME_UNKNOWN_DETAIL = "the answer was lost, so the request may or may not have been applied"

# How a transport failure bears on retrying.
_NOT_SENT = "not-sent"  # no connection was established: safe to repeat any request
_UNREACHABLE = "unreachable"  # refused, or the host name does not resolve: not sent, and unlikely to heal
_LOST = "lost"  # the request may have reached the API: only idempotent requests are repeated
_FATAL = "fatal"  # repeating cannot help (TLS failure, malformed URL ...)


def new_session() -> requests.Session:
    """Every connection of the client starts here (unit tests replace this to mount an in-process API)."""
    return requests.Session()


def default_sleep(seconds: float) -> None:
    time.sleep(seconds)


def build_path(*segments: Any) -> str:
    """A path relative to the account, every segment URL-quoted: build_path("Powerpack", uuid) -> "Powerpack/<uuid>/".

    Quoting with safe='' turns "/" into %2F; "." and ".." cannot be quoted away (clients and servers remove
    dot segments), so they are refused outright: user input can never reach another endpoint.
    """
    parts = []
    for segment in segments:
        text = str(segment)
        if text in ("", ".", ".."):
            raise PlivoValidationError(f"refusing to build an API path with the segment {text!r}")
        parts.append(quote(text, safe=""))
    return "/".join(parts) + "/"


def _readable(text: str) -> str:
    """Text of an unexpected (often HTML) body, without markup, scripts and control characters, on one line."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "..."


def _transport_reason(exc: BaseException) -> str:
    """The useful part of a requests/urllib3 exception message, without object reprs and pool names."""
    reason: Any = exc
    for arg in getattr(exc, "args", ()):
        if isinstance(arg, urllib3.exceptions.MaxRetryError) and arg.reason is not None:
            reason = arg.reason
            break
        if isinstance(arg, BaseException):
            reason = arg
            break
    if isinstance(reason, urllib3.exceptions.ProtocolError) and len(reason.args) == 2:
        reason = f"{str(reason.args[0]).rstrip('.')}: {reason.args[1]}"  # ('Connection aborted.', RemoteDisconnected(...))
    text = str(reason)
    text = re.sub(r"<[^<>]*>:?\s*", "", text)
    text = re.sub(r"\w*Connection(?:Pool)?\([^)]*\):\s*", "", text)
    return " ".join(text.split()) or type(reason).__name__


def _causes(exc: BaseException) -> list[Any]:
    candidates: list[Any] = [exc]
    for arg in getattr(exc, "args", ()):
        candidates.append(arg)
        if isinstance(arg, urllib3.exceptions.MaxRetryError):
            candidates.append(arg.reason)
    return candidates


def _classify(exc: BaseException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return _FATAL
    if isinstance(exc, requests.exceptions.ProxyError):
        return _NOT_SENT
    if isinstance(exc, requests.exceptions.ConnectionError):
        causes = _causes(exc)
        # NewConnectionError (refused, DNS) subclasses ConnectTimeoutError; a plain connect timeout may heal.
        if any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes):
            return _UNREACHABLE
        if isinstance(exc, requests.exceptions.ConnectTimeout) or any(isinstance(cause, urllib3.exceptions.ConnectTimeoutError) for cause in causes):
            return _NOT_SENT
        return _LOST
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return _LOST
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return _LOST
    return _FATAL


class PlivoClient:
    """The Plivo REST API under {api_url}/v1/Account/{auth_id}/, for one module run.

    Paths given to get/post/delete/pages are relative to the account and built with build_path(). The client may
    be used from several threads at once (see ``workers``); every request takes a connection of its own from a
    pool of at most ``max_workers`` keep-alive connections and passes the shared rate limiter.
    """

    def __init__(
        self,
        auth_id: str,
        auth_token: str,
        api_url: str = DEFAULT_API_URL,
        validate_certs: bool = True,
        timeout: float = 30.0,
        max_retries: int = 5,
        max_retry_delay: float = 30.0,
        max_workers: int = 1,
        rate_limit: int = API_RATE_LIMIT,
        sleep: Callable[[float], None] | None = None,
        rand: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.auth_id = auth_id
        self.api_url = api_url.rstrip("/")
        self.base_url = f"{self.api_url}/v1/Account/{quote(auth_id, safe='')}/"
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self._sleep = sleep if sleep is not None else default_sleep
        self._rand = rand if rand is not None else random.random
        self.limiter = RateLimiter(rate_limit, API_RATE_WINDOW, clock=clock, sleep=self._sleep)
        self.workers = WorkerPool(max_workers)
        basic = base64.b64encode(f"{auth_id}:{auth_token}".encode()).decode("ascii")
        self.secrets = (auth_token, basic, quote(auth_token, safe=""))
        self._auth = (auth_id, auth_token)
        self._idle: queue.LifoQueue[requests.Session] = queue.LifoQueue()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._api_confirmed = False
        self.writes_attempted = 0

    def __repr__(self) -> str:
        return f"PlivoClient(api_url={self.api_url!r}, auth_id={self.auth_id!r})"

    def close(self) -> None:
        self.workers.close()
        for session in self._sessions:
            session.close()

    def __enter__(self) -> PlivoClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def connections(self) -> int:
        """How many connections (sessions) the run opened so far."""
        return len(self._sessions)

    @contextlib.contextmanager
    def _session(self) -> Iterator[requests.Session]:
        # The most recently used session first, so that work done one request at a time keeps one connection.
        try:
            session = self._idle.get_nowait()
        except queue.Empty:
            session = self._new_session()
        try:
            yield session
        finally:
            self._idle.put(session)

    def _new_session(self) -> requests.Session:
        session = new_session()
        session.auth = self._auth
        session.verify = self.validate_certs
        session.headers.update({"Accept": "application/json", "Content-Type": "application/json", "User-Agent": user_agent()})
        with self._lock:
            self._sessions.append(session)
        return session

    def get(self, path: str, params: dict[str, Any] | None = None, missing_ok: bool = False) -> dict[str, Any] | None:
        """GET a resource; None when the API says it does not exist (404) and missing_ok is set."""
        return self.request("GET", path, params=params, missing_ok=missing_ok)

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST a JSON body (create, update, add). Raises PlivoOutcomeUnknown when the answer was lost."""
        result = self.request("POST", path, body=body if body is not None else {})
        return result if result is not None else {}

    def delete(self, path: str, body: dict[str, Any] | None = None, missing_ok: bool = False) -> dict[str, Any] | None:
        """DELETE with a JSON body. With missing_ok a 404 counts as done and gives None: the resource is gone,
        whether an earlier attempt whose answer was lost removed it or something else did."""
        return self.request("DELETE", path, body=body, missing_ok=missing_ok)

    def page(self, path: str, offset: int, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """One page of a list endpoint: its objects and its meta block ({} when absent)."""
        query = dict(params or {})
        query.update(limit=page_size, offset=offset)
        body = self.get(path, params=query) or {}
        objects = body.get("objects")
        if objects is None:
            objects = []
        if not isinstance(objects, list):
            raise self._error(PlivoApiError, "GET", path, 200, "the list answer has no 'objects' list", params=query)
        meta: dict[str, Any] = body["meta"] if isinstance(body.get("meta"), dict) else {}
        return objects, meta

    def pages(self, path: str, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE, offset: int = 0) -> Iterator[list[dict[str, Any]]]:
        """Yield the objects of a list endpoint page by page (limit/offset) from offset on; stop consuming to stop reading.

        Reads until offset >= meta.total_count or a page comes back short or empty. meta.next is never
        followed: the API spells it in several formats, or leaves it out.
        """
        previous: list[Any] | None = None
        for _page in range(MAX_PAGES):
            objects, meta = self.page(path, offset, params, page_size)
            self._refuse_repeated_page(path, offset, objects, previous)
            previous = objects
            yield objects
            offset += len(objects)
            if _last_page(objects, meta, offset, page_size):
                return
        raise self._error(PlivoApiError, "GET", path, None, f"the list did not end after {MAX_PAGES} pages")

    def list_all(self, path: str, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> list[dict[str, Any]]:
        """Every object of a list endpoint: the first page, then the others side by side when it tells their number
        (meta.total_count), else one after another."""
        objects, meta = self.page(path, 0, params, page_size)
        if _last_page(objects, meta, len(objects), page_size):
            return objects
        total = meta.get("total_count")
        if not _is_count(total) or len(objects) != page_size:
            return objects + [item for page in self.pages(path, params, page_size, offset=len(objects)) for item in page]
        offsets = range(page_size, total, page_size)
        later = self.workers.map(lambda offset: self.page(path, offset, params, page_size)[0], offsets)
        for offset, previous, page in zip(offsets, [objects, *later], later):
            self._refuse_repeated_page(path, offset, page, previous)
        return objects + [item for page in later for item in page]

    def _refuse_repeated_page(self, path: str, offset: int, objects: list[Any], previous: list[Any] | None) -> None:
        """An API that ignores offset answers every page alike: its list would never end, or hold duplicates."""
        if objects and objects == previous:
            raise self._error(PlivoApiError, "GET", path, 200, f"the API answered offset {offset} with the previous page again")

    def paginate(self, path: str, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Yield every object of a list endpoint, reading pages only as far as the caller consumes."""
        for page in self.pages(path, params=params, page_size=page_size):
            yield from page

    def confirm_api(self) -> None:
        """Make sure a 404 comes from the account's API and not from a URL that answers 404 to everything.

        A 404 is read as "absent" only after some request of the run reached the account's API; otherwise this
        reads the first Powerpack (one GET, once per run) and fails naming the URL when that is not found either.
        """
        if self._api_confirmed:
            return
        self.request("GET", CONFIRM_PATH, params={"limit": 1, "offset": 0}, confirming=True)

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        missing_ok: bool = False,
        confirming: bool = False,
    ) -> dict[str, Any] | None:
        """Send one logical request, retrying what is safe to retry; the parsed JSON answer ({} for an empty one)."""
        method = method.upper()
        idempotent = method in IDEMPOTENT_METHODS
        url = self.base_url + path
        if method != "GET":
            with self._lock:
                self.writes_attempted += 1
        attempt = 0
        while True:
            attempt += 1
            self.limiter.acquire()
            retry_after = None
            try:
                with self._session() as session:
                    response = session.request(method, url, params=params, json=body, timeout=self.timeout, verify=self.validate_certs, allow_redirects=False)
                    if response.status_code == TOO_MANY_REQUESTS:
                        # The whole account is over its limit: every worker's next acquire() waits, not only this one's.
                        # Held as soon as the 429 arrives, before its body is read, to keep the window short in which
                        # another worker passes the limiter; a request already past it is sent anyway.
                        self.limiter.hold(retry_delay(attempt, self.max_retry_delay, self._rand, response.headers.get("Retry-After")))
            except requests.exceptions.RequestException as exc:
                kind = _classify(exc)
                message = self._transport_message(kind, exc)
                if kind == _FATAL:
                    raise self._error(PlivoApiError, method, path, None, message, params=params) from None
                if kind == _LOST and not idempotent:
                    raise self._error(PlivoOutcomeUnknown, method, path, None, message, detail=OUTCOME_UNKNOWN_DETAIL, params=params) from None
                if kind == _UNREACHABLE and attempt > min(self.max_retries, UNREACHABLE_RETRIES):
                    raise self._error(PlivoApiError, method, path, None, message, detail="check api_url and the network", params=params) from None
                failure: dict[str, Any] = dict(status=None, error=message, api_id=None)
                delay = UNREACHABLE_DELAY if kind == _UNREACHABLE else None
            else:
                status = response.status_code
                if status in SUCCESS_STATUSES:
                    self._api_confirmed = True
                    return self._success_body(method, path, response, params)
                if status == 404 and (missing_ok or confirming):
                    return self._not_found(method, path, response, params, confirming)
                error, api_id = self._error_details(response)
                failure = dict(status=status, error=error, api_id=api_id)
                if 300 <= status < 400:
                    location = response.headers.get("Location", "")
                    raise self._error(
                        PlivoApiError, method, path, status, f"unexpected redirect to {location[:200]!r}", api_id, detail="check api_url", params=params
                    )
                # A 429 was not processed, so any method may be repeated; a 5xx only leaves reads and deletes safe to repeat.
                if status != TOO_MANY_REQUESTS and not (idempotent and status in TRANSIENT_STATUSES):
                    if status >= 500 and not idempotent:
                        raise self._error(PlivoOutcomeUnknown, method, path, status, error, api_id, detail=OUTCOME_UNKNOWN_DETAIL, params=params)
                    raise self._error(PlivoApiError, method, path, status, error, api_id, params=params)
                retry_after = response.headers.get("Retry-After")  # some proxies send it with a 503
                delay = None
            if attempt > self.max_retries:
                raise self._error(
                    PlivoApiError,
                    method,
                    path,
                    failure["status"],
                    failure["error"],
                    failure["api_id"],
                    detail=f"gave up after {attempt} attempts (max_retries={self.max_retries})",
                    params=params,
                )
            if failure["status"] == TOO_MANY_REQUESTS:
                continue  # the next acquire() waits out the hold set when the 429 arrived
            self._sleep(delay if delay is not None else retry_delay(attempt, self.max_retry_delay, self._rand, retry_after))

    def _not_found(self, method: str, path: str, response: requests.Response, params: dict[str, Any] | None, confirming: bool) -> dict[str, Any] | None:
        """None (absent) for the API's own 404 of a resource; an error for a 404 that cannot be the API's answer."""
        error, api_id = self._error_details(response)
        if confirming:
            raise self._error(
                PlivoApiError,
                method,
                path,
                404,
                error,
                api_id,
                detail="the account's Powerpack list is not found there either, so this is not the Plivo API: "
                "check api_url (only the scheme, host and optional port, e.g. https://api.plivo.com)",
                params=params,
            )
        if not self._is_json_object(response):
            raise self._error(PlivoApiError, method, path, 404, error, api_id, detail="a 404 that is not the API's JSON answer: check api_url", params=params)
        self.confirm_api()
        return None

    @staticmethod
    def _is_json_object(response: requests.Response) -> bool:
        if not response.content or not response.content.strip():
            return True  # some deletes answer 404 with no body; the API is confirmed separately
        try:
            return isinstance(response.json(), dict)
        except ValueError:
            return False

    def _transport_message(self, kind: str, exc: BaseException) -> str:
        reason = _transport_reason(exc)
        if isinstance(exc, requests.exceptions.SSLError):
            return f"TLS error talking to {self.api_url}: {reason} (for a test API with a self-signed certificate set validate_certs: false)"
        if kind in (_NOT_SENT, _UNREACHABLE):
            return f"could not connect to {self.api_url}: {reason}"
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return f"no answer from {self.api_url} within {self.timeout} seconds (timeout)"
        if kind == _LOST:
            return f"the connection to {self.api_url} broke before the answer arrived: {reason}"
        return f"the request could not be sent: {reason}"

    def _success_body(self, method: str, path: str, response: requests.Response, params: dict[str, Any] | None) -> dict[str, Any]:
        if response.status_code == 204 or not response.content or not response.content.strip():
            return {}
        try:
            body = response.json()
        except ValueError:
            raise self._error(PlivoApiError, method, path, response.status_code, self._non_json(response), params=params) from None
        if body is None:
            return {}
        if not isinstance(body, dict):
            raise self._error(PlivoApiError, method, path, response.status_code, f"expected a JSON object, got {type(body).__name__}", params=params)
        return body

    def _non_json(self, response: requests.Response) -> str:
        content_type = response.headers.get("Content-Type") or "no content type"
        return f"the answer is not JSON ({content_type}): {self._excerpt(response.text) or '(blank)'}"

    def _excerpt(self, text: str, limit: int = 200) -> str:
        # Redacted before it is cut, so a cut can never leave part of a secret behind.
        return _cut(redact(_readable(text), self.secrets) or "", limit)

    def _error_details(self, response: requests.Response) -> tuple[str, str | None]:
        """The API's error text and api_id from any of the error body shapes seen in the wild."""
        reason = response.reason or "no error message"
        if not response.content or not response.content.strip():
            return reason, None
        try:
            body = response.json()
        except ValueError:
            return self._non_json(response), None
        if not isinstance(body, dict):
            return self._excerpt(json.dumps(body)), None
        api_id = body.get("api_id")
        error: Any = body.get("error")
        if isinstance(error, dict):  # {"error": {"error": "...", "api_id": "..."}}
            api_id = api_id or error.get("api_id")
            error = error.get("error") or error.get("message") or (json.dumps(error, sort_keys=True) if error else None)
        if isinstance(error, list):
            error = "; ".join(str(item) for item in error)
        if not error:
            error = body.get("message") or reason
        return self._excerpt(str(error), limit=500), str(api_id) if api_id else None

    def _error(
        self,
        error_class: type[PlivoApiError],
        method: str,
        path: str,
        status: int | None,
        error: str | None,
        api_id: str | None = None,
        detail: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> PlivoApiError:
        url = self.base_url + path + ("?" + urlencode(params) if params else "")
        return error_class(
            method,
            "/" + path,
            status=status,
            error=redact(error, self.secrets),
            api_id=redact(api_id, self.secrets),  # taken from the answer's body, which may echo anything
            detail=redact(detail, self.secrets),
            url=redact(url, self.secrets),
        )


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _last_page(objects: list[Any], meta: dict[str, Any], offset: int, page_size: int) -> bool:
    limit = meta.get("limit")
    expected = min(page_size, limit) if _is_count(limit) and limit > 0 else page_size
    total = meta.get("total_count")
    return len(objects) < expected or (_is_count(total) and offset >= total)
