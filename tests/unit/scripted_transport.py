# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted transport for wire-level tests of the client: answers requests from a script, in order, and records them.

ScriptedTransport is a requests transport adapter: the client's real code path runs (session, adapter, response
parsing), only the network is replaced. Each request gets the next scripted reply or exception (or what a
callable(sent) gives). The module tests use the Plivo API simulator in-process instead (tests/unit/simulated_api.py).

    transport = ScriptedTransport(reply(200, {"objects": []}), connection_refused())
    session = transport.session()            # mount it for every URL
    transport.sent                           # Sent objects: method, url, path (relative to BASE_URL), query, body
"""

from __future__ import annotations

import collections
import http.client
import io
import json
import pathlib
import threading
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

AUTH_ID = "MAODZKMDFJMJU3MTEYNG"
AUTH_TOKEN = "Zk9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkw"
API_URL = "https://api.plivo.test"
BASE_URL = f"{API_URL}/v1/Account/{AUTH_ID}/"


class Sent:
    """One request as it left the client."""

    def __init__(self, request: requests.PreparedRequest, timeout: Any, verify: Any) -> None:
        self.method = request.method
        self.url = request.url
        parts = urlsplit(request.url)
        self.raw_path = parts.path
        prefix = urlsplit(BASE_URL).path
        self.path = parts.path[len(prefix) :] if parts.path.startswith(prefix) else parts.path
        self.query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        body = request.body
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        self.body = json.loads(body) if body else None
        self.headers = dict(request.headers)
        self.timeout = timeout
        self.verify = verify

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} {self.body if self.body is not None else self.query}>"


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None, text: str | None = None) -> SimpleNamespace:
    """A scripted answer: status, headers and content (text as it is, or body as JSON)."""
    headers = dict(headers or {})
    if text is not None:
        content = text.encode("utf-8")
    elif body is not None:
        content = json.dumps(body).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    else:
        content = b""
    return SimpleNamespace(status=status, headers=headers, content=content)


def connection_refused(error: str = "[Errno 111] Connection refused") -> requests.exceptions.ConnectionError:
    """A connection that could not be made: refused, or for another error (an unknown host: "[Errno -2] ...")."""
    connection = urllib3.connection.HTTPSConnection("api.plivo.test")  # not connected: only its repr shows in the message
    reason = urllib3.exceptions.NewConnectionError(connection, f"Failed to establish a new connection: {error}")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/v1/", reason))


def connection_dropped() -> requests.exceptions.ConnectionError:
    reason = urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))
    return requests.exceptions.ConnectionError(reason)


def read_timeout() -> requests.exceptions.ReadTimeout:
    return requests.exceptions.ReadTimeout("HTTPSConnectionPool(host='api.plivo.test', port=443): Read timed out. (read timeout=30)")


def connect_timeout() -> requests.exceptions.ConnectTimeout:
    return requests.exceptions.ConnectTimeout("HTTPSConnectionPool(host='api.plivo.test', port=443): connect timed out")


class ScriptedTransport(HTTPAdapter):
    """Answers each request with the next scripted reply or exception (or callable(sent) giving one)."""

    def __init__(self, *script: Any) -> None:
        super().__init__()
        self.script = collections.deque(script)
        self.sent: list[Sent] = []
        self.sessions: list[requests.Session] = []  # filled by scripted_client

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # pylint: disable=arguments-differ
        sent = Sent(request, timeout, verify)
        self.sent.append(sent)
        if not self.script:
            raise AssertionError(f"unexpected request: {sent!r}")
        outcome = self.script.popleft()
        if callable(outcome):
            outcome = outcome(sent)
        if isinstance(outcome, BaseException):
            raise outcome
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(outcome.content),
            headers=outcome.headers,
            status=outcome.status,
            reason=http.client.responses.get(outcome.status, ""),
            preload_content=False,
            decode_content=False,
        )
        return self.build_response(request, raw)

    def session(self) -> requests.Session:
        """A session with this adapter for every URL."""
        session = requests.Session()
        session.mount("https://", self)
        session.mount("http://", self)
        return session


FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "plivo_api"


def load_fixture(name: str) -> Any:
    """A response body recorded from an official Plivo SDK's test suite (tests/fixtures/plivo_api)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def priority_entry(country: str, service: str, first: str, second: str, third: str) -> dict[str, Any]:
    """An API-shaped number_priority entry."""
    return {"country_iso": country, "service_type": service, "priority": {"priority1": first, "priority2": second, "priority3": third}}


class FakeClock:
    """Time that passes only when something sleeps: every sleep is recorded, not slept (safe to share between threads)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)


def scripted_client(monkeypatch: Any, *script: Any, **options: Any) -> tuple[Any, ScriptedTransport, list[float]]:
    """A PlivoClient whose every connection, made through _client.new_session, goes to one ScriptedTransport:
    (client, transport, sleeps). Sleeps (the client's and its rate limiter's) are recorded on a FakeClock, not
    slept; jitter is fixed at its middle (rand 0.5). transport.sessions lists the sessions the client opened."""
    from ansible_collections.plivo.messaging.plugins.module_utils import _client
    from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient

    transport = ScriptedTransport(*script)

    def new_session() -> requests.Session:
        transport.sessions.append(transport.session())
        return transport.sessions[-1]

    monkeypatch.setattr(_client, "new_session", new_session)
    clock = options.pop("clock", None) or FakeClock()
    settings = dict(api_url=API_URL, sleep=clock.sleep, clock=clock, rand=lambda: 0.5)
    settings.update(options)
    return PlivoClient(AUTH_ID, AUTH_TOKEN, **settings), transport, clock.sleeps
