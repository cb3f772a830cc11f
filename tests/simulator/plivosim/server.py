"""HTTP/1.1 keep-alive server: reads requests, applies latency and faults, logs, writes answers."""

from __future__ import annotations

import json
import socket
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .control import handle_control, is_control_path
from .faults import KIND_DELAY, KIND_DROP
from .request import new_api_id
from .requestlog import redact
from .responses import Response, json_response

IDLE_CONNECTION_TIMEOUT = 120


def parse_query(query_string):
    """The query as a dict: one value per name (the last one when a name repeats)."""
    return {name: values[-1] for name, values in parse_qs(query_string, keep_blank_values=True).items()}


def loggable_body(raw_body):
    """The JSON body for the request log, secrets redacted; None when empty or not JSON."""
    if not raw_body.strip():
        return None
    try:
        return redact(json.loads(raw_body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        return None


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, core, access_log=False):
        self.address_family = _address_family(address[0])
        self.core = core
        self.access_log = access_log
        super().__init__(address, SimulatorRequestHandler)

    @property
    def base_url(self):
        host, port = self.server_address[:2]
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port:d}"


def _address_family(host):
    if ":" in host:
        return socket.AF_INET6
    return socket.AF_INET


class DroppedConnection(Exception):
    """Raised to close the connection without answering."""


class SimulatorRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PlivoSimulator/1.0"
    sys_version = ""
    timeout = IDLE_CONNECTION_TIMEOUT
    # The headers and the body go out in two writes: with Nagle's algorithm, the body would wait for the client's
    # delayed ACK, about 40 ms per response on a reused connection, which a production API server does not add.
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.connection_id = self.server.core.connections.opened()
        self.classified = False

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):
        if self.server.access_log:
            sys.stderr.write(f"{self.log_date_time_string()} [conn {self.connection_id:d}] {format % args}\n")

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def do_PUT(self):
        self._serve()

    def do_PATCH(self):
        self._serve()

    def do_DELETE(self):
        self._serve()

    def _serve(self):
        started = time.monotonic()
        core = self.server.core
        target = urlsplit(self.path)
        path, query = target.path, parse_query(target.query)
        raw_body = self._read_body()
        control = is_control_path(path)
        if not self.classified:
            core.connections.classify(control)
            self.classified = True
        if control:
            self._send(handle_control(core, self.command, path, query, raw_body))
            return
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "body": loggable_body(raw_body),
            "status": None,
            "applied_status": None,
            "fault": None,
            "connection_id": self.connection_id,
        }
        try:
            response = self._answer_api(core, path, query, raw_body, entry)
        except DroppedConnection:
            response = None
        entry["status"] = response.status if response is not None else 0
        entry["duration_ms"] = round((time.monotonic() - started) * 1000.0, 3)
        # Logged before answering, so a client that reads the log right after its answer finds the entry.
        core.log.append(entry)
        if response is None:
            self.close_connection = True
        else:
            self._send(response)

    def _answer_api(self, core, path, query, raw_body, entry):
        if core.settings.latency_ms:
            time.sleep(core.settings.latency_ms / 1000.0)
        rule = core.faults.take(self.command, path)
        if rule is not None:
            entry["fault"] = rule.kind
        if rule is not None and not rule.after_apply:
            self._fault_delay(rule)
            if rule.kind != KIND_DELAY:
                return self._fault_answer(rule)
        response = self._handle(core, path, query, raw_body)
        entry["applied_status"] = response.status
        if rule is not None and rule.after_apply:
            self._fault_delay(rule)
            if rule.kind != KIND_DELAY:
                return self._fault_answer(rule)
        return response

    def _handle(self, core, path, query, raw_body):
        try:
            return core.handle_api(self.command, path, query, self.headers, raw_body)
        except Exception:  # a simulator bug: answer 500 instead of killing the connection
            traceback.print_exc(file=sys.stderr)
            return json_response(500, {"api_id": new_api_id(), "error": "internal simulator error"})

    @staticmethod
    def _fault_delay(rule):
        if rule.delay_ms:
            time.sleep(rule.delay_ms / 1000.0)

    @staticmethod
    def _fault_answer(rule):
        if rule.kind == KIND_DROP:
            raise DroppedConnection()
        status, headers, payload = rule.answer(new_api_id())
        return Response(status, headers, payload)

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if not length or not length.strip().isdigit():
            return b""
        return self.rfile.read(int(length))

    def _read_chunked(self):
        chunks = []
        while True:
            size_line = self.rfile.readline(65537)
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(65537)

    def _send(self, response):
        try:
            self._write(response)
        except ConnectionError:
            # The client gave up (e.g. timed out during a fault delay); nothing left to answer.
            self.close_connection = True

    def _write(self, response):
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != 204:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.body and response.status != 204:
            self.wfile.write(response.body)
        self.wfile.flush()
