# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bounded pool of worker threads that send a module run's independent requests side by side.

This module_utils is private to the collection: its names may change in any release.

The client gives each worker its own keep-alive connection and makes every request pass one shared rate
limiter, so the pool decides only how many requests are in flight (``max_workers``; 1 sends one at a time).
After the first failure no new work starts: reads fail fast, and writes report what was done and what was not.
"""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from typing import Callable
from typing import Generic
from typing import Iterable
from typing import TypeVar

Item = TypeVar("Item")

DONE = "done"
FAILED = "failed"
NOT_STARTED = "not started"


@dataclasses.dataclass
class Outcome(Generic[Item]):
    """What became of one item of WorkerPool.apply: done (with its value), failed (with its error) or not started."""

    item: Item
    status: str
    value: Any = None
    error: BaseException | None = None


class WorkerPool:
    def __init__(self, max_workers: int = 1) -> None:
        self.max_workers = max(1, int(max_workers))
        self._executor: ThreadPoolExecutor | None = None
        self._local = threading.local()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def _inline(self, count: int) -> bool:
        # Work started from a worker runs in that worker: a nested map would otherwise wait for itself.
        return self.max_workers == 1 or count <= 1 or getattr(self._local, "worker", False)

    def _run_marked(self, function: Callable[[Any], Any], item: Any) -> Any:
        self._local.worker = True
        try:
            return function(item)
        finally:
            self._local.worker = False

    def apply(self, function: Callable[[Item], Any], items: Iterable[Item]) -> list[Outcome[Item]]:
        """Run function on every item, at most max_workers at a time; once one fails, the others not yet started
        are not started. Returns one Outcome per item, in the order of items."""
        items = list(items)
        stop = threading.Event()

        def attempt(item: Item) -> Outcome[Item]:
            if stop.is_set():
                return Outcome(item, NOT_STARTED)
            try:
                value = function(item)
            except Exception as err:  # the caller decides what a failure means
                stop.set()
                return Outcome(item, FAILED, error=err)
            return Outcome(item, DONE, value)

        if self._inline(len(items)):
            return [attempt(item) for item in items]
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="plivo")
        futures = [self._executor.submit(self._run_marked, attempt, item) for item in items]
        return [future.result() for future in futures]

    def map(self, function: Callable[[Item], Any], items: Iterable[Item]) -> list[Any]:
        """The results of function on every item, in order; raises the first failure (no new work starts after it)."""
        outcomes = self.apply(function, items)
        for outcome in outcomes:
            if outcome.status == FAILED and outcome.error is not None:
                raise outcome.error
        return [outcome.value for outcome in outcomes]


@dataclasses.dataclass
class PhasesReport(Generic[Item]):
    """What run_phases did: the items done, the first failure (None when all were done), the items not done."""

    done: list[Item]
    failure: Outcome[Item] | None
    not_done: list[Item]


def run_phases(workers: WorkerPool, phases: Iterable[Callable[[], Iterable[Item]]], send: Callable[[Item], Any]) -> PhasesReport[Item]:
    """Send the items of each phase side by side, one phase after the other; after a failure nothing new starts.

    Each phase is a function giving its items, called when the phase starts (so it can use what earlier phases did).
    """
    done: list[Item] = []
    failure: Outcome[Item] | None = None
    not_done: list[Item] = []
    for make_phase in phases:
        items = list(make_phase())
        if failure is not None:
            not_done.extend(items)
            continue
        for outcome in workers.apply(send, items):
            if outcome.status == DONE:
                done.append(outcome.item)
            else:
                not_done.append(outcome.item)
                if outcome.status == FAILED and failure is None:
                    failure = outcome
    return PhasesReport(done, failure, not_done)
