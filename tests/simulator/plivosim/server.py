"""HTTP/1.1 keep-alive server: reads requests, applies latency and faults, logs, writes answers."""

from __future__ import annotations

import socket
import sys
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

from .control import handle_control
from .control import is_control_path
from .exchange import parse_query
from .exchange import serve_api

IDLE_CONNECTION_TIMEOUT = 120


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
        response = serve_api(core, self.command, path, query, self.headers, raw_body, self.connection_id, started=started)
        if response is None:  # a fault drops the connection
            self.close_connection = True
        else:
            self._send(response)

    # BaseHTTPRequestHandler answers a method through do_<METHOD>; HEAD and the others stay 501.
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

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
