# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpack in-process against the simulator's core: every state in normal, check and diff mode."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import _requirements
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.tests.unit.module_runner import API_URL
from ansible_collections.plivo.messaging.tests.unit.module_runner import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.module_runner import AUTH_TOKEN
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import SERVER_GIVEN
from ansible_collections.plivo.messaging.tests.unit.sample_account import US_SMS
from ansible_collections.plivo.messaging.tests.unit.sample_account import XML_APP
from ansible_collections.plivo.messaging.tests.unit.sample_account import seed_powerpacks
from ansible_collections.plivo.messaging.tests.unit.sample_account import without

XML_APP_2 = "20342783288007824"
PHLO_APP = "52049172843311907"
APPS = [
    {"app_id": XML_APP, "type": "xml", "name": "inbound"},
    {"app_id": XML_APP_2, "type": "xml", "name": "reminders"},
    {"app_id": PHLO_APP, "type": "phlo", "name": "auto-reply"},
]
OPTION_VIEW_KEYS = {"uuid", "name", "sticky_sender", "local_connect", "application_type", "application_id", "number_priority", "state"}
MISSING_UUID = "0e8c5a9e-0000-4000-8000-000000000000"


def run(args, **modes):
    return run_module(powerpack.main, args, **modes)


def seed(*powerpacks, **more):
    """A seed with the applications above and these Powerpacks (names, or dicts in the seed's shape)."""
    document = dict(applications=APPS, powerpacks=seed_powerpacks(powerpacks))
    document.update(more)
    return document


def api_priority(country, service, *order):
    return {"country_iso": country, "service_type": service, "priority": {f"priority{rank}": kind for rank, kind in enumerate(order, start=1)}}


def by_key(entries):
    return sorted(entries, key=lambda entry: (entry["country_iso"], entry["service_type"]))


def assert_real_diff(result):
    """A changed result in diff mode always shows what changed."""
    assert result["changed"] is True
    assert result["diff"]["before"] != result["diff"]["after"]


# --- create ---------------------------------------------------------------------------------------


def test_create_sends_one_post_with_only_the_options_set(simulated_api):
    api = simulated_api(seed=seed())
    result = run(dict(name="alerts", sticky_sender=False))
    assert result["changed"] is True
    assert api.requests_made() == [("GET", "Powerpack/"), ("POST", "Powerpack/")]
    assert api.writes_made() == [("POST", "Powerpack/", {"name": "alerts", "sticky_sender": False})]
    stored = api.powerpack("alerts")
    assert result["powerpack"]["uuid"] == stored["uuid"]
    assert result["powerpack"]["number_pool_uuid"] == stored["number_pool_uuid"]
    assert tuple(result["powerpack"]) == RESULT_KEYS
    assert (result["powerpack"]["sticky_sender"], result["powerpack"]["local_connect"]) == (False, True)
    assert (stored["sticky_sender"], stored["local_connect"]) == (False, True)
    # Plivo applies its own number_priority to a new Powerpack; the result does not guess it.
    assert result["powerpack"]["number_priority"] is None and len(stored["number_priority"]) == 4


def test_create_with_every_option(simulated_api):
    api = simulated_api(seed=seed())
    result = run(dict(name="alerts", sticky_sender=True, local_connect=False, application_type="phlo", application_id=PHLO_APP, number_priority=[US_SMS]))
    assert api.writes_made()[0][2] == {
        "name": "alerts",
        "sticky_sender": True,
        "local_connect": False,
        "application_type": "phlo",
        "application_id": PHLO_APP,
        "number_priority": [api_priority("US", "SMS", "longcode", "tollfree", "shortcode")],
    }
    assert result["powerpack"]["application_type"] == "phlo" and result["powerpack"]["application_id"] == PHLO_APP
    assert result["powerpack"]["number_priority"] == [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}]
    stored = api.powerpack("alerts")
    assert (stored["application_type"], stored["application_id"], stored["local_connect"]) == ("phlo", PHLO_APP, False)
    assert stored["number_priority"] == [api_priority("US", "SMS", "longcode", "tollfree", "shortcode")]


