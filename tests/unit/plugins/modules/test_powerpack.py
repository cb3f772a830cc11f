# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpack in-process against the fake API: every state in normal, check and diff mode."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import (
    AUTH_ID,
    AUTH_TOKEN,
    DEFAULT_NUMBER_PRIORITY,
    connection_dropped,
    priority_entry,
    read_timeout,
    reply,
)
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

US_SMS = dict(country_iso="US", service_type="sms", priority=["longcode", "tollfree", "shortcode"])
OPTION_VIEW_KEYS = {"uuid", "name", "sticky_sender", "local_connect", "application_type", "application_id", "number_priority", "state"}


def run(args, **modes):
    return run_module(powerpack.main, args, **modes)


def api_entry_key(entry):
    return (entry["country_iso"], entry["service_type"])


def assert_real_diff(result):
    """A changed result in diff mode always shows what changed."""
    assert result["changed"] is True
    assert result["diff"]["before"] != result["diff"]["after"]


# --- create ---------------------------------------------------------------------------------------


def test_create_sends_one_post_with_only_the_options_set(fake_api):
    result = run(dict(name="alerts", sticky_sender=False))
    assert result["changed"] is True
    assert fake_api.requests_made() == [("GET", "Powerpack/"), ("POST", "Powerpack/")]
    assert fake_api.writes()[0].body == {"name": "alerts", "sticky_sender": False}
    stored = next(iter(fake_api.powerpacks.values()))
    assert result["powerpack"]["uuid"] == stored["uuid"]
    assert result["powerpack"]["number_pool_uuid"] == stored["number_pool"].split("/")[5]
    assert tuple(result["powerpack"]) == RESULT_KEYS
    assert (result["powerpack"]["sticky_sender"], result["powerpack"]["local_connect"]) == (False, True)


def test_create_with_every_option(fake_api):
    result = run(dict(name="alerts", sticky_sender=True, local_connect=False, application_type="phlo", application_id="8812", number_priority=[US_SMS]))
    assert fake_api.writes()[0].body == {
        "name": "alerts",
        "sticky_sender": True,
        "local_connect": False,
        "application_type": "phlo",
        "application_id": "8812",
        "number_priority": [priority_entry("US", "SMS", "longcode", "tollfree", "shortcode")],
    }
    assert result["powerpack"]["application_type"] == "phlo" and result["powerpack"]["application_id"] == "8812"


def test_create_in_check_mode_sends_no_write_and_predicts_the_powerpack(fake_api):
    result = run(dict(name="alerts", local_connect=False, number_priority=[US_SMS]), check_mode=True, diff=True)
    assert fake_api.writes() == [] and fake_api.powerpacks == {}
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


def test_create_in_diff_mode_shows_the_created_powerpack(fake_api):
    result = run(dict(name="alerts"), diff=True)
    assert result["diff"]["before"] == {"state": "absent"}
    assert result["powerpack"]["uuid"] is not None
    assert result["diff"]["after"]["uuid"] == result["powerpack"]["uuid"]
    assert result["diff"]["after"]["name"] == "alerts"


def test_no_diff_key_without_diff_mode(fake_api):
    assert "diff" not in run(dict(name="alerts"))


def test_unknown_uuid_fails_and_never_creates(fake_api):
    result = run(dict(uuid="0e8c5a9e-0000-4000-8000-000000000000", name="alerts"))
    assert result["failed"] is True
    assert "no Powerpack with uuid 0e8c5a9e-0000-4000-8000-000000000000" in result["msg"] and "remove uuid" in result["msg"]
    assert fake_api.requests_made() == [("GET", "Powerpack/0e8c5a9e-0000-4000-8000-000000000000/")]


# --- converged ------------------------------------------------------------------------------------


