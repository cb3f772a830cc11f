"""Entry point of the Plivo API simulator: ``python tests/simulator/plivo_simulator.py --help``."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from plivosim.cli import main

if __name__ == "__main__":
    sys.exit(main())
