"""Fixtures for the simulator's own tests: one simulator per module, reset before every test."""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from harness import Simulator  # noqa: E402
from simhelpers import base_seed  # noqa: E402


@pytest.fixture(scope="module")
def module_sim():
    simulator = Simulator(seed=base_seed())
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def sim(module_sim):
    """The module's simulator, back at the base seed with no faults, an empty log and zeroed counters."""
    module_sim.reset()
    return module_sim


@pytest.fixture
def launch():
    """Start extra simulators with their own flags: ``launch(seed=..., rate_limit=5)``; all stop after the test."""
    started = []

    def start(seed="base", **options):
        simulator = Simulator(seed=base_seed() if seed == "base" else seed, **options)
        started.append(simulator)
        return simulator.start()

    yield start
    for simulator in started:
        simulator.stop()
