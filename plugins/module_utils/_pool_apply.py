# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send a pool plan's steps (removals, then additions, each side by side) and report a failure part-way.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoPartialFailure
from ansible_collections.plivo.messaging.plugins.module_utils._pool import changes_made
from ansible_collections.plivo.messaging.plugins.module_utils._pool import send_step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolPlan
from ansible_collections.plivo.messaging.plugins.module_utils._workers import PhasesReport
from ansible_collections.plivo.messaging.plugins.module_utils._workers import run_phases


def failure_result(report: PhasesReport[Any]) -> tuple[str, dict[str, Any]]:
    """The message of the failed request and the structured keys of its error (status, api_id, method, url)."""
    error = report.failure.error if report.failure is not None else None
    if isinstance(error, PlivoError):
        result = error.to_result()
        return result.pop("msg"), result
    return f"{type(error).__name__}: {error}", {}


def apply_pool_steps(client: PlivoClient, pool_uuid: str, plan: PoolPlan, to_rent: list[str], unrent: bool) -> None:
    """Make the plan's steps; PlivoPartialFailure, with what was done and what is pending, when one fails."""
    report = run_phases(client.workers, (plan.removals, plan.additions), lambda step: send_step(client, pool_uuid, step, to_rent, unrent))
    if report.failure is None:
        return
    message, result = failure_result(report)
    done = changes_made(report.done, plan.before, to_rent, unrent)
    pending = changes_made(report.not_done, plan.before, to_rent, unrent)
    # A lost answer may have applied the failing step too.
    changed = bool(report.done) or isinstance(report.failure.error, PlivoOutcomeUnknown)
    if report.done:
        progress = (
            f"the pool was changed only in part: {len(report.done)} change(s) were made (see added and removed) "
            f"and {len(report.not_done)} were not (see pending)"
        )
    else:
        progress = f"none of the {len(report.not_done)} changes was made (see pending)"
    result.update(done)
    result.update(changed=changed, pending=dict(add=pending["added"], remove=pending["removed"]))
    raise PlivoPartialFailure(
        f"{report.failure.item.describe()} failed: {message}; {progress}: fix the cause if needed and run the task again to complete them", **result
    )
