# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""number_pool, powerpack, powerpack_info and powerpacks against the answers recorded in Plivo's SDK test suites.

Under the simulator's ``recorded`` profile (tests/simulator/README.md): Powerpack answers omit number_priority, pool
list items omit service, find and add answers spell the pool uuid numberpool_uuid, empty meta links are "", the
Number API calls a long code "local", a 401 has no api_id, toll-free items name the number "tollfree". A re-run of a
converged task reports changed=false and sends no write; number_priority that is not reported is a warning, never a
change; a service the task sets is read from the member itself and enforced; check mode announces the real run.
"""

from __future__ import annotations

from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import US_SMS
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import C
from ansible_collections.plivo.messaging.tests.unit.sample_account import seed_powerpacks
from ansible_collections.plivo.messaging.tests.unit.sample_account import without

API_US_SMS = {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}
NUMBER_PRIORITY_WARNING = "did not report its number_priority"
SERVICE_WARNING = "the API reported no service for"


def recorded(simulated_api, *powerpacks_, numbers=(A, B, C)):
    seed = {"numbers": list(numbers), "tollfree": [TF], "powerpacks": seed_powerpacks(powerpacks_)}
    api = simulated_api(seed=seed, profile="recorded")
    assert api.config()["list_item_service"] == "omit" and api.config()["number_priority_key"] == "omit"
    return api


def warned(result, text):
    return any(text in warning for warning in result.get("warnings", []))


# --- powerpack ------------------------------------------------------------------------------------------


def test_powerpack_created_with_number_priority_then_converged(simulated_api):
    api = recorded(simulated_api)
    args = dict(name="alerts", sticky_sender=False, number_priority=[US_SMS])
    check = run_module(powerpack.main, args, check_mode=True, diff=True)
    real = run_module(powerpack.main, args, diff=True)
    assert check["changed"] is real["changed"] is True
    assert without(real["powerpack"]) == without(check["powerpack"])
    assert without(real["diff"]["after"], ("uuid",)) == without(check["diff"]["after"], ("uuid",))
    assert api.powerpack("alerts")["number_priority"] == [API_US_SMS]  # sent with the create, though not read back
    assert real["powerpack"]["number_priority"] == [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}]

    api.clear_requests()
    again = run_module(powerpack.main, args, diff=True)
    assert again["changed"] is False and api.write_requests() == []
    assert warned(again, NUMBER_PRIORITY_WARNING)
    assert again["powerpack"]["number_priority"] is None and again["diff"]["before"] == again["diff"]["after"]


def test_powerpack_update_never_sends_a_number_priority_it_cannot_compare(simulated_api):
    api = recorded(simulated_api, dict(name="alerts", sticky_sender=True))
    stored_priority = api.powerpack("alerts")["number_priority"]
    args = dict(name="alerts", sticky_sender=False, number_priority=[US_SMS])
    check = run_module(powerpack.main, args, check_mode=True, diff=True)
    real = run_module(powerpack.main, args, diff=True)
    assert check["changed"] is real["changed"] is True
    assert real["powerpack"] == check["powerpack"] and real["diff"] == check["diff"]
    assert warned(check, NUMBER_PRIORITY_WARNING) and warned(real, NUMBER_PRIORITY_WARNING)
    assert [body for method, path, body in api.writes_made()] == [{"sticky_sender": False}]
    assert api.powerpack("alerts")["number_priority"] == stored_priority
    api.clear_requests()
    assert run_module(powerpack.main, args)["changed"] is False and api.write_requests() == []


def test_powerpack_delete_under_the_recorded_shapes(simulated_api):
    api = recorded(simulated_api, dict(name="alerts", numbers=[A]))
    check = run_module(powerpack.main, dict(name="alerts", state="absent"), check_mode=True, diff=True)
    real = run_module(powerpack.main, dict(name="alerts", state="absent"), diff=True)
    assert check == real and real["changed"] is True and api.names() == []
    assert run_module(powerpack.main, dict(name="alerts", state="absent"))["changed"] is False


# --- number_pool ----------------------------------------------------------------------------------------


def test_number_pool_reads_the_service_from_the_member_and_enforces_it(simulated_api):
    api = recorded(simulated_api, dict(name="sales", numbers=[A, {"number": B, "service": "mms"}], tollfree=[TF]))
    args = dict(powerpack="sales", numbers=[dict(number=A, service="sms"), dict(number=B, service="sms"), C], tollfree=[TF], purge=True)
    check = run_module(number_pool.main, args, check_mode=True, diff=True)
    api.clear_requests()
    real = run_module(number_pool.main, args, diff=True)
    assert check == real
    assert real["changed"] is True
    assert real["removed"]["numbers"] == [dict(number=B, service="mms")]
    assert real["added"]["numbers"] == [dict(number=C, service="sms"), dict(number=B, service="sms")]
    pool = api.powerpack("sales")["number_pool_uuid"]
    assert {f"NumberPool/{pool}/Number/{A}/", f"NumberPool/{pool}/Number/{B}/"} <= {path for method, path in api.requests_made() if method == "GET"}
    assert api.members("sales") == {"numbers": {A: "sms", C: "sms", B: "sms"}, "tollfree": [TF], "shortcodes": []}

    api.clear_requests()
    again = run_module(number_pool.main, args, diff=True)
    assert again["changed"] is False and api.write_requests() == []
    assert again["diff"]["before"] == again["diff"]["after"]
    assert not warned(again, SERVICE_WARNING)


def test_number_pool_without_services_compares_numbers_only(simulated_api):
    api = recorded(simulated_api, dict(name="sales", numbers=[A, {"number": B, "service": "mms"}], tollfree=[TF], shortcodes=[SC]))
    args = dict(powerpack="sales", numbers=[A, B], tollfree=[TF], shortcodes=[SC], purge=True)
    result = run_module(number_pool.main, args, diff=True)
    assert result["changed"] is False and api.write_requests() == []
    assert not any(path.endswith(f"/Number/{A}/") for method, path in api.requests_made())  # no service to compare: not read
    assert result["number_pool"]["numbers"] == [dict(number=A, service=None), dict(number=B, service=None)]  # not reported
    assert result["number_pool"]["tollfree"] == [TF] and result["number_pool"]["shortcodes"] == [SC]


def test_number_pool_adds_and_converges_with_local_number_types(simulated_api):
    api = recorded(simulated_api, "sales")
    args = dict(powerpack="sales", numbers=[A, dict(number=B, service="mms")], tollfree=[TF])
    check = run_module(number_pool.main, args, check_mode=True)
    real = run_module(number_pool.main, args)
    assert check == real and real["changed"] is True
    assert api.members("sales") == {"numbers": {A: "sms", B: "mms"}, "tollfree": [TF], "shortcodes": []}
    api.clear_requests()
    again = run_module(number_pool.main, args)
    assert again["changed"] is False and api.write_requests() == []


def test_number_pool_pages_with_empty_meta_links(simulated_api):
    numbers = [f"1415555{index:04d}" for index in range(1500, 1525)]
    api = recorded(simulated_api, dict(name="sales", numbers=numbers), numbers=numbers)
    result = run_module(number_pool.main, dict(powerpack="sales", numbers=numbers, purge=True))
    assert result["changed"] is False and api.write_requests() == []
    assert len(result["number_pool"]["numbers"]) == 25


# --- powerpack_info ---------------------------------------------------------------------------------------


def test_powerpack_info_under_the_recorded_shapes(simulated_api):
    api = recorded(simulated_api, dict(name="sales", numbers=[{"number": A, "service": "mms"}], tollfree=[TF], shortcodes=[SC]))
    result = run_module(powerpack_info.main, dict(include_numbers=True))
    (found,) = result["powerpacks"]
    assert found["number_priority"] is None  # the answer by uuid does not carry it either
    assert found["number_pool"] == {
        "uuid": api.powerpack("sales")["number_pool_uuid"],
        "numbers": [dict(number=A, service=None)],
        "tollfree": [TF],
        "shortcodes": [SC],
    }
    exported = run_module(powerpack_info.main, dict(export=True))
    assert exported["plivo_powerpacks"] == [
        {
            "name": "sales",
            "sticky_sender": True,
            "local_connect": True,
            "application_id": "none",
            "numbers": [{"number": f"+{A}", "service": "mms"}],  # read from the member for the export
            "tollfree": [f"+{TF}"],
            "shortcodes": [SC],
        }
    ]
    assert api.write_requests() == []


def test_an_authentication_failure_without_api_id(simulated_api):
    api = recorded(simulated_api, "sales")
    token = "Wr0ngT0ken" * 4
    result = run_module(powerpack_info.main, {}, connection=dict(api.connection, auth_token=token))
    assert result["failed"] is True and result["status"] == 401 and result["api_id"] is None
    assert "failed with 401: authentication failed" in result["msg"] and token[:8] not in result["msg"]


# --- powerpacks ---------------------------------------------------------------------------------------------


def test_powerpacks_converged_rerun_writes_nothing_and_warns(simulated_api):
    api = recorded(simulated_api, dict(name="sales", numbers=[A, {"number": B, "service": "mms"}]), "old")
    items = [
        dict(name="sales", numbers=[A, dict(number=B, service="sms")], purge=True, number_priority=[US_SMS]),
        dict(name="new", numbers=[C], tollfree=[TF], preset=dict(name="local_first", countries=["US"])),
        dict(name="old", state="absent"),
    ]
    check = run_module(powerpacks.main, dict(powerpacks=items), check_mode=True, diff=True)
    real = run_module(powerpacks.main, dict(powerpacks=items), diff=True)
    assert check["changed"] is real["changed"] is True
    assert check["totals"] == real["totals"] and check["diff"] == real["diff"]
    assert [without(item["powerpack"]) for item in check["powerpacks"]] == [without(item["powerpack"]) for item in real["powerpacks"]]
    assert api.members("sales")["numbers"] == {A: "sms", B: "sms"}
    assert warned(real, NUMBER_PRIORITY_WARNING)

    api.clear_requests()
    again = run_module(powerpacks.main, dict(powerpacks=items))
    assert again["changed"] is False and api.write_requests() == []
    assert again["totals"]["unchanged"] == 3
    assert warned(again, NUMBER_PRIORITY_WARNING)