def test_second_run_changes_nothing_and_writes_nothing(fake_api):
    args = dict(name="alerts", sticky_sender=False, application_type="xml", application_id="77", number_priority=[US_SMS])
    run(args)
    before = len(fake_api.sent)
    result = run(args, diff=True)
    assert result["changed"] is False
    assert fake_api.requests_made()[before:] == [("GET", "Powerpack/"), ("GET", "Powerpack/{}/".format(result["powerpack"]["uuid"]))]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_by_name_without_number_priority_reads_only_the_list(fake_api):
    fake_api.add_powerpack("alerts")
    result = run(dict(name="alerts", sticky_sender=True))
    assert result["changed"] is False
    assert fake_api.requests_made() == [("GET", "Powerpack/")]
    assert result["powerpack"]["number_priority"] is None  # not read: list items omit it


def test_by_uuid_is_one_get_and_includes_number_priority(fake_api):
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(uuid=stored["uuid"], local_connect=True))
    assert result["changed"] is False
    assert fake_api.requests_made() == [("GET", "Powerpack/{}/".format(stored["uuid"]))]
    assert len(result["powerpack"]["number_priority"]) == 4


def test_options_left_out_are_not_reset(fake_api):
    fake_api.add_powerpack("alerts", sticky_sender=False, local_connect=False, application_type="XML", application_id="5")
    assert run(dict(name="alerts"))["changed"] is False
    assert fake_api.writes() == []


# --- update ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
def test_update_sends_only_what_differs(fake_api, check_mode):
    stored = fake_api.add_powerpack("alerts", sticky_sender=True, local_connect=True)
    result = run(dict(name="alerts", sticky_sender=False, local_connect=True), check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["powerpack"]["sticky_sender"] is False
    assert result["diff"]["before"]["sticky_sender"] is True and result["diff"]["after"]["sticky_sender"] is False
    assert_real_diff(result)
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert {key for key in after if before.get(key) != after[key]} == {"sticky_sender"}  # the diff shows no change that did not happen
    if check_mode:
        assert fake_api.writes() == [] and stored["sticky_sender"] is True
    else:
        assert [(sent.method, sent.path, sent.body) for sent in fake_api.writes()] == [
            ("POST", "Powerpack/{}/".format(stored["uuid"]), {"sticky_sender": False})
        ]
        assert stored["sticky_sender"] is False


@pytest.mark.parametrize("update_semantics", ["replace", "merge"])
def test_number_priority_update_sends_the_merged_list_and_keeps_other_keys(fake_api, update_semantics):
    fake_api.number_priority_update = update_semantics
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(name="alerts", number_priority=[dict(US_SMS, country_iso="us")]), diff=True)
    assert result["changed"] is True
    sent = fake_api.writes()[0].body
    assert list(sent) == ["number_priority"] and len(sent["number_priority"]) == 4
    expected = [entry for entry in DEFAULT_NUMBER_PRIORITY if (entry["country_iso"], entry["service_type"]) != ("US", "SMS")]
    expected.append(priority_entry("US", "SMS", "longcode", "tollfree", "shortcode"))
    assert sorted(stored["number_priority"], key=api_entry_key) == sorted(expected, key=api_entry_key)
    assert {"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]} in result["powerpack"]["number_priority"]
    assert len(result["diff"]["before"]["number_priority"]) == 4
    assert run(dict(name="alerts", number_priority=[US_SMS]))["changed"] is False


def test_number_priority_matching_is_case_insensitive(fake_api):
    fake_api.add_powerpack("alerts")
    args = dict(name="alerts", number_priority=[dict(country_iso="ca", service_type="mms", priority=["shortcode", "longcode", "tollfree"])])
    assert run(args)["changed"] is False


def test_application_type_compares_case_insensitively(fake_api):
    fake_api.add_powerpack("alerts", application_type="XML", application_id="33660394121755210")
    assert run(dict(name="alerts", application_type="xml", application_id="33660394121755210"))["changed"] is False
    assert fake_api.writes() == []


def test_changing_the_application_id_sends_the_type_too(fake_api):
    fake_api.add_powerpack("alerts", application_type="XML", application_id="1")
    result = run(dict(name="alerts", application_type="xml", application_id="2"))
    assert fake_api.writes()[0].body == {"application_id": "2", "application_type": "xml"}
    assert (result["powerpack"]["application_type"], result["powerpack"]["application_id"]) == ("xml", "2")


@pytest.mark.parametrize("detach", ["none", "None", ""])
def test_detaching_the_application(fake_api, detach):
    fake_api.add_powerpack("alerts", application_type="PHLO", application_id="9")
    result = run(dict(name="alerts", application_id=detach), diff=True)
    assert fake_api.writes()[0].body == {"application_id": "none"}
    assert (result["powerpack"]["application_type"], result["powerpack"]["application_id"]) == (None, None)
    assert result["diff"]["before"]["application_type"] == "phlo" and result["diff"]["after"]["application_type"] is None
    assert run(dict(name="alerts", application_id=detach))["changed"] is False


def test_uuid_with_another_name_renames(fake_api):
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(uuid=stored["uuid"], name="warnings"), diff=True)
    assert fake_api.writes()[0].body == {"name": "warnings"}
    assert result["powerpack"]["name"] == "warnings" and stored["name"] == "warnings"
    assert (result["diff"]["before"]["name"], result["diff"]["after"]["name"]) == ("alerts", "warnings")


