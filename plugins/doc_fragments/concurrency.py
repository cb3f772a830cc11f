# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The options of the modules that send independent requests side by side; the argument spec lives in
    # module_utils/_connection.py.
    DOCUMENTATION = r"""
options:
  max_workers:
    description:
      - How many requests the module sends at the same time, each on a keep-alive connection of its own.
      - V(1) sends one request at a time, on one connection.
      - Requests that depend on each other are always sent in order (see the module's notes).
    type: int
    default: 8
    version_added: 1.0.0
  rate_limit:
    description:
      - The most requests the module sends in any 5 seconds, whichever worker sends them.
      - Plivo allows 300 requests per 5 seconds per account and answers V(429) above it; the default keeps one module
        run under that limit on its own. Lower it when other clients use the account at the same time.
      - A V(429) answer still makes every worker wait (its C(Retry-After) is honoured up to O(max_retry_delay)).
      - V(0) sets no limit of the module's own.
    type: int
    default: 300
    version_added: 1.0.0
"""