def test_create_in_check_mode_sends_no_write_and_predicts_the_powerpack(simulated_api):
    api = simulated_api(seed=seed())
    result = run(dict(name="alerts", local_connect=False, number_priority=[US_SMS]), check_mode=True, diff=True)
    assert api.write_requests() == [] and api.names() == []
    assert result["powerpack"] == {
        "uuid": None,
        "name": "alerts",
        "sticky_sender": True,
        "local_connect": False,
        "application_type": None,
        "application_id": None,
        "number_pool_uuid": None,
        "number_priority": [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}],
        "created_on": None,
    }
    assert result["diff"]["before"] == {"state": "absent"}
    assert result["diff"]["after"]["state"] == "present" and set(result["diff"]["after"]) == OPTION_VIEW_KEYS
    assert_real_diff(result)
    # The real run returns what check mode predicted, plus what only the API can give.
    real = run(dict(name="alerts", local_connect=False, number_priority=[US_SMS]), diff=True)
    assert without(real["powerpack"]) == without(result["powerpack"])
    assert all(real["powerpack"][key] for key in SERVER_GIVEN)


def test_create_in_diff_mode_shows_the_created_powerpack(simulated_api):
    simulated_api(seed=seed())
    result = run(dict(name="alerts"), diff=True)
    assert result["diff"]["before"] == {"state": "absent"}
    assert result["powerpack"]["uuid"] is not None
    assert result["diff"]["after"]["uuid"] == result["powerpack"]["uuid"]
    assert result["diff"]["after"]["name"] == "alerts"


def test_no_diff_key_without_diff_mode(simulated_api):
    simulated_api(seed=seed())
    assert "diff" not in run(dict(name="alerts"))


def test_unknown_uuid_fails_and_never_creates(simulated_api):
    api = simulated_api(seed=seed())
    result = run(dict(uuid=MISSING_UUID, name="alerts"))
    assert result["failed"] is True
    assert f"no Powerpack with uuid {MISSING_UUID}" in result["msg"] and "remove uuid" in result["msg"]
    # The 404 is taken as "absent" once the account's Powerpack list answers on the same URL.
    assert api.requests_made() == [("GET", f"Powerpack/{MISSING_UUID}/"), ("GET", "Powerpack/")]
    assert api.write_requests() == [] and api.names() == []


# --- converged ------------------------------------------------------------------------------------