def test_duplicate_names_fail_listing_the_uuids_and_write_nothing(fake_api):
    first = fake_api.add_powerpack("alerts")
    second = fake_api.add_powerpack("alerts")
    result = run(dict(name="alerts", sticky_sender=False))
    assert result["failed"] is True
    assert first["uuid"] in result["msg"] and second["uuid"] in result["msg"] and "set uuid" in result["msg"]
    assert fake_api.writes() == []


def test_duplicate_names_are_fine_when_uuid_is_given(fake_api):
    fake_api.add_powerpack("alerts")
    second = fake_api.add_powerpack("alerts")
    result = run(dict(uuid=second["uuid"], name="alerts", sticky_sender=False))
    assert result["changed"] is True and fake_api.writes()[0].path == "Powerpack/{}/".format(second["uuid"])


# --- delete ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("unrent", [False, True])
def test_delete_by_name(fake_api, unrent):
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(name="alerts", state="absent", unrent_numbers=unrent), diff=True)
    assert result["changed"] is True
    assert [(sent.method, sent.path, sent.body) for sent in fake_api.writes()] == [
        ("DELETE", "Powerpack/{}/".format(stored["uuid"]), {"unrent_numbers": unrent})
    ]
    assert fake_api.powerpacks == {}
    assert result["powerpack"]["uuid"] == stored["uuid"] and result["powerpack"]["name"] == "alerts"
    assert result["diff"]["before"]["state"] == "present"
    assert result["diff"]["after"] == {"uuid": stored["uuid"], "name": "alerts", "state": "absent", "unrent_numbers": unrent}


def test_delete_in_check_mode_sends_no_delete(fake_api):
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(uuid=stored["uuid"], state="absent", unrent_numbers=True), check_mode=True, diff=True)
    assert result["changed"] is True and result["diff"]["after"]["unrent_numbers"] is True
    assert fake_api.writes() == [] and stored["uuid"] in fake_api.powerpacks


@pytest.mark.parametrize("identity", [dict(name="alerts"), dict(uuid="0e8c5a9e-0000-4000-8000-000000000000")])
@pytest.mark.parametrize("check_mode", [False, True])
def test_delete_of_a_missing_powerpack_changes_nothing(fake_api, identity, check_mode):
    result = run(dict(identity, state="absent"), check_mode=check_mode, diff=True)
    assert result["changed"] is False and result["powerpack"] == {}
    assert fake_api.writes() == []


def test_delete_by_uuid_refuses_when_the_name_does_not_match(fake_api):
    stored = fake_api.add_powerpack("production")
    result = run(dict(uuid=stored["uuid"], name="staging", state="absent"))
    assert result["failed"] is True and "named 'production', not 'staging'" in result["msg"]
    assert fake_api.writes() == []


def test_configuring_options_are_ignored_when_deleting(fake_api):
    fake_api.add_powerpack("alerts")
    result = run(dict(name="alerts", state="absent", sticky_sender=False, number_priority=[US_SMS]))
    assert result["changed"] is True and [sent.method for sent in fake_api.writes()] == ["DELETE"]


