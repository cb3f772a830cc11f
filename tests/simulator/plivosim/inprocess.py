"""The simulator in the caller's own process: a ``requests`` transport adapter answering from a ``SimulatorCore``.

A ``requests.Session`` with ``SimulatorAdapter`` mounted gets the answers the HTTP server would send (status,
headers, JSON body), the request log is filled the same way and the fault rules apply the same way (through
``exchange.serve_api``, like ``server.py``): a status fault answers instead of (or, with ``after_apply``, after)
the real handler, and ``drop`` raises the ``requests.exceptions.ConnectionError`` that a connection closed
without an answer gives. Latency and fault delays are not slept (``sleep`` may be given to sleep or record
them), but a request whose simulated delays exceed its read timeout raises ``ReadTimeout``, as over a socket.

This module is the only part of the simulator that needs ``requests``; the server never imports it.

    simulator = InProcessSimulator(seed={"numbers": ["14155550101"]}, base_url="https://api.plivo.test")
    session = simulator.session()                   # one adapter, so one connection, per session
    session.get("https://api.plivo.test/v1/Account/MASIMULATOR000000001/Powerpack/", auth=simulator.credentials)
    simulator.requests(), simulator.state(), simulator.add_fault(drop=True), simulator.connections()
"""

from __future__ import annotations

import email.utils
import http.client
import io
import threading
import time
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from .control import handle_control
from .control import is_control_path
from .core import SimulatorCore
from .exchange import parse_query
from .exchange import serve_api
from .server import SimulatorRequestHandler
from .settings import Settings

DEFAULT_BASE_URL = "https://api.plivo.test"
SERVER_HEADER = SimulatorRequestHandler.server_version


class _PoolLabel:
    """What urllib3 prints for a connection pool in its error messages."""

    def __init__(self, scheme, host, port):
        self.text = f"{'HTTPS' if scheme == 'https' else 'HTTP'}ConnectionPool(host={host!r}, port={port})"

    def __str__(self):
        return self.text


def _default_port(parts):
    return parts.port or (443 if parts.scheme == "https" else 80)


