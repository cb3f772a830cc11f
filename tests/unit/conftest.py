# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the collection's unit tests (none is autouse).

Imports of ansible_collections.* happen inside the fixtures: pytest loads this file before pytest-ansible
has made the collection importable.
"""

from __future__ import annotations

import pytest

PLIVO_ENV_VARS = ("PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN", "PLIVO_API_URL")


@pytest.fixture
def clean_env(monkeypatch):
    """No PLIVO_* variable of the machine running the tests leaks in."""
    for name in PLIVO_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def simulated_api(clean_env):
    """Start the Plivo API simulator's real core in-process: ``api = simulated_api(seed=..., **settings)``.

    Every client a module creates then talks to it (see tests/unit/simulated_api.py); sleeps are recorded in
    ``api.sleeps``. ``settings`` are the simulator's (``duplicate_name="conflict"``, ``profile="recorded"`` ...).
    One simulated API per test.
    """
    from ansible_collections.plivo.messaging.tests.unit.simulated_api import SimulatedApi

    started = []

    def start(seed=None, **settings):
        if started:
            raise RuntimeError("simulated_api() was already called in this test: one simulated API per test")
        started.append(SimulatedApi(seed, **settings).install(clean_env))
        return started[0]

    return start
