# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_workers: the bounded pool that sends a run's independent requests side by side, and the phases of writes."""

from __future__ import annotations

import random
import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._workers import DONE
from ansible_collections.plivo.messaging.plugins.module_utils._workers import FAILED
from ansible_collections.plivo.messaging.plugins.module_utils._workers import NOT_STARTED
from ansible_collections.plivo.messaging.plugins.module_utils._workers import WorkerPool
from ansible_collections.plivo.messaging.plugins.module_utils._workers import run_phases

TIMEOUT = 10  # seconds a test waits for threads before calling it a deadlock


@pytest.fixture
def pool(request):
    workers = WorkerPool(getattr(request, "param", 3))
    yield workers
    workers.close()


class Concurrency:
    """Counts the calls running at once; the first `together` calls wait for each other (proving they overlap)."""

    def __init__(self, together):
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.barrier = threading.Barrier(together, timeout=TIMEOUT)
        self.threads = set()

    def __call__(self, item):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.get_ident())
        try:
            if item < self.barrier.parties:
                self.barrier.wait()
            time.sleep(0.002)
            return item * 10
        finally:
            with self.lock:
                self.running -= 1


def test_results_keep_the_order_of_the_items(pool):
    def slow(item):
        time.sleep(random.random() / 200)
        return item * item

    assert pool.map(slow, range(30)) == [item * item for item in range(30)]


@pytest.mark.parametrize("pool", [1, 2, 3, 5], indirect=True)
def test_at_most_max_workers_run_at_once_and_that_many_do(pool):
    measure = Concurrency(pool.max_workers)
    assert pool.map(measure, range(20)) == [item * 10 for item in range(20)]
    assert measure.most == pool.max_workers


def test_one_worker_runs_everything_in_the_calling_thread():
    workers = WorkerPool(1)
    assert workers.map(lambda _item: threading.get_ident(), range(5)) == [threading.get_ident()] * 5
    assert workers._executor is None


@pytest.mark.parametrize("value", [0, -3])
def test_fewer_than_one_worker_means_one(value):
    assert WorkerPool(value).max_workers == 1


def test_after_a_failure_nothing_new_starts(pool):
    started = []
    running = threading.Barrier(3, timeout=TIMEOUT)
    failed = threading.Event()

    def work(item):
        started.append(item)
        if item < 3:
            running.wait()  # items 0, 1 and 2 run side by side
        if item == 0:
            failed.set()
            raise ValueError("boom")
        if item in (1, 2):  # already running beside the failure: they finish, after it
            failed.wait(TIMEOUT)
            time.sleep(0.2)
        return item

    outcomes = pool.apply(work, range(10))
    assert [outcome.status for outcome in outcomes] == [FAILED, DONE, DONE] + [NOT_STARTED] * 7
    assert sorted(started) == [0, 1, 2]
    assert str(outcomes[0].error) == "boom" and outcomes[1].value == 1
    assert [outcome.item for outcome in outcomes] == list(range(10))


def test_after_a_failure_nothing_new_starts_one_at_a_time():
    started = []

    def work(item):
        started.append(item)
        if item == 2:
            raise KeyError(item)
        return item

    outcomes = WorkerPool(1).apply(work, range(5))
    assert [outcome.status for outcome in outcomes] == [DONE, DONE, FAILED, NOT_STARTED, NOT_STARTED]
    assert started == [0, 1, 2]


def test_map_raises_the_failure(pool):
    def work(item):
        if item == 4:
            raise RuntimeError("item 4 failed")
        return item

    with pytest.raises(RuntimeError, match="item 4 failed"):
        pool.map(work, range(8))


def test_nested_use_from_a_worker_runs_inline_without_deadlock():
    workers = WorkerPool(2)
    results = []

    def outer(item):
        me = threading.get_ident()
        inner = workers.map(lambda sub: (item, sub, threading.get_ident() == me), range(3))
        return inner

    thread = threading.Thread(target=lambda: results.append(workers.map(outer, range(4))), daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "a nested map waited for itself"
    workers.close()
    assert results == [[[(item, sub, True) for sub in range(3)] for item in range(4)]]


def test_the_pool_can_be_used_again_after_close(pool):
    assert pool.map(lambda item: item + 1, range(4)) == [1, 2, 3, 4]
    pool.close()
    assert pool.map(lambda item: item + 1, range(4)) == [1, 2, 3, 4]


# run_phases


def test_phases_run_one_after_the_other_and_each_sees_what_earlier_ones_did(pool):
    sent = []
    lock = threading.Lock()

    def send(item):
        with lock:
            sent.append(item)

    def second_phase():
        # Called when the phase starts: the first phase is done by then.
        assert sorted(sent) == ["a1", "a2", "a3"]
        return ["b1", "b2"]

    report = run_phases(pool, (lambda: ["a1", "a2", "a3"], second_phase, list), send)
    assert sorted(sent[:3]) == ["a1", "a2", "a3"] and sorted(sent[3:]) == ["b1", "b2"]
    assert report.failure is None and report.not_done == []
    assert sorted(report.done) == ["a1", "a2", "a3", "b1", "b2"]


def test_a_failure_stops_the_later_phases_and_is_reported(pool):
    sent = []

    def send(item):
        sent.append(item)
        if item == "a2":
            raise ValueError("a2 refused")

    built = []

    def phase(name, items):
        def make():
            built.append(name)
            return items

        return make

    report = run_phases(pool, (phase("a", ["a1", "a2"]), phase("b", ["b1", "b2"]), phase("c", ["c1"])), send)
    assert report.failure.item == "a2" and str(report.failure.error) == "a2 refused"
    assert "a1" in report.done and "a2" in report.not_done
    assert [item for item in report.not_done if item[0] != "a"] == ["b1", "b2", "c1"]
    assert not [item for item in sent if item[0] != "a"]  # nothing of the later phases was sent
    assert built == ["a", "b", "c"]  # later phases are still listed, to report them as not done


def test_a_phase_without_items_is_skipped(pool):
    report = run_phases(pool, (list, lambda: ["x"]), lambda item: None)
    assert report.done == ["x"] and report.failure is None
