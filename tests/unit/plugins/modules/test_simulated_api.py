# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated_api fixture itself: plivo.messaging.powerpack_info and powerpack in-process against the simulator's
real core, its control plane, faults, settings, connections, sleeps and virtual time (tests/unit/simulated_api.py).
"""

from __future__ import annotations

import importlib
import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import US_SMS
from ansible_collections.plivo.messaging.tests.unit.sample_account import XML_APP
from ansible_collections.plivo.messaging.tests.unit.sample_account import A as US_FIXED
from ansible_collections.plivo.messaging.tests.unit.simulated_api import CLIENT_MODULE

CA_FIXED = "14165550190"
PP_UUID = "86bbb125-97bb-4d72-89fd-81d5c515b015"
POOL_UUID = "659c7f88-c819-46e2-8af4-2d8a84249099"

SEED = {
    "applications": [{"app_id": XML_APP, "type": "xml", "name": "inbound"}],
    "numbers": [US_FIXED, CA_FIXED],
    "powerpacks": [
        {
            "uuid": PP_UUID,
            "number_pool_uuid": POOL_UUID,
            "name": "existing",
            "local_connect": False,
            "application_type": "xml",
            "application_id": XML_APP,
            "numbers": [US_FIXED],
        }
    ],
}


def test_powerpack_info_reads_every_page_over_one_connection(simulated_api):
    api = simulated_api(seed={"powerpacks": [{"name": f"pp{index:02d}"} for index in range(23)]})
    result = run_module(powerpack_info.main, dict(max_workers=1))
    assert result["changed"] is False
    assert [item["uuid"] for item in result["powerpacks"]] == [pp["uuid"] for pp in api.state()["powerpacks"]]
    assert all(tuple(item) == RESULT_KEYS and len(item["number_priority"]) == 4 for item in result["powerpacks"])
    lists = [entry["query"] for entry in api.requests() if entry["path"].endswith("/Powerpack/")]
    assert lists == [{"limit": "20", "offset": "0"}, {"limit": "20", "offset": "20"}]
    assert len(api.requests()) == 2 + 23 and api.write_requests() == []
    assert api.connections() == {"accepted": 1, "control": 0, "total": 1}
    assert api.sleeps == []


def test_powerpack_info_by_name(simulated_api):
    api = simulated_api(seed=SEED)
    (found,) = run_module(powerpack_info.main, dict(name="existing"))["powerpacks"]
    assert (found["uuid"], found["number_pool_uuid"], found["application_type"], found["application_id"]) == (PP_UUID, POOL_UUID, "xml", XML_APP)
    assert found["local_connect"] is False
    assert api.requests_made() == [("GET", "Powerpack/"), ("GET", f"Powerpack/{PP_UUID}/")]


def test_powerpack_info_reports_an_api_error(simulated_api):
    api = simulated_api(seed=SEED)
    api.add_fault(method="GET", path="/Powerpack/$", status=401, body={"error": "Authentication failed"})
    result = run_module(powerpack_info.main, {})
    assert result["failed"] is True and result["status"] == 401
    assert result["msg"] == (
        f"Plivo API: GET {api.base_url}/v1/Account/{api.auth_id}/Powerpack/?limit=20&offset=0 failed with 401: Authentication failed; nothing was changed"
    )


def test_powerpack_creates_and_a_second_run_changes_nothing(simulated_api):
    api = simulated_api(seed=SEED)
    first = run_module(powerpack.main, dict(name="alerts", sticky_sender=False, number_priority=[US_SMS]))
    assert first["changed"] is True
    made = api.powerpack("alerts")
    assert first["powerpack"]["uuid"] == made["uuid"] and first["powerpack"]["number_pool_uuid"] == made["number_pool_uuid"]
    assert made["sticky_sender"] is False
    assert made["number_priority"] == [
        {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}
    ]
    api.clear_requests()
    second = run_module(powerpack.main, dict(name="alerts", sticky_sender=False, number_priority=[US_SMS]))
    assert second["changed"] is False and api.write_requests() == []


def test_create_whose_answer_is_lost_after_it_was_applied_adopts_the_powerpack(simulated_api):
    api = simulated_api(seed=SEED)
    api.add_fault(method="POST", path="/Powerpack/$", status=503, after_apply=True)
    result = run_module(powerpack.main, dict(name="alerts", local_connect=False), diff=True)
    assert result["changed"] is True and result["diff"]["before"] == {"state": "absent"}
    assert result["powerpack"]["uuid"] == api.powerpack("alerts")["uuid"]
    assert [pp["name"] for pp in api.state()["powerpacks"]] == ["existing", "alerts"]  # created once
    (post,) = api.write_requests()
    assert (post["status"], post["applied_status"], post["fault"]) == (503, 200, "status")


def test_update_whose_connection_drops_after_it_was_applied_is_not_repeated(simulated_api):
    api = simulated_api(seed=SEED)
    api.add_fault(method="POST", path=f"/Powerpack/{PP_UUID}/$", drop=True, after_apply=True)
    result = run_module(powerpack.main, dict(name="existing", sticky_sender=False))
    assert result["changed"] is True and result["powerpack"]["sticky_sender"] is False
    assert api.powerpack("existing")["sticky_sender"] is False
    (post,) = api.write_requests()
    assert (post["status"], post["applied_status"], post["fault"]) == (0, 200, "drop")
    assert api.connections()["accepted"] == 2  # the dropped connection was opened again


def test_delete_answered_503_is_retried_after_a_recorded_sleep(simulated_api):
    api = simulated_api(seed=SEED)
    api.add_fault(method="DELETE", path="/Powerpack/", status=503)
    result = run_module(powerpack.main, dict(name="existing", state="absent"))
    assert result["changed"] is True and api.state()["powerpacks"] == []
    assert [(entry["status"], entry["fault"]) for entry in api.write_requests()] == [(503, "status"), (200, None)]
    assert len(api.sleeps) == 1
    assert US_FIXED in {entry["number"] for entry in api.state()["numbers"]}  # unrent_numbers defaults to false


def test_rate_limited_list_waits_for_retry_after(simulated_api):
    api = simulated_api(seed=SEED, retry_after="2")
    api.add_fault(method="GET", path="/Powerpack/$", status=429, retry_after="2")
    result = run_module(powerpack.main, dict(name="existing"))
    assert result["changed"] is False and api.sleeps == [2.0]


def test_settings_reach_the_simulator(simulated_api):
    api = simulated_api(seed=SEED, delete_status="204", profile="recorded")
    assert api.config()["delete_status"] == "204" and api.config()["profile"] == "recorded"
    result = run_module(powerpack.main, dict(name="existing", state="absent"))
    assert result["changed"] is True and api.state()["powerpacks"] == []
    assert [entry["status"] for entry in api.write_requests()] == [204]


def test_another_api_url_is_refused_without_touching_the_network(simulated_api):
    api = simulated_api(seed=SEED)
    connection = dict(api.connection, api_url="https://api.elsewhere.test")
    result = run_module(powerpack_info.main, dict(max_retries=1), connection=connection)
    assert result["failed"] is True and "could not connect to https://api.elsewhere.test" in result["msg"] and "Connection refused" in result["msg"]
    assert api.requests() == [] and len(api.sleeps) == 1


def test_the_patch_target_is_the_client_module(simulated_api):
    client_module = importlib.import_module(CLIENT_MODULE)
    original = client_module.new_session
    limiter = client_module.RateLimiter
    api = simulated_api()
    assert client_module.new_session == api.session and client_module.default_sleep == api.client_sleep
    assert client_module.RateLimiter is not limiter and client_module.RateLimiter(5, 5.0)._clock == api.clock.now
    assert original().__class__.__name__ == "Session"
    with pytest.raises(RuntimeError, match="one simulated API per test"):
        simulated_api()


def test_the_simulator_core_imports_under_the_collection_name():
    from ansible_collections.plivo.messaging.tests.simulator.plivosim.core import SimulatorCore
    from ansible_collections.plivo.messaging.tests.simulator.plivosim.settings import Settings

    core = SimulatorCore(Settings(), {"numbers": [US_FIXED]})
    assert SimulatorCore.__module__ == "ansible_collections.plivo.messaging.tests.simulator.plivosim.core"
    assert [entry["number"] for entry in core.dump()["numbers"]] == [US_FIXED]


def test_the_client_sleeps_in_virtual_time(simulated_api):
    api = simulated_api(seed=SEED)
    api.add_fault(method="GET", path="/Powerpack/$", status=503, times=2)
    started = time.monotonic()
    result = run_module(powerpack.main, dict(name="existing", max_retry_delay=20))
    assert result["changed"] is False and time.monotonic() - started < 5  # nothing was slept for real
    assert len(api.sleeps) == 2 and all(0 < seconds <= 20 for seconds in api.sleeps)
    assert [(entry["status"], entry["at"]) for entry in api.timed_requests()] == [(503, 0.0), (503, api.sleeps[0]), (200, sum(api.sleeps))]


def test_a_thread_starts_at_the_latest_virtual_time():
    from ansible_collections.plivo.messaging.tests.unit.simulated_api import VirtualClock

    clock = VirtualClock()
    clock.advance(2.5)
    seen = []
    worker = threading.Thread(target=lambda: (seen.append(clock.now()), clock.advance(1.0), seen.append(clock.now())))
    worker.start()
    worker.join()
    assert seen == [2.5, 3.5] and clock.now() == 2.5  # each thread's time moves with its own sleeps only
