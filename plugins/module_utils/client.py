# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP client for the Plivo REST API, shared by every module of the collection.

It speaks JSON over one requests.Session (one TCP connection per module run), retries what is safe to
retry, and turns every failure into PlivoApiError (or PlivoOutcomeUnknown for a write whose answer was lost).
"""

from __future__ import annotations

import base64
import html
import json
import random
import re
import time
import traceback
from typing import Any, Callable, Iterator
from urllib.parse import quote

from ansible_collections.plivo.messaging.plugins.module_utils.errors import (
    PlivoApiError,
    PlivoOutcomeUnknown,
    PlivoValidationError,
    redact,
)
from ansible_collections.plivo.messaging.plugins.module_utils.retry import retry_delay
from ansible_collections.plivo.messaging.plugins.module_utils.version import user_agent

try:
    import requests
    import urllib3
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

DEFAULT_API_URL = "https://api.plivo.com"
PAGE_SIZE = 20  # the API's maximum
# A safety net against an API that ignores offset and keeps answering full pages.
MAX_PAGES = 5000

SUCCESS_STATUSES = frozenset((200, 201, 202, 204))
# Server errors worth another try, for requests that are safe to repeat.
TRANSIENT_STATUSES = frozenset((500, 502, 503, 504))
TOO_MANY_REQUESTS = 429
IDEMPOTENT_METHODS = frozenset(("GET", "DELETE"))

OUTCOME_UNKNOWN_DETAIL = "the answer was lost, so the request may or may not have been applied"

# How a transport failure bears on retrying.
_NOT_SENT = "not-sent"  # no connection was established: safe to repeat any request
_LOST = "lost"  # the request may have reached the API: only idempotent requests are repeated
_FATAL = "fatal"  # repeating cannot help (TLS failure, malformed URL ...)


def new_session() -> requests.Session:
    """The session every client starts from (unit tests replace this to mount a fake transport)."""
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


def _html_excerpt(text: str, limit: int = 200) -> str:
    """A short, readable excerpt of an unexpected (often HTML) body."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = "".join(char if char.isprintable() else " " for char in text)
    text = " ".join(text.split())
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
        reason = "{}: {}".format(str(reason.args[0]).rstrip("."), reason.args[1])  # ('Connection aborted.', RemoteDisconnected(...))
    text = str(reason)
    text = re.sub(r"<[^<>]*>:?\s*", "", text)
    text = re.sub(r"\w*Connection(?:Pool)?\([^)]*\):\s*", "", text)
    return " ".join(text.split()) or type(reason).__name__


def _never_connected(exc: BaseException) -> bool:
    """True when the failure happened while opening the connection (refused, DNS, connect timeout)."""
    candidates = [exc]
    for arg in getattr(exc, "args", ()):
        candidates.append(arg)
        if isinstance(arg, urllib3.exceptions.MaxRetryError):
            candidates.append(arg.reason)
    return any(isinstance(item, urllib3.exceptions.ConnectTimeoutError) for item in candidates)  # NewConnectionError is one


def _classify(exc: BaseException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return _FATAL
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.ProxyError)):
        return _NOT_SENT
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return _LOST
    if isinstance(exc, requests.exceptions.ConnectionError):
        return _NOT_SENT if _never_connected(exc) else _LOST
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return _LOST
    return _FATAL


