"""Fixtures for the simulator's own tests: one simulator per module reset before every test (``sim``), and ones with their own flags.

``launch`` starts them for one test, ``module_launch`` once for the test module.
"""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from harness import Simulator  # noqa: E402
from harness import simulator_fixtures  # noqa: E402
from simhelpers import base_seed  # noqa: E402

module_sim, sim, launch = simulator_fixtures(base_seed)


@pytest.fixture(scope="module")
def module_launch():
    """``module_launch(**flags)``: a simulator with its own flags, started once per test module and reset at every call."""
    started = {}

    def start(**flags):
        key = tuple(sorted(flags.items()))
        if key not in started:
            started[key] = Simulator(seed=base_seed(), **flags).start()
        started[key].reset()
        return started[key]

    yield start
    for simulator in started.values():
        simulator.stop()