# --- lost answers and retries ---------------------------------------------------------------------


@pytest.mark.parametrize("lost", [reply(503, {"error": "upstream timeout"}), read_timeout(), connection_dropped()])
def test_create_whose_answer_is_lost_adopts_the_created_powerpack(fake_api, lost):
    fake_api.fail("POST", "Powerpack/", lost, apply=True)
    result = run(dict(name="alerts", sticky_sender=False), diff=True)
    assert result["changed"] is True
    assert len(fake_api.powerpacks) == 1
    assert [sent.method for sent in fake_api.writes()] == ["POST"]
    assert result["powerpack"]["uuid"] == next(iter(fake_api.powerpacks))
    assert result["diff"]["before"] == {"state": "absent"}


def test_create_whose_answer_is_lost_adopts_and_finishes_what_is_missing(fake_api):
    # The create took effect but (say) the API ignored number_priority on create: the follow-up update sends it.
    fake_api.fail("POST", "Powerpack/", reply(502, {"error": "bad gateway"}), apply=True)
    fake_api.default_number_priority = []
    original_create = fake_api.create_powerpack

    def create_without_priority(sent):
        sent.body.pop("number_priority", None)
        return original_create(sent)

    fake_api.create_powerpack = create_without_priority
    result = run(dict(name="alerts", number_priority=[US_SMS]))
    assert result["changed"] is True and len(fake_api.powerpacks) == 1
    assert [sent.method for sent in fake_api.writes()] == ["POST", "POST"]
    assert fake_api.writes()[1].path.startswith("Powerpack/0")


def test_create_lost_before_it_took_effect_is_sent_again_once(fake_api):
    fake_api.fail("POST", "Powerpack/", reply(503, {"error": "unavailable"}), apply=False)
    result = run(dict(name="alerts"))
    assert result["changed"] is True and len(fake_api.powerpacks) == 1
    assert [sent.method for sent in fake_api.writes()] == ["POST", "POST"]


def test_create_lost_twice_fails_without_a_third_post(fake_api):
    fake_api.fail("POST", "Powerpack/", reply(503, {"error": "unavailable"}), times=2)
    result = run(dict(name="alerts"))
    assert result["failed"] is True and result["status"] == 503 and "may or may not have been applied" in result["msg"]
    assert [sent.method for sent in fake_api.writes()] == ["POST", "POST"]


def test_update_whose_answer_is_lost_is_read_again_and_not_repeated(fake_api):
    stored = fake_api.add_powerpack("alerts")
    fake_api.fail("POST", "Powerpack/.+/", read_timeout(), apply=True)
    result = run(dict(name="alerts", local_connect=False))
    assert result["changed"] is True and result["powerpack"]["local_connect"] is False
    assert [sent.method for sent in fake_api.writes()] == ["POST"]
    assert fake_api.requests_made()[-1] == ("GET", "Powerpack/{}/".format(stored["uuid"]))


def test_update_lost_before_it_took_effect_resends_what_still_differs(fake_api):
    stored = fake_api.add_powerpack("alerts")
    fake_api.fail("POST", "Powerpack/.+/", reply(500, {"error": "oops"}), apply=False)
    result = run(dict(name="alerts", local_connect=False))
    assert result["changed"] is True and stored["local_connect"] is False
    assert [sent.body for sent in fake_api.writes()] == [{"local_connect": False}, {"local_connect": False}]


def test_delete_retried_after_a_lost_answer_counts_404_as_done(fake_api):
    fake_api.add_powerpack("alerts")
    fake_api.fail("DELETE", "Powerpack/.+/", reply(503, {"error": "unavailable"}), apply=True)
    result = run(dict(name="alerts", state="absent"))
    assert result["changed"] is True and fake_api.powerpacks == {}
    assert [sent.method for sent in fake_api.writes()] == ["DELETE", "DELETE"]
    assert len(fake_api.sleeps) == 1