def test_second_run_changes_nothing_and_writes_nothing(simulated_api):
    api = simulated_api(seed=seed())
    args = dict(name="alerts", sticky_sender=False, application_type="xml", application_id=XML_APP, number_priority=[US_SMS])
    run(args)
    api.clear_requests()
    result = run(args, diff=True)
    assert result["changed"] is False
    assert api.requests_made() == [("GET", "Powerpack/"), ("GET", "Powerpack/{}/".format(result["powerpack"]["uuid"]))]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_by_name_without_number_priority_reads_only_the_list(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    result = run(dict(name="alerts", sticky_sender=True))
    assert result["changed"] is False
    assert api.requests_made() == [("GET", "Powerpack/")]
    assert result["powerpack"]["number_priority"] is None  # not read: list items omit it


def test_by_uuid_is_one_get_and_includes_number_priority(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(uuid=uuid, local_connect=True))
    assert result["changed"] is False
    assert api.requests_made() == [("GET", f"Powerpack/{uuid}/")]
    assert len(result["powerpack"]["number_priority"]) == 4


def test_options_left_out_are_not_reset(simulated_api):
    api = simulated_api(seed=seed(dict(name="alerts", sticky_sender=False, local_connect=False, application_type="xml", application_id=XML_APP)))
    assert run(dict(name="alerts"))["changed"] is False
    assert api.write_requests() == []


# --- update ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
def test_update_sends_only_what_differs(simulated_api, check_mode):
    api = simulated_api(seed=seed(dict(name="alerts", sticky_sender=True, local_connect=True)))
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(name="alerts", sticky_sender=False, local_connect=True), check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["powerpack"]["sticky_sender"] is False
    assert result["diff"]["before"]["sticky_sender"] is True and result["diff"]["after"]["sticky_sender"] is False
    assert_real_diff(result)
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert {key for key in after if before.get(key) != after[key]} == {"sticky_sender"}  # the diff shows no change that did not happen
    if check_mode:
        assert api.write_requests() == [] and api.powerpack("alerts")["sticky_sender"] is True
    else:
        assert api.writes_made() == [("POST", f"Powerpack/{uuid}/", {"sticky_sender": False})]
        assert api.powerpack("alerts")["sticky_sender"] is False


@pytest.mark.parametrize("priority_update", ["replace", "merge"])
def test_number_priority_update_sends_the_merged_list_and_keeps_other_keys(simulated_api, priority_update):
    api = simulated_api(seed=seed("alerts"), priority_update=priority_update)
    defaults = api.powerpack("alerts")["number_priority"]
    result = run(dict(name="alerts", number_priority=[dict(US_SMS, country_iso="us")]), diff=True)
    assert result["changed"] is True
    (write,) = api.writes_made()
    assert list(write[2]) == ["number_priority"] and len(write[2]["number_priority"]) == 4
    expected = [entry for entry in defaults if (entry["country_iso"], entry["service_type"]) != ("US", "SMS")]
    expected.append(api_priority("US", "SMS", "longcode", "tollfree", "shortcode"))
    assert by_key(api.powerpack("alerts")["number_priority"]) == by_key(expected)
    assert {"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]} in result["powerpack"]["number_priority"]
    assert len(result["diff"]["before"]["number_priority"]) == 4
    assert run(dict(name="alerts", number_priority=[US_SMS]))["changed"] is False


def test_number_priority_matching_is_case_insensitive(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    args = dict(name="alerts", number_priority=[dict(country_iso="ca", service_type="mms", priority=["shortcode", "longcode", "tollfree"])])
    assert run(args)["changed"] is False
    assert api.write_requests() == []


def test_application_type_compares_case_insensitively(simulated_api):
    api = simulated_api(seed=seed(dict(name="alerts", application_type="xml", application_id=XML_APP)))
    assert run(dict(name="alerts", application_type="xml", application_id=f" {XML_APP} "))["changed"] is False
    assert api.write_requests() == []


def test_changing_the_application_id_sends_the_type_too(simulated_api):
    api = simulated_api(seed=seed(dict(name="alerts", application_type="xml", application_id=XML_APP)))
    result = run(dict(name="alerts", application_type="xml", application_id=XML_APP_2))
    assert api.writes_made()[0][2] == {"application_id": XML_APP_2, "application_type": "xml"}
    assert (result["powerpack"]["application_type"], result["powerpack"]["application_id"]) == ("xml", XML_APP_2)
    assert api.powerpack("alerts")["application_id"] == XML_APP_2


@pytest.mark.parametrize("detach", ["none", "None", ""])
def test_detaching_the_application(simulated_api, detach):
    api = simulated_api(seed=seed(dict(name="alerts", application_type="phlo", application_id=PHLO_APP)))
    result = run(dict(name="alerts", application_id=detach), diff=True)
    assert api.writes_made()[0][2] == {"application_id": "none"}
    assert (result["powerpack"]["application_type"], result["powerpack"]["application_id"]) == (None, None)
    assert result["diff"]["before"]["application_type"] == "phlo" and result["diff"]["after"]["application_type"] is None
    assert api.powerpack("alerts")["application_id"] == ""
    assert run(dict(name="alerts", application_id=detach))["changed"] is False


def test_an_application_the_account_does_not_have_is_refused_by_the_api_only(simulated_api):
    """Check mode cannot foresee it (docs: only a write can tell); the real run fails with the API's answer."""
    api = simulated_api(seed=seed("alerts"))
    args = dict(name="alerts", application_type="xml", application_id="99999999999999999")
    assert run(args, check_mode=True)["changed"] is True
    result = run(args)
    assert result["failed"] is True
    uuid = api.powerpack("alerts")["uuid"]
    assert result["msg"].startswith(f"Plivo API: POST {API_URL}/v1/Account/{AUTH_ID}/Powerpack/{uuid}/ failed with 400: ")
    assert "99999999999999999" in result["msg"]
    assert (result["status"], result["method"], result["path"]) == (400, "POST", f"/Powerpack/{uuid}/")
    assert result["url"] == f"{API_URL}/v1/Account/{AUTH_ID}/Powerpack/{uuid}/"
    assert isinstance(result["api_id"], str) and result["api_id"]
    assert api.powerpack("alerts")["application_id"] == ""


def test_uuid_with_another_name_renames(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(uuid=uuid, name="warnings"), diff=True)
    assert api.writes_made() == [("POST", f"Powerpack/{uuid}/", {"name": "warnings"})]
    assert result["powerpack"]["name"] == "warnings" and api.names() == ["warnings"]
    assert (result["diff"]["before"]["name"], result["diff"]["after"]["name"]) == ("alerts", "warnings")
    # The rename looked for another Powerpack of the new name first.
    assert api.requests_made()[:2] == [("GET", f"Powerpack/{uuid}/"), ("GET", "Powerpack/")]


def test_duplicate_names_fail_listing_the_uuids_and_write_nothing(simulated_api):
    api = simulated_api(seed=seed("alerts", "alerts"))
    first, second = (powerpack["uuid"] for powerpack in api.state()["powerpacks"])
    result = run(dict(name="alerts", sticky_sender=False))
    assert result["failed"] is True
    assert first in result["msg"] and second in result["msg"] and "set uuid" in result["msg"]
    assert result["uuids"] == sorted([first, second])
    assert "nothing was changed" in result["msg"]
    assert api.write_requests() == []


def test_duplicate_names_are_fine_when_uuid_is_given(simulated_api):
    api = simulated_api(seed=seed("alerts", "alerts"))
    second = api.state()["powerpacks"][1]["uuid"]
    result = run(dict(uuid=second, name="alerts", sticky_sender=False))
    assert result["changed"] is True and api.writes_made() == [("POST", f"Powerpack/{second}/", {"sticky_sender": False})]


# --- delete ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("unrent", [False, True])
def test_delete_by_name(simulated_api, unrent):
    api = simulated_api(seed=seed(dict(name="alerts", numbers=["14155550101"], tollfree=["18005550199"])))
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(name="alerts", state="absent", unrent_numbers=unrent), diff=True)
    assert result["changed"] is True
    assert api.writes_made() == [("DELETE", f"Powerpack/{uuid}/", {"unrent_numbers": unrent})]
    assert api.names() == []
    assert api.rented() == (set() if unrent else {"14155550101", "18005550199"})
    assert result["powerpack"]["uuid"] == uuid and result["powerpack"]["name"] == "alerts"
    assert result["diff"]["before"]["state"] == "present"
    assert result["diff"]["after"] == {"uuid": uuid, "name": "alerts", "state": "absent", "unrent_numbers": unrent}


def test_delete_in_check_mode_sends_no_delete(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(uuid=uuid, state="absent", unrent_numbers=True), check_mode=True, diff=True)
    assert result["changed"] is True and result["diff"]["after"]["unrent_numbers"] is True
    assert api.write_requests() == [] and api.names() == ["alerts"]


@pytest.mark.parametrize("identity", [dict(name="alerts"), dict(uuid=MISSING_UUID)])
@pytest.mark.parametrize("check_mode", [False, True])
def test_delete_of_a_missing_powerpack_changes_nothing(simulated_api, identity, check_mode):
    api = simulated_api(seed=seed("other"))
    result = run(dict(identity, state="absent"), check_mode=check_mode, diff=True)
    assert result["changed"] is False and result["powerpack"] == {}
    assert result["diff"] == {"before": {"state": "absent"}, "after": {"state": "absent"}}
    assert api.write_requests() == [] and api.names() == ["other"]


def test_delete_by_uuid_refuses_when_the_name_does_not_match(simulated_api):
    api = simulated_api(seed=seed("production"))
    result = run(dict(uuid=api.powerpack("production")["uuid"], name="staging", state="absent"))
    assert result["failed"] is True and "named 'production', not 'staging'" in result["msg"]
    assert api.write_requests() == [] and api.names() == ["production"]


def test_configuring_options_are_ignored_when_deleting(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    result = run(dict(name="alerts", state="absent", sticky_sender=False, number_priority=[US_SMS]))
    assert result["changed"] is True and [method for method, _path, _body in api.writes_made()] == ["DELETE"]


# --- lost answers and retries ---------------------------------------------------------------------

LOST_AFTER_APPLY = {
    "503": dict(status=503, body={"error": "upstream timeout"}),
    "read timeout": dict(delay_ms=31000),  # longer than the module's timeout of 30 s
    "dropped connection": dict(drop=True),
}


@pytest.mark.parametrize("lost", list(LOST_AFTER_APPLY))
def test_create_whose_answer_is_lost_adopts_the_created_powerpack(simulated_api, lost):
    api = simulated_api(seed=seed())
    api.add_fault(method="POST", path="/Powerpack/$", after_apply=True, **LOST_AFTER_APPLY[lost])
    result = run(dict(name="alerts", sticky_sender=False), diff=True)
    assert result["changed"] is True
    assert api.names() == ["alerts"]
    assert [method for method, _path, _body in api.writes_made()] == ["POST"]
    assert result["powerpack"]["uuid"] == api.powerpack("alerts")["uuid"]
    assert result["powerpack"]["sticky_sender"] is False
    assert result["diff"]["before"] == {"state": "absent"}


def test_create_lost_before_it_took_effect_is_sent_again_once(simulated_api):
    api = simulated_api(seed=seed())
    api.add_fault(method="POST", path="/Powerpack/$", status=503, body={"error": "unavailable"})
    result = run(dict(name="alerts"))
    assert result["changed"] is True and api.names() == ["alerts"]
    assert [method for method, _path, _body in api.writes_made()] == ["POST", "POST"]
    assert ("GET", "Powerpack/") in api.requests_made()[1:3]  # looked for it by name in between


def test_create_lost_twice_fails_without_a_third_post(simulated_api):
    api = simulated_api(seed=seed())
    api.add_fault(method="POST", path="/Powerpack/$", status=503, body={"error": "unavailable"}, times=2)
    result = run(dict(name="alerts"))
    assert result["failed"] is True and result["status"] == 503 and "may or may not have been applied" in result["msg"]
    assert "nothing was changed" not in result["msg"]
    assert [method for method, _path, _body in api.writes_made()] == ["POST", "POST"] and api.names() == []


def test_update_whose_answer_is_lost_is_read_again_and_not_repeated(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    uuid = api.powerpack("alerts")["uuid"]
    api.add_fault(method="POST", path="/Powerpack/.+/$", delay_ms=31000, after_apply=True)
    result = run(dict(name="alerts", local_connect=False))
    assert result["changed"] is True and result["powerpack"]["local_connect"] is False
    assert [method for method, _path, _body in api.writes_made()] == ["POST"]
    assert api.requests_made()[-1] == ("GET", f"Powerpack/{uuid}/")
    assert api.powerpack("alerts")["local_connect"] is False


def test_update_lost_before_it_took_effect_resends_what_still_differs(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    api.add_fault(method="POST", path="/Powerpack/.+/$", status=500, body={"error": "oops"})
    result = run(dict(name="alerts", local_connect=False))
    assert result["changed"] is True and api.powerpack("alerts")["local_connect"] is False
    assert [body for method, path, body in api.writes_made()] == [{"local_connect": False}, {"local_connect": False}]


def test_delete_retried_after_a_lost_answer_counts_404_as_done(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    api.add_fault(method="DELETE", path="/Powerpack/.+/$", status=503, body={"error": "unavailable"}, after_apply=True)
    result = run(dict(name="alerts", state="absent"))
    assert result["changed"] is True and api.names() == []
    assert [(entry["method"], entry["status"]) for entry in api.write_requests()] == [("DELETE", 503), ("DELETE", 404)]
    assert len(api.sleeps) == 1


def test_rate_limited_list_is_retried_after_retry_after(simulated_api):
    api = simulated_api(seed=seed("alerts"))
    api.add_fault(method="GET", path="/Powerpack/$", status=429, body={"error": "too many requests"}, retry_after="2")
    result = run(dict(name="alerts"))
    assert result["changed"] is False and api.sleeps == [2.0]
    assert [entry["status"] for entry in api.requests()] == [429, 200]


def test_server_errors_exhausting_retries_fail_with_the_attempt_count(simulated_api):
    api = simulated_api(seed=seed())
    api.add_fault(method="GET", path="/Powerpack/$", status=503, body={"error": "unavailable"}, times=10)
    result = run(dict(name="alerts", max_retries=2))
    assert result["failed"] is True and "gave up after 3 attempts (max_retries=2)" in result["msg"]
    assert result["msg"].endswith("; nothing was changed")
    assert len(api.requests()) == 3 and len(api.sleeps) == 2


def test_a_refused_connection_fails_after_one_retry_naming_the_url(simulated_api):
    api = simulated_api(seed=seed())
    result = run_module(powerpack.main, dict(name="alerts"), connection=dict(api.connection, api_url="https://api.elsewhere.test"))
    assert result["failed"] is True
    assert result["msg"].startswith("Plivo API: GET https://api.elsewhere.test/v1/Account/")
    assert "could not connect to https://api.elsewhere.test" in result["msg"] and "Connection refused" in result["msg"]
    assert "check api_url and the network" in result["msg"] and result["msg"].endswith("nothing was changed")
    assert api.requests() == [] and api.sleeps == [0.5]  # one short retry, not the default five


# --- validation: nothing is sent -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args, complaint",
    [
        (dict(name="alerts", application_id="123"), "application_id needs application_type"),
        (dict(name="alerts", application_type="xml"), "application_type needs application_id"),
        (dict(name="alerts", application_type="xml", application_id="none"), "application_type must not be set"),
        (dict(name="alerts", unrent_numbers=True), "use it only with state=absent"),
        (dict(name=""), "name must not be empty"),
        (dict(name="   "), "name must not be empty"),
        (dict(name="x" * 257), "use at most 256"),
        (dict(uuid="../Number"), "uuid '../Number' is not a valid uuid"),
        (dict(uuid="a/b", state="absent"), "is not a valid uuid"),
        (dict(name="alerts", number_priority=[dict(US_SMS, priority=["longcode", "tollfree"])]), "exactly once each"),
        (dict(name="alerts", number_priority=[dict(US_SMS, priority=["longcode", "longcode", "tollfree"])]), "exactly once each"),
        (dict(name="alerts", number_priority=[dict(US_SMS, country_iso="USA")]), "ISO 3166"),
        (dict(name="alerts", number_priority=[dict(US_SMS, country_iso="ZZ")]), "number_priority[0].country_iso 'ZZ' is not a country code"),
        (dict(name="alerts", number_priority=[US_SMS, dict(US_SMS, country_iso="us")]), "number_priority[1] repeats"),
        (dict(name="alerts", number_priority=[dict(US_SMS, priority=["longcode", "tollfree", "mobile"])]), "priority"),
        (dict(name="alerts", application_type="XML", application_id="1"), "application_type"),
        (dict(state="present"), "one of the following is required: name, uuid"),
        (dict(name=None, sticky_sender=False), "one of name or uuid must be set to a value, not null"),
        (dict(name=None, uuid=None, state="absent"), "one of name or uuid must be set to a value, not null"),
        (dict(name="alerts", number_priority="US:sms"), "number_priority must be a list"),
    ],
)
def test_invalid_options_fail_before_any_request(simulated_api, args, complaint):
    api = simulated_api(seed=seed())
    result = run(args)
    assert result["failed"] is True
    assert complaint in result["msg"], result["msg"]
    assert result["msg"].endswith("nothing was changed")
    assert api.requests() == []


def test_every_problem_is_reported_at_once(simulated_api):
    api = simulated_api(seed=seed())
    result = run(dict(name="x" * 257, application_id="123", unrent_numbers=True, number_priority=[dict(US_SMS, country_iso="ZZ")]))
    assert result["failed"] is True
    for complaint in ("use at most 256", "application_id needs application_type", "use it only with state=absent", "'ZZ' is not a country code"):
        assert complaint in result["msg"]
    assert api.requests() == []


@pytest.mark.parametrize(
    "connection, complaint",
    [
        (dict(auth_token=AUTH_TOKEN, api_url=API_URL), "PLIVO_AUTH_ID"),
        (dict(auth_id=AUTH_ID, api_url=API_URL), "PLIVO_AUTH_TOKEN"),
        (dict(auth_id="MA123", auth_token=AUTH_TOKEN, api_url=API_URL), "does not look like a Plivo auth ID"),
        (dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url="api.plivo.com"), "api_url 'api.plivo.com' is not an http(s) URL"),
        (dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url=API_URL + "/v1"), "has the path '/v1'"),
    ],
)
def test_bad_connection_options_fail_before_any_request(simulated_api, connection, complaint):
    api = simulated_api(seed=seed())
    result = run_module(powerpack.main, dict(name="alerts"), connection=connection)
    assert result["failed"] is True and complaint in result["msg"]
    assert api.requests() == []


def test_credentials_from_environment_variables(simulated_api, clean_env):
    connection = dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url="http://simulator.test:8080")
    api = simulated_api(seed=seed("alerts"), connection=connection)
    clean_env.setenv("PLIVO_AUTH_ID", AUTH_ID)
    clean_env.setenv("PLIVO_AUTH_TOKEN", AUTH_TOKEN)
    clean_env.setenv("PLIVO_API_URL", "http://simulator.test:8080")
    result = run_module(powerpack.main, dict(name="alerts"), connection={})
    assert result["changed"] is False and result["powerpack"]["name"] == "alerts"
    assert api.requests_made() == [("GET", "Powerpack/")]


def test_missing_requests_library_is_reported_before_anything_else(simulated_api, clean_env):
    api = simulated_api(seed=seed())
    clean_env.setitem(_requirements.MISSING, "requests", "Traceback: ModuleNotFoundError: No module named 'requests'")
    result = run(dict(name="alerts"))
    assert result["failed"] is True and "requests" in result["msg"]
    assert api.requests() == []


def test_a_get_without_number_priority_warns_and_changes_nothing(simulated_api):
    # Most recorded answers leave number_priority out: it cannot be compared, so it is neither sent nor a change.
    api = simulated_api(seed=seed("alerts"), number_priority_key="omit")
    uuid = api.powerpack("alerts")["uuid"]
    result = run(dict(uuid=uuid, number_priority=[US_SMS]), diff=True)
    assert result["changed"] is False
    assert api.requests_made() == [("GET", f"Powerpack/{uuid}/")]
    assert any("did not report its number_priority" in warning for warning in result["warnings"])
    assert result["powerpack"]["number_priority"] is None
    assert result["diff"]["before"] == result["diff"]["after"]