def _read_timeout(timeout):
    """The read timeout in seconds from what requests passes on (a number, a (connect, read) pair, a Timeout, None)."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    if isinstance(timeout, urllib3.Timeout):
        timeout = timeout.read_timeout
    return timeout if isinstance(timeout, (int, float)) else None


def _body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        return body.read()
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in body)  # a chunked (iterable) body


class SimulatorAdapter(HTTPAdapter):
    """Answers a session's requests for ``base_url`` (scheme and host) from ``core``; any other URL is refused.

    One adapter stands for one keep-alive connection, like the one a ``requests.Session`` keeps to the HTTP
    server: it is counted (``core.connections``) at its first request, and again after a dropped connection or
    a read timeout (the connection is gone, so the next request opens a new one) or ``close()``.
    """

    def __init__(self, core, base_url=DEFAULT_BASE_URL, sleep=None):
        super().__init__()
        parts = urlsplit(base_url)
        self.core = core
        self.origin = (parts.scheme.lower(), (parts.hostname or "").lower(), _default_port(parts))
        self.sleep = sleep
        self._connection_id = None
        self._lock = threading.Lock()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # pylint: disable=arguments-differ
        parts = urlsplit(request.url)
        if (parts.scheme.lower(), (parts.hostname or "").lower(), _default_port(parts)) != self.origin:
            raise self._refused(request, parts)
        raw_body = _body_bytes(request.body)
        path, query = parts.path, parse_query(parts.query)
        control = is_control_path(path)
        connection_id = self._connection(control)
        if control:
            return self._build(request, handle_control(self.core, request.method, path, query, raw_body))
        delays = []

        def delay(seconds):
            delays.append(seconds)
            if self.sleep is not None:
                self.sleep(seconds)

        response = serve_api(self.core, request.method, path, query, request.headers, raw_body, connection_id, started=time.monotonic(), sleep=delay)
        if response is None:
            self._disconnect()
            reason = urllib3.exceptions.ProtocolError("Connection aborted.", http.client.RemoteDisconnected("Remote end closed connection without response"))
            raise requests.exceptions.ConnectionError(reason, request=request)
        read_timeout = _read_timeout(timeout)
        if read_timeout is not None and sum(delays) > read_timeout:
            self._disconnect()
            pool = _PoolLabel(parts.scheme, parts.hostname, _default_port(parts))
            reason = urllib3.exceptions.ReadTimeoutError(pool, request.url, f"Read timed out. (read timeout={read_timeout})")
            raise requests.exceptions.ReadTimeout(reason, request=request)
        return self._build(request, response)

    def close(self):
        self._disconnect()
        super().close()

    def _connection(self, control):
        with self._lock:
            if self._connection_id is None:
                self._connection_id = self.core.connections.opened()
                self.core.connections.classify(control)
            return self._connection_id

    def _disconnect(self):
        with self._lock:
            self._connection_id = None

    def _build(self, request, response):
        """A requests.Response with the status, headers and body the HTTP server writes for ``response``."""
        headers = [("Server", SERVER_HEADER), ("Date", email.utils.formatdate(usegmt=True)), *response.headers]
        body = b"" if response.status == 204 else response.body
        if response.status != 204:
            headers.append(("Content-Length", str(len(body))))
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            headers=headers,
            status=response.status,
            reason=http.client.responses.get(response.status, ""),
            version=11,
            preload_content=False,
            decode_content=False,
            request_method=request.method,
            request_url=request.url,
        )
        return self.build_response(request, raw)

    @staticmethod
    def _refused(request, parts):
        connection = urllib3.connection.HTTPConnection(parts.hostname or "", _default_port(parts))  # never connected: only its repr shows
        reason = urllib3.exceptions.NewConnectionError(connection, "Failed to establish a new connection: [Errno 111] Connection refused")
        pool = _PoolLabel(parts.scheme, parts.hostname, _default_port(parts))
        return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(pool, parts.path, reason), request=request)


class InProcessSimulator:
    """A ``SimulatorCore`` with the control-plane calls of ``harness.Simulator``, and sessions that reach it.

    ``seed``: a seed or state document (dict); ``base_url``: the API URL clients use (only its scheme and host
    matter); ``settings``: a ``Settings``, else one made from ``settings_kwargs`` (``duplicate_name="conflict"``,
    ``profile="recorded"``, ``auth_id=...``); ``sleep``: called with the simulated latency and fault delays
    (default: they are not slept).
    """

    def __init__(self, seed=None, base_url=DEFAULT_BASE_URL, settings=None, sleep=None, **settings_kwargs):
        if settings is not None and settings_kwargs:
            raise TypeError("give settings or setting keywords, not both")
        self.settings = settings if settings is not None else Settings(**settings_kwargs)
        self.core = SimulatorCore(self.settings, seed or {})
        self.base_url = base_url.rstrip("/")
        self.sleep = sleep

    @property
    def auth_id(self):
        return self.settings.auth_id

    @property
    def auth_token(self):
        return self.settings.auth_token

    @property
    def credentials(self):
        return (self.settings.auth_id, self.settings.auth_token)

    @property
    def account_url(self):
        return f"{self.base_url}/v1/Account/{self.settings.auth_id}/"

    def adapter(self):
        return SimulatorAdapter(self.core, self.base_url, sleep=self.sleep)

    def session(self):
        """A new ``requests.Session`` whose every request goes to this simulator (other hosts are refused)."""
        session = requests.Session()
        adapter = self.adapter()
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    # The control plane, as in harness.Simulator (SeedError / ValueError instead of SimulatorError).

    def reset(self, seed=None):
        self.core.reset(seed)
        return self.core.dump()

    def state(self):
        return self.core.dump()

    def load_state(self, document):
        self.core.replace_account(document)
        return self.core.dump()

    def requests(self, since=None):
        return self.core.log.entries(since or 0)

    def clear_requests(self):
        self.core.log.clear()

    def write_requests(self, since=None):
        """Logged requests whose method is not GET."""
        return [entry for entry in self.requests(since) if entry["method"] != "GET"]

    def add_fault(self, **rule):
        return self.core.faults.add(rule).view()

    def faults(self):
        return self.core.faults.rules()

    def clear_faults(self):
        self.core.faults.clear()

    def connections(self):
        return self.core.connections.snapshot()

    def reset_connections(self):
        self.core.connections.reset()
        return self.core.connections.snapshot()

    def config(self):
        return self.settings.as_dict()