class PlivoClient:
    """The Plivo REST API under {api_url}/v1/Account/{auth_id}/, for one module run.

    Paths given to get/post/delete/paginate are relative to the account and built with build_path().
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
        sleep: Callable[[float], None] | None = None,
        rand: Callable[[], float] | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.auth_id = auth_id
        self.api_url = api_url.rstrip("/")
        self.base_url = "{}/v1/Account/{}/".format(self.api_url, quote(auth_id, safe=""))
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self._sleep = sleep if sleep is not None else default_sleep
        self._rand = rand if rand is not None else random.random
        basic = base64.b64encode(f"{auth_id}:{auth_token}".encode()).decode("ascii")
        self._secrets = (auth_token, basic, quote(auth_token, safe=""))
        self._session = session if session is not None else new_session()
        self._session.auth = (auth_id, auth_token)
        self._session.verify = validate_certs
        self._session.headers.update({"Accept": "application/json", "Content-Type": "application/json", "User-Agent": user_agent()})

    def __repr__(self) -> str:
        return f"PlivoClient(api_url={self.api_url!r}, auth_id={self.auth_id!r})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> PlivoClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def get(self, path: str, params: dict[str, Any] | None = None, missing_ok: bool = False) -> dict[str, Any] | None:
        """GET a resource; None when it does not exist (404) and missing_ok is set."""
        return self.request("GET", path, params=params, missing_ok=missing_ok)

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST a JSON body (create, update, add). Raises PlivoOutcomeUnknown when the answer was lost."""
        result = self.request("POST", path, body=body if body is not None else {})
        return result if result is not None else {}

    def delete(self, path: str, body: dict[str, Any] | None = None, missing_ok: bool = False) -> dict[str, Any] | None:
        """DELETE with a JSON body. With missing_ok a 404 counts as done and gives None: the resource is gone,
        whether an earlier attempt whose answer was lost removed it or something else did."""
        return self.request("DELETE", path, body=body, missing_ok=missing_ok)

    def pages(self, path: str, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> Iterator[list[dict[str, Any]]]:
        """Yield the objects of a list endpoint page by page (limit/offset); stop consuming to stop reading.

        Reads until offset >= meta.total_count or a page comes back short or empty. meta.next is never
        followed: the API spells it in several formats.
        """
        where = "/" + path
        offset = 0
        previous: list[Any] | None = None
        for _dummy in range(MAX_PAGES):
            query = dict(params or {})
            query.update(limit=page_size, offset=offset)
            body = self.get(path, params=query) or {}
            objects = body.get("objects")
            meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
            if objects is None:
                objects = []
            if not isinstance(objects, list):
                raise self._error(PlivoApiError, "GET", where, 200, "the list answer has no 'objects' list")
            if objects and objects == previous:
                raise self._error(PlivoApiError, "GET", where, 200, f"the API answered offset {offset} with the previous page again")
            previous = objects
            yield objects
            offset += len(objects)
            limit = meta.get("limit")
            expected = min(page_size, limit) if _is_count(limit) and limit > 0 else page_size
            total = meta.get("total_count")
            if len(objects) < expected or (_is_count(total) and offset >= total):
                return
        raise self._error(PlivoApiError, "GET", where, None, f"the list did not end after {MAX_PAGES} pages")

    def paginate(self, path: str, params: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Yield every object of a list endpoint, reading pages only as far as the caller consumes."""
        for page in self.pages(path, params=params, page_size=page_size):
            yield from page

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        missing_ok: bool = False,
    ) -> dict[str, Any] | None:
        """Send one logical request, retrying what is safe to retry; the parsed JSON answer ({} for an empty one)."""
        method = method.upper()
        idempotent = method in IDEMPOTENT_METHODS
        where = "/" + path
        url = self.base_url + path
        attempt = 0
        while True:
            attempt += 1
            retry_after = None
            try:
                response = self._session.request(method, url, params=params, json=body, timeout=self.timeout, verify=self.validate_certs, allow_redirects=False)
            except requests.exceptions.RequestException as exc:
                kind = _classify(exc)
                message = self._transport_message(kind, exc)
                if kind == _FATAL:
                    raise self._error(PlivoApiError, method, where, None, message)
                if kind == _LOST and not idempotent:
                    raise self._error(PlivoOutcomeUnknown, method, where, None, message, detail=OUTCOME_UNKNOWN_DETAIL)
                failure = dict(status=None, error=message, api_id=None)
            else:
                status = response.status_code
                if status in SUCCESS_STATUSES:
                    return self._success_body(method, where, response)
                if status == 404 and missing_ok:
                    return None
                error, api_id = self._error_details(response)
                failure = dict(status=status, error=error, api_id=api_id)
                if 300 <= status < 400:
                    location = response.headers.get("Location", "")
                    raise self._error(
                        PlivoApiError,
                        method,
                        where,
                        status,
                        f"unexpected redirect to {location[:200]!r}",
                        api_id,
                        detail="check api_url",
                    )
                # A 429 was not processed, so any method may be repeated; a 5xx only leaves reads and deletes safe to repeat.
                if status != TOO_MANY_REQUESTS and not (idempotent and status in TRANSIENT_STATUSES):
                    if status >= 500 and not idempotent:
                        raise self._error(PlivoOutcomeUnknown, method, where, status, error, api_id, detail=OUTCOME_UNKNOWN_DETAIL)
                    raise self._error(PlivoApiError, method, where, status, error, api_id)
                retry_after = response.headers.get("Retry-After")  # sent with 429, and by some proxies with 503
            if attempt > self.max_retries:
                raise self._error(
                    PlivoApiError,
                    method,
                    where,
                    failure["status"],
                    failure["error"],
                    failure["api_id"],
                    detail=f"gave up after {attempt} attempts (max_retries={self.max_retries})",
                )
            self._sleep(retry_delay(attempt, self.max_retry_delay, self._rand, retry_after))

    def _transport_message(self, kind: str, exc: BaseException) -> str:
        reason = _transport_reason(exc)
        if isinstance(exc, requests.exceptions.SSLError):
            return f"TLS error talking to {self.api_url}: {reason} (for a test API with a self-signed certificate set validate_certs: false)"
        if kind == _NOT_SENT:
            return f"could not connect to {self.api_url}: {reason}"
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return f"no answer from {self.api_url} within {self.timeout} seconds (timeout)"
        if kind == _LOST:
            return f"the connection to {self.api_url} broke before the answer arrived: {reason}"
        return f"the request could not be sent: {reason}"

    def _success_body(self, method: str, where: str, response: requests.Response) -> dict[str, Any]:
        if response.status_code == 204 or not response.content or not response.content.strip():
            return {}
        try:
            body = response.json()
        except ValueError:
            raise self._error(PlivoApiError, method, where, response.status_code, self._non_json(response)) from None
        if not isinstance(body, dict):
            raise self._error(PlivoApiError, method, where, response.status_code, f"expected a JSON object, got {type(body).__name__}")
        return body

    @staticmethod
    def _non_json(response: requests.Response) -> str:
        content_type = response.headers.get("Content-Type") or "no content type"
        return "the answer is not JSON ({}): {}".format(content_type, _html_excerpt(response.text) or "(blank)")

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
            return _html_excerpt(json.dumps(body)), None
        api_id = body.get("api_id")
        error: Any = body.get("error")
        if isinstance(error, dict):  # {"error": {"error": "...", "api_id": "..."}}
            api_id = api_id or error.get("api_id")
            error = error.get("error") or error.get("message") or (json.dumps(error, sort_keys=True) if error else None)
        if isinstance(error, list):
            error = "; ".join(str(item) for item in error)
        if not error:
            error = body.get("message") or reason
        return _html_excerpt(str(error), limit=500), str(api_id) if api_id else None

    def _error(
        self,
        error_class: type,
        method: str,
        where: str,
        status: int | None,
        error: str | None,
        api_id: str | None = None,
        detail: str | None = None,
    ) -> PlivoApiError:
        return error_class(method, where, status=status, error=redact(error, self._secrets), api_id=api_id, detail=redact(detail, self._secrets))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
