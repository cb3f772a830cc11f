"""Start the Plivo API simulator for tests and scripts (standard library only).

As a library::

    from harness import Simulator          # with tests/simulator on sys.path
    with Simulator(seed={"numbers": ["14155550101"]}, rate_limit=5) as sim:
        sim.api("POST", "Powerpack/", {"name": "demo"})
        sim.add_fault(method="POST", path="/Powerpack/$", status=503, retry_after="2")
        print(sim.write_requests())

As a command (exports PLIVO_API_URL, PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_SIM_URL for CMD)::

    python tests/simulator/harness.py run [--seed FILE] [simulator flags...] -- CMD ARGS...
"""

from __future__ import annotations

import argparse
import base64
import http.client
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
SIMULATOR_SCRIPT = os.path.join(HERE, "plivo_simulator.py")


def _load_defaults():
    # Loaded by file path so that importing the harness does not need tests/simulator on sys.path.
    spec = importlib.util.spec_from_file_location("_plivosim_defaults", os.path.join(HERE, "plivosim", "defaults.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_DEFAULTS = _load_defaults()
DEFAULT_AUTH_ID = _DEFAULTS.DEFAULT_AUTH_ID
DEFAULT_AUTH_TOKEN = _DEFAULTS.DEFAULT_AUTH_TOKEN
DEFAULT_STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0


class SimulatorError(RuntimeError):
    """The simulator did not start, or a control-plane call failed."""


class HttpResult:
    """An HTTP answer: ``status``, ``headers`` (names in lower case), ``body`` (bytes)."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None

    def __repr__(self):
        return f"HttpResult({self.status:d}, {self.text[:200]!r})"


def basic_auth_header(user, password):
    token = base64.b64encode((f"{user}:{password}").encode()).decode("ascii")
    return "Basic " + token


def http_request(base_url, method, path, body=None, headers=None, timeout=30.0):
    """One request on a fresh connection; ``body`` may be bytes, a str, or a JSON-able object."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        return HttpResult(response.status, {name.lower(): value for name, value in response.getheaders()}, payload)
    finally:
        connection.close()


def flag_args(flags):
    """``{"rate_limit": 5, "access_log": True}`` -> ``["--rate-limit", "5", "--access-log"]``."""
    args = []
    for name, value in flags.items():
        if value is None or value is False:
            continue
        option = "--" + name.replace("_", "-")
        if value is True:
            args.append(option)
        else:
            args.extend([option, str(value)])
    return args


class Simulator:
    """A simulator subprocess on a free port; a context manager.

    ``seed`` is a seed dict or the path of a seed file; ``args`` are extra command-line flags;
    keyword ``flags`` become flags too (``latency_ms=50`` -> ``--latency-ms 50``). The simulator runs
    under ``python``, else ``$PLIVO_SIM_PYTHON``, else the current interpreter.
    """

    def __init__(
        self,
        seed=None,
        args=(),
        auth_id=DEFAULT_AUTH_ID,
        auth_token=DEFAULT_AUTH_TOKEN,
        host="127.0.0.1",
        startup_timeout=DEFAULT_STARTUP_TIMEOUT,
        python=None,
        **flags,
    ):
        self.seed = seed
        self.extra_args = list(args) + flag_args(flags)
        self.auth_id = auth_id
        self.auth_token = auth_token
        self.host = host
        self.startup_timeout = startup_timeout
        self.python = python or os.environ.get("PLIVO_SIM_PYTHON") or sys.executable
        self.base_url = None
        self.process = None
        self.returncode = None
        self._workdir = None
        self._stderr_path = None

    # Life cycle

    def command(self, ready_file):
        command = [self.python, SIMULATOR_SCRIPT, "--host", self.host, "--port", "0", "--ready-file", ready_file]
        command += ["--auth-id", self.auth_id, "--auth-token", self.auth_token]
        if isinstance(self.seed, dict):
            seed_path = os.path.join(self._workdir, "seed.json")
            with open(seed_path, "w", encoding="utf-8") as stream:
                json.dump(self.seed, stream)
            command += ["--seed", seed_path]
        elif self.seed is not None:
            command += ["--seed", os.fspath(self.seed)]
        return command + self.extra_args

    def start(self):
        if self.process is not None:
            raise SimulatorError(f"the simulator is already running at {self.base_url}")
        self._workdir = tempfile.mkdtemp(prefix="plivo-sim-")
        ready_file = os.path.join(self._workdir, "ready")
        self._stderr_path = os.path.join(self._workdir, "stderr.log")
        with open(self._stderr_path, "wb") as stderr, open(os.path.join(self._workdir, "stdout.log"), "wb") as stdout:
            self.process = subprocess.Popen(self.command(ready_file), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if os.path.exists(ready_file):
                with open(ready_file, encoding="utf-8") as stream:
                    self.base_url = stream.read().strip()
                return self
            code = self.process.poll()
            if code is not None or time.monotonic() > deadline:
                reason = f"exited with status {code}" if code is not None else f"was not ready after {self.startup_timeout:.0f} s"
                details = self.stderr_text()
                self.stop()
                raise SimulatorError("the Plivo simulator {}; its stderr:\n{}".format(reason, details or "(empty)"))
            time.sleep(0.02)

    def stop(self):
        """Terminate the simulator (SIGTERM, then SIGKILL after a few seconds) and clean up."""
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            self.returncode = process.returncode
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def stderr_text(self):
        if self._stderr_path and os.path.exists(self._stderr_path):
            with open(self._stderr_path, encoding="utf-8", errors="replace") as stream:
                return stream.read()
        return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # Addresses

    @property
    def api_url(self):
        """What a client uses as its API URL: the base URL (paths start with ``/v1/Account/...``)."""
        return self.base_url

    @property
    def control_url(self):
        return self.base_url + "/_sim"

    @property
    def account_path(self):
        return f"/v1/Account/{self.auth_id}/"

    def environment(self):
        return {"PLIVO_API_URL": self.api_url, "PLIVO_AUTH_ID": self.auth_id, "PLIVO_AUTH_TOKEN": self.auth_token, "PLIVO_SIM_URL": self.control_url}

    # API calls (for tests of the simulator itself)

    def api(self, method, path, body=None, query=None, auth=True, headers=None):
        """Call the API. ``path`` is relative to the account (``"Powerpack/"``) or absolute (``"/v1/..."``).

        ``auth``: True for the simulator's credentials, a ``(user, password)`` pair, or None for none.
        """
        if not path.startswith("/"):
            path = self.account_path + path
        if query:
            path += "?" + urlencode(query)
        all_headers = {"Accept": "application/json"}
        if auth is True:
            all_headers["Authorization"] = basic_auth_header(self.auth_id, self.auth_token)
        elif auth:
            all_headers["Authorization"] = basic_auth_header(*auth)
        all_headers.update(headers or {})
        return http_request(self.base_url, method, path, body, all_headers)

    # Control plane

    def control(self, method, name, body=None, query=None):
        path = "/_sim/" + name
        if query:
            path += "?" + urlencode(query)
        result = http_request(self.base_url, method, path, body)
        if result.status >= 400:
            raise SimulatorError(f"{method} {path} failed with {result.status:d}: {result.text}")
        return result.json()

    def reset(self, seed=None):
        """Back to ``seed`` (default: the start-up seed) with no faults, an empty log and zeroed counters."""
        return self.control("POST", "reset", seed)

    def state(self):
        return self.control("GET", "state")

    def load_state(self, document):
        return self.control("PUT", "state", document)

    def requests(self, since=None):
        return self.control("GET", "requests", query={"since": since} if since is not None else None)

    def clear_requests(self):
        return self.control("DELETE", "requests")

    def write_requests(self, since=None):
        """Logged requests whose method is not GET."""
        return [entry for entry in self.requests(since) if entry["method"] != "GET"]

    def add_fault(self, **rule):
        return self.control("POST", "faults", rule)

    def faults(self):
        return self.control("GET", "faults")

    def clear_faults(self):
        return self.control("DELETE", "faults")

    def connections(self):
        return self.control("GET", "connections")

    def reset_connections(self):
        return self.control("DELETE", "connections")

    def config(self):
        return self.control("GET", "config")


def simulator_fixtures(default_seed):
    """The ``module_sim``, ``sim`` and ``launch`` fixtures of a test suite whose simulators start from ``default_seed()``.

    ``module_sim``: one simulator per test module; ``sim``: that simulator reset (seed, no fault, empty log, zeroed
    counters) before the test; ``launch(seed=..., **flags)``: extra simulators with their own flags (the default seed
    unless ``seed`` is given), stopped after the test. In a conftest.py: ``module_sim, sim, launch = simulator_fixtures(f)``.
    """
    import pytest  # pylint: disable=import-outside-toplevel  # only test suites call this; scripts need no pytest

    @pytest.fixture(scope="module", name="module_sim")
    def module_sim_fixture():
        with Simulator(seed=default_seed()) as simulator:
            yield simulator

    @pytest.fixture(name="sim")
    def sim_fixture(module_sim):
        module_sim.reset()
        return module_sim

    @pytest.fixture(name="launch")
    def launch_fixture():
        started = []

        def start(seed=_DEFAULT_SEED, **flags):
            simulator = Simulator(seed=default_seed() if seed is _DEFAULT_SEED else seed, **flags)
            started.append(simulator)
            return simulator.start()

        yield start
        for simulator in started:
            simulator.stop()

    return module_sim_fixture, sim_fixture, launch_fixture


_DEFAULT_SEED = object()

# Command line

USAGE = "usage: python harness.py run [--seed FILE] [simulator flags...] -- CMD [ARGS...]"


class _Terminated(Exception):
    pass


def _raise_terminated(signum, frame):
    raise _Terminated()


def run(sim_args, command):
    known = argparse.ArgumentParser(add_help=False)
    known.add_argument("--auth-id", default=DEFAULT_AUTH_ID)
    known.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN)
    known.add_argument("--host", default="127.0.0.1")
    options, _rest = known.parse_known_args(sim_args)
    simulator = Simulator(args=sim_args, auth_id=options.auth_id, auth_token=options.auth_token, host=options.host)
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    child = None
    try:
        simulator.start()
        environment = dict(os.environ)
        environment.update(simulator.environment())
        try:
            child = subprocess.Popen(command, env=environment)
        except OSError as exc:
            sys.stderr.write(f"harness: cannot run {command[0]}: {exc}\n")
            return 127
        code = child.wait()
    except (KeyboardInterrupt, _Terminated):
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        code = 130
    except SimulatorError as exc:
        sys.stderr.write(f"harness: {exc}\n")
        return 1
    finally:
        simulator.stop()
        signal.signal(signal.SIGTERM, previous)
    return code if code >= 0 else 128 - code


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "run" or "--" not in argv:
        sys.stderr.write(USAGE + "\n")
        return 2
    separator = argv.index("--")
    sim_args, command = argv[1:separator], argv[separator + 1 :]
    if not command:
        sys.stderr.write(USAGE + "\n")
        return 2
    return run(sim_args, command)


if __name__ == "__main__":
    sys.exit(main())
