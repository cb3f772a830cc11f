# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Plivo API simulator's real core, in-process, behind the module_utils client of a unit test.

SimulatedApi is the simulator of tests/simulator (plivosim.core.SimulatorCore: the account rules, the request log,
the fault rules, the connection counter) with its control-plane calls (as in tests/simulator/harness.py), plus
what a unit test needs: install() makes every requests.Session the client creates (CLIENT_MODULE.new_session)
talk to it through plivosim.inprocess.SimulatorAdapter, and records the client's sleeps (CLIENT_MODULE.default_sleep)
in .sleeps instead of sleeping. The simulator's latency and fault delays are not slept either.

The ``simulated_api`` fixture of conftest.py is the usual way in:

    def test_create(simulated_api):
        api = simulated_api(seed={"numbers": ["14155550101"]})          # settings too: duplicate_name="conflict"
        api.add_fault(method="POST", path="/Powerpack/$", status=503, after_apply=True)
        result = run_module(powerpack.main, dict(name="alerts"))       # module_runner's default connection
        api.state(), api.requests(), api.write_requests(), api.faults(), api.connections(), api.sleeps
"""

from __future__ import annotations

import importlib
from typing import Any

from ansible_collections.plivo.messaging.tests.simulator.plivosim.inprocess import InProcessSimulator
from ansible_collections.plivo.messaging.tests.unit.module_runner import CONNECTION

# The module every client of the collection creates its requests.Session through (new_session) and sleeps with
# (default_sleep). The one place that names it: when the module is renamed (to _client, say), change it here.
CLIENT_MODULE = "ansible_collections.plivo.messaging.plugins.module_utils.client"


class SimulatedApi(InProcessSimulator):
    """An in-process simulator answering for module_runner's connection (auth_id, auth_token, api_url) by default."""

    def __init__(self, seed: dict[str, Any] | None = None, connection: dict[str, Any] | None = None, **settings: Any) -> None:
        connection = dict(CONNECTION if connection is None else connection)
        settings.setdefault("auth_id", connection["auth_id"])
        settings.setdefault("auth_token", connection["auth_token"])
        super().__init__(seed=seed, base_url=connection["api_url"], **settings)
        self.connection = dict(auth_id=self.auth_id, auth_token=self.auth_token, api_url=self.base_url)
        self.sleeps: list[float] = []

    def install(self, monkeypatch: Any) -> SimulatedApi:
        """Route every session of CLIENT_MODULE to this simulator and record its sleeps (undone by monkeypatch)."""
        client_module = importlib.import_module(CLIENT_MODULE)
        monkeypatch.setattr(client_module, "new_session", self.session)
        monkeypatch.setattr(client_module, "default_sleep", self.sleeps.append)
        return self

    def requests_made(self) -> list[tuple[str, str]]:
        """(method, path relative to the account) of every logged request, e.g. ("GET", "Powerpack/")."""
        prefix = f"/v1/Account/{self.auth_id}/"
        return [(entry["method"], entry["path"][len(prefix) :] if entry["path"].startswith(prefix) else entry["path"]) for entry in self.requests()]
