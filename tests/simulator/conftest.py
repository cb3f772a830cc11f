"""Fixtures for the simulator's own tests: one simulator per module, reset before every test."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from harness import simulator_fixtures  # noqa: E402
from simhelpers import base_seed  # noqa: E402

# One simulator per test module, reset before every test, and extra ones with their own flags.
module_sim, sim, launch = simulator_fixtures(base_seed)