def test_rate_limited_list_is_retried_after_retry_after(fake_api):
    fake_api.add_powerpack("alerts")
    fake_api.fail("GET", "Powerpack/", reply(429, {"error": "too many requests"}, headers={"Retry-After": "2"}))
    result = run(dict(name="alerts"))
    assert result["changed"] is False and fake_api.sleeps == [2.0]


def test_api_error_becomes_a_structured_failure(fake_api):
    fake_api.fail("POST", "Powerpack/", reply(400, {"api_id": "e-1", "error": "application_id is invalid"}))
    result = run(dict(name="alerts", application_type="xml", application_id="404"))
    assert result["failed"] is True
    assert result["msg"] == "Plivo API: POST /Powerpack/ failed with 400: application_id is invalid (api_id e-1)"
    assert (result["status"], result["api_id"], result["method"], result["path"]) == (400, "e-1", "POST", "/Powerpack/")


def test_server_errors_exhausting_retries_fail_with_the_attempt_count(fake_api):
    fake_api.fail("GET", "Powerpack/", reply(503, {"error": "unavailable"}), times=10)
    result = run(dict(name="alerts", max_retries=2))
    assert result["failed"] is True and "gave up after 3 attempts (max_retries=2)" in result["msg"]
    assert len(fake_api.sent) == 3


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
        (dict(name="alerts", number_priority=[US_SMS, dict(US_SMS, country_iso="us")]), "number_priority[1] repeats"),
        (dict(name="alerts", number_priority=[dict(US_SMS, priority=["longcode", "tollfree", "mobile"])]), "priority"),
        (dict(name="alerts", application_type="XML", application_id="1"), "application_type"),
        (dict(state="present"), "one of the following is required: name, uuid"),
    ],
)
def test_invalid_options_fail_before_any_request(fake_api, args, complaint):
    result = run(args)
    assert result["failed"] is True
    assert complaint in result["msg"]
    assert fake_api.sent == []


@pytest.mark.parametrize(
    "connection, complaint",
    [
        (dict(auth_token=AUTH_TOKEN), "PLIVO_AUTH_ID"),
        (dict(auth_id=AUTH_ID), "PLIVO_AUTH_TOKEN"),
        (dict(auth_id="MA123", auth_token=AUTH_TOKEN), "does not look like a Plivo auth ID"),
        (dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url="api.plivo.com"), "api_url must be an http(s) URL"),
    ],
)
def test_bad_connection_options_fail_before_any_request(fake_api, connection, complaint):
    result = run_module(powerpack.main, dict(name="alerts"), connection=connection)
    assert result["failed"] is True and complaint in result["msg"]
    assert fake_api.sent == []


def test_credentials_from_environment_variables(fake_api, clean_env):
    fake_api.add_powerpack("alerts")
    clean_env.setenv("PLIVO_AUTH_ID", AUTH_ID)
    clean_env.setenv("PLIVO_AUTH_TOKEN", AUTH_TOKEN)
    clean_env.setenv("PLIVO_API_URL", "http://simulator.test:8080")
    result = run_module(powerpack.main, dict(name="alerts"), connection={})
    assert result["changed"] is False
    assert fake_api.sent[0].url.startswith(f"http://simulator.test:8080/v1/Account/{AUTH_ID}/")


def test_missing_requests_library_is_reported_before_anything_else(fake_api, clean_env):
    from ansible_collections.plivo.messaging.plugins.module_utils import plivo_module

    clean_env.setattr(plivo_module, "HAS_REQUESTS", False)
    result = run(dict(name="alerts"))
    assert result["failed"] is True and "requests" in result["msg"]
    assert fake_api.sent == []


def test_get_without_number_priority_is_not_repeated(fake_api):
    # The Python SDK's GET fixture has no number_priority: the module manages with what it got, in one GET.
    stored = fake_api.add_powerpack("alerts")
    del stored["number_priority"]
    result = run(dict(uuid=stored["uuid"], number_priority=[US_SMS]))
    assert result["changed"] is True
    assert [method for method, dummy in fake_api.requests_made()] == ["GET", "POST"]
