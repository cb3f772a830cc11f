# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Plivo API simulator's real core, in-process, behind the module_utils client of a unit test.

SimulatedApi is the simulator of tests/simulator (plivosim.core.SimulatorCore: the account rules, the request log,
the fault rules, the connection counter) with its control-plane calls (as in tests/simulator/harness.py), plus
what a unit test needs: install() makes every requests.Session the client creates (CLIENT_MODULE.new_session)
talk to it through plivosim.inprocess.SimulatorAdapter, and records the client's sleeps (CLIENT_MODULE.default_sleep)
in .sleeps instead of sleeping. The simulator's latency and fault delays are not slept either.

Time is virtual for the client: its rate limiter reads a clock (.clock) that starts at 0 and moves only when the
client sleeps, per thread (each worker's time advances with its own sleeps, as it would in real time while it waits;
a thread that has not read the clock yet starts at the latest time any thread has reached). So a 429's Retry-After or
the client's own rate limit never makes a test wait or spin, and every logged request carries the virtual time it was
sent at (timed_requests()).

The ``simulated_api`` fixture of conftest.py is the usual way in:

    def test_create(simulated_api):
        api = simulated_api(seed={"numbers": ["14155550101"]})          # settings too: duplicate_name="conflict"
        api.add_fault(method="POST", path="/Powerpack/$", status=503, after_apply=True)
        result = run_module(powerpack.main, dict(name="alerts"))       # module_runner's default connection
        api.state(), api.requests(), api.write_requests(), api.faults(), api.connections(), api.sleeps
        api.powerpack("alerts"), api.members("alerts"), api.rented(), api.requests_made(), api.writes_made()
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from ansible_collections.plivo.messaging.tests.simulator.plivosim.inprocess import InProcessSimulator
from ansible_collections.plivo.messaging.tests.unit.module_runner import CONNECTION

# The module every client of the collection creates its requests.Session through (new_session), sleeps with
# (default_sleep) and builds its rate limiter in (RateLimiter). The one place that names it.
CLIENT_MODULE = "ansible_collections.plivo.messaging.plugins.module_utils._client"


class VirtualClock:
    """Seconds that pass only when a thread sleeps, counted per thread (see the module docstring)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._latest = 0.0

    def now(self) -> float:
        if not hasattr(self._local, "now"):
            with self._lock:
                self._local.now = self._latest
        return float(self._local.now)

    def advance(self, seconds: float) -> None:
        self._local.now = self.now() + max(0.0, seconds)
        with self._lock:
            self._latest = max(self._latest, self._local.now)


class SimulatedApi(InProcessSimulator):
    """An in-process simulator answering for module_runner's connection (auth_id, auth_token, api_url) by default."""

    def __init__(self, seed: dict[str, Any] | None = None, connection: dict[str, Any] | None = None, **settings: Any) -> None:
        connection = dict(CONNECTION if connection is None else connection)
        settings.setdefault("auth_id", connection["auth_id"])
        settings.setdefault("auth_token", connection["auth_token"])
        super().__init__(seed=seed, base_url=connection["api_url"], **settings)
        self.connection = dict(auth_id=self.auth_id, auth_token=self.auth_token, api_url=self.base_url)
        self.sleeps: list[float] = []
        self.clock = VirtualClock()
        self._sent_at: dict[int, float] = {}
        self._log_append = self.core.log.append
        self.core.log.append = self._append_timed

    def _append_timed(self, entry: dict[str, Any]) -> dict[str, Any]:
        logged = self._log_append(entry)  # in the thread that sent the request
        self._sent_at[logged["seq"]] = self.clock.now()
        return logged

    def client_sleep(self, seconds: float) -> None:
        """What the client calls instead of time.sleep: recorded, and the calling thread's virtual time moves on."""
        self.sleeps.append(seconds)
        self.clock.advance(seconds)

    def install(self, monkeypatch: Any) -> SimulatedApi:
        """Route every session of CLIENT_MODULE to this simulator, record its sleeps and give its rate limiter the
        virtual clock (undone by monkeypatch)."""
        client_module = importlib.import_module(CLIENT_MODULE)
        limiter_class = client_module.RateLimiter

        def limiter(*args: Any, clock: Any = None, **kwargs: Any) -> Any:
            return limiter_class(*args, clock=clock or self.clock.now, **kwargs)

        monkeypatch.setattr(client_module, "new_session", self.session)
        monkeypatch.setattr(client_module, "default_sleep", self.client_sleep)
        monkeypatch.setattr(client_module, "RateLimiter", limiter)
        return self

    def timed_requests(self) -> list[dict[str, Any]]:
        """The request log, each entry with ``at``: the virtual time its sender had when it was sent."""
        return [dict(entry, at=self._sent_at.get(entry["seq"])) for entry in self.requests()]

    def relative(self, path: str) -> str:
        prefix = f"/v1/Account/{self.auth_id}/"
        return path[len(prefix) :] if path.startswith(prefix) else path

    def requests_made(self) -> list[tuple[str, str]]:
        """(method, path relative to the account) of every logged request, e.g. ("GET", "Powerpack/")."""
        return [(entry["method"], self.relative(entry["path"])) for entry in self.requests()]

    def writes_made(self) -> list[tuple[str, str, Any]]:
        """(method, path relative to the account, JSON body) of every logged request that is not a GET."""
        return [(entry["method"], self.relative(entry["path"]), entry["body"]) for entry in self.write_requests()]

    # --- what the account holds, read through the control plane --------------------------------------------

    def powerpack(self, name: str) -> dict[str, Any]:
        """The one stored Powerpack of this name (seed shape: uuid, number_pool_uuid, numbers, tollfree ...)."""
        matches = [powerpack for powerpack in self.state()["powerpacks"] if powerpack["name"] == name]
        assert len(matches) == 1, f"{len(matches)} Powerpacks named {name!r}"
        return matches[0]

    def names(self) -> list[str]:
        return [powerpack["name"] for powerpack in self.state()["powerpacks"]]

    def members(self, name: str) -> dict[str, Any]:
        """The pool of a Powerpack: {"numbers": {number: service}, "tollfree": [...], "shortcodes": [...]}, in the
        order the members were added."""
        powerpack = self.powerpack(name)
        return {
            "numbers": {member["number"]: member["service"] for member in powerpack["numbers"]},
            "tollfree": [member["number"] for member in powerpack["tollfree"]],
            "shortcodes": [member["shortcode"] for member in powerpack["shortcodes"]],
        }

    def rented(self) -> set[str]:
        """The long codes and toll-free numbers the account rents."""
        state = self.state()
        return {entry["number"] for entry in state["numbers"]} | {entry["number"] for entry in state["tollfree"]}

    def pool_path(self, name: str, kind: str = "Number", member: str | None = None) -> str:
        """NumberPool/{pool}/{kind}/[{member}/] of a stored Powerpack, relative to the account."""
        path = f"NumberPool/{self.powerpack(name)['number_pool_uuid']}/{kind}/"
        return path + f"{member}/" if member else path
