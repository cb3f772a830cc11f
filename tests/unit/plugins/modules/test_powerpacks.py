# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpacks (the engine) in-process against the simulator's core: many Powerpacks in one run.

The input is checked whole before any request; reads go side by side; every refusal is found before the first write;
writes go in phases (creates and updates, removals, additions, deletions), so numbers move between pools in one run.
"""

from __future__ import annotations

import time

import pytest
import yaml

from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import NOT_RENTED
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC
from ansible_collections.plivo.messaging.tests.unit.sample_account import SERVER_GIVEN
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF2
from ansible_collections.plivo.messaging.tests.unit.sample_account import XML_APP
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import C
from ansible_collections.plivo.messaging.tests.unit.sample_account import D
from ansible_collections.plivo.messaging.tests.unit.sample_account import seed_powerpacks
from ansible_collections.plivo.messaging.tests.unit.sample_account import sms
from ansible_collections.plivo.messaging.tests.unit.sample_account import without

LOCAL_FIRST = {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}
# The totals the module documents (its RETURN), each counted in every run.
TOTAL_KEYS = set(yaml.safe_load(powerpacks.RETURN)["totals"]["sample"])


def run(items, check_mode=False, diff=False, **options):
    return run_module(powerpacks.main, dict(options, powerpacks=items), check_mode=check_mode, diff=diff)


def account(simulated_api, *powerpacks_, rented=(), **settings):
    """The account rents A, B, C, D, TF, TF2 (and rented) and holds these Powerpacks (names or the seed's shape)."""
    seed = {
        "applications": [{"app_id": XML_APP, "type": "xml"}],
        "numbers": [A, B, C, D, *rented],
        "tollfree": [TF, TF2],
        "powerpacks": seed_powerpacks(powerpacks_),
    }
    return simulated_api(seed=seed, **settings)


def entry(result, name):
    (found,) = [item for item in result["powerpacks"] if item["name"] == name]
    return found


def assert_same_except_server_given(check, real):
    """Key by key, so that a difference names where it is."""
    assert set(check) == set(real)
    for key in check:
        if key == "powerpacks":
            assert len(check[key]) == len(real[key])
            for planned, done in zip(check[key], real[key]):
                assert set(planned) == set(done)
                for field in set(planned) - set(SERVER_GIVEN):
                    assert without(planned[field]) == without(done[field]), (planned["name"], field)
        else:
            assert without(check[key]) == without(real[key]), key


# --- the run as a whole ------------------------------------------------------------------------------


def test_creates_updates_deletes_and_fills_pools_in_one_run(simulated_api):
    api = account(simulated_api, dict(name="beta", sticky_sender=False, numbers=[A]), "gamma", "delta")
    items = [
        dict(name="alpha", local_connect=False, preset=dict(name="local_first", countries=["US", "CA"]), numbers=[B, dict(number=C, service="mms")]),
        dict(name="beta", sticky_sender=True, numbers=[A, D], tollfree=[TF], purge=True),
        dict(name="gamma", state="absent"),
        dict(name="delta"),
        dict(name="epsilon", state="absent"),
    ]
    result = run(items)
    assert result["changed"] is True and result.get("failed") is None
    assert [(item["name"], item["action"], item["state"]) for item in result["powerpacks"]] == [
        ("alpha", "create", "present"),
        ("beta", "update", "present"),
        ("gamma", "delete", "absent"),
        ("delta", "none", "present"),
        ("epsilon", "none", "absent"),
    ]
    assert api.names() == ["beta", "delta", "alpha"]
    alpha = api.powerpack("alpha")
    assert alpha["local_connect"] is False
    assert {(each["country_iso"], each["service_type"]) for each in alpha["number_priority"]} == {("US", "SMS"), ("US", "MMS"), ("CA", "SMS"), ("CA", "MMS")}
    assert all(entry_["priority"] == LOCAL_FIRST for entry_ in alpha["number_priority"])
    assert api.members("alpha") == {"numbers": {B: "sms", C: "mms"}, "tollfree": [], "shortcodes": []}
    assert api.members("beta") == {"numbers": {A: "sms", D: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert api.powerpack("beta")["sticky_sender"] is True
    assert result["totals"] == dict(dict.fromkeys(TOTAL_KEYS, 0), created=1, updated=1, deleted=1, unchanged=2, numbers_added=3, tollfree_added=1)
    assert entry(result, "alpha")["uuid"] == alpha["uuid"] and entry(result, "alpha")["number_pool"]["uuid"] == alpha["number_pool_uuid"]
    assert entry(result, "beta")["added"] == {"numbers": sms(D), "tollfree": [TF]}
    assert entry(result, "beta")["number_pool"] == {
        "uuid": api.powerpack("beta")["number_pool_uuid"],
        "numbers": sms(D, A),
        "tollfree": [TF],
        "shortcodes": None,
    }
    assert entry(result, "gamma")["powerpack"]["name"] == "gamma" and entry(result, "gamma")["number_pool"] is None
    assert entry(result, "epsilon")["powerpack"] == {} and entry(result, "epsilon")["uuid"] is None
    assert "diff" not in result

    api.clear_requests()
    again = run(items)
    assert again["changed"] is False and api.write_requests() == []
    assert again["totals"] == dict(dict.fromkeys(TOTAL_KEYS, 0), unchanged=5)


def test_the_writes_go_in_phases(simulated_api):
    """Creates and updates, then removals, then additions, then deletions (max_workers 1 makes the order visible)."""
    api = account(simulated_api, dict(name="beta", numbers=[A, B]), "gamma")
    beta, gamma = api.powerpack("beta"), api.powerpack("gamma")
    items = [dict(name="gamma", state="absent"), dict(name="beta", sticky_sender=False, numbers=[A], purge=True), dict(name="alpha", numbers=[C])]
    run(items, max_workers=1)
    alpha = api.powerpack("alpha")
    assert [(method, path) for method, path, body in api.writes_made()] == [
        ("POST", f"Powerpack/{beta['uuid']}/"),
        ("POST", "Powerpack/"),
        ("DELETE", f"NumberPool/{beta['number_pool_uuid']}/Number/{B}/"),
        ("POST", f"NumberPool/{alpha['number_pool_uuid']}/Number/{C}/"),
        ("DELETE", f"Powerpack/{gamma['uuid']}/"),
    ]
    assert api.names() == ["beta", "alpha"]


# --- numbers moving between pools ----------------------------------------------------------------------


@pytest.mark.parametrize("unrent", [False, True])
def test_a_number_moves_out_of_a_powerpack_deleted_in_the_same_run(simulated_api, unrent):
    api = account(simulated_api, dict(name="old", numbers=[A, B], tollfree=[TF]))
    old = api.powerpack("old")
    items = [dict(name="new", numbers=[A], tollfree=[TF]), dict(name="old", state="absent", unrent=unrent)]
    check = run(items, check_mode=True)
    assert check["changed"] is True and check.get("failed") is None and api.write_requests() == []
    result = run(items, max_workers=1)
    new = api.powerpack("new")
    assert api.writes_made() == [
        ("POST", "Powerpack/", {"name": "new"}),
        ("DELETE", f"NumberPool/{old['number_pool_uuid']}/Number/{A}/", {"unrent": False}),
        ("DELETE", f"NumberPool/{old['number_pool_uuid']}/Tollfree/{TF}/", {"unrent": False}),
        ("POST", f"NumberPool/{new['number_pool_uuid']}/Number/{A}/", {"service": "sms"}),
        ("POST", f"NumberPool/{new['number_pool_uuid']}/Tollfree/{TF}/", {}),
        ("DELETE", f"Powerpack/{old['uuid']}/", {"unrent_numbers": unrent}),
    ]
    assert api.names() == ["new"] and api.members("new") == {"numbers": {A: "sms"}, "tollfree": [TF], "shortcodes": []}
    # A number that moves is never released; the rest of a pool deleted with unrent is.
    assert api.rented() == ({A, C, D, TF, TF2} if unrent else {A, B, C, D, TF, TF2})
    assert entry(result, "old")["removed"] == {"numbers": sms(A), "tollfree": [TF], "shortcodes": []}
    assert entry(result, "new")["added"] == {"numbers": sms(A), "tollfree": [TF]}
    assert result["totals"]["numbers_added"] == 1 and result["totals"]["numbers_removed"] == 1 and result["totals"]["deleted"] == 1


@pytest.mark.parametrize("unrent", [False, True])
def test_a_number_moves_out_of_a_powerpack_that_purges_it(simulated_api, unrent):
    api = account(simulated_api, dict(name="old", numbers=[A, B]))
    items = [dict(name="new", numbers=[A]), dict(name="old", numbers=[B], purge=True, unrent=unrent)]
    check = run(items, check_mode=True)
    result = run(items, max_workers=1)
    assert result.get("failed") is None, result["msg"]
    old, new = api.powerpack("old"), api.powerpack("new")
    assert api.writes_made()[1:] == [
        ("DELETE", f"NumberPool/{old['number_pool_uuid']}/Number/{A}/", {"unrent": False}),  # never released: it moves
        ("POST", f"NumberPool/{new['number_pool_uuid']}/Number/{A}/", {"service": "sms"}),
    ]
    assert api.members("old")["numbers"] == {B: "sms"} and api.members("new")["numbers"] == {A: "sms"}
    assert A in api.rented()
    assert entry(result, "old")["removed"]["numbers"] == sms(A) and entry(result, "old")["unrented"] == []
    assert result["totals"]["unrented"] == 0
    assert_same_except_server_given(check, result)


def test_a_number_moves_from_a_powerpack_later_in_the_list(simulated_api):
    api = account(simulated_api, dict(name="first"), dict(name="second", numbers=[A, B], tollfree=[TF]))
    items = [dict(name="first", numbers=[A], tollfree=[TF]), dict(name="second", numbers=[B], tollfree=[], purge=True)]
    result = run(items, max_workers=1)
    assert result.get("failed") is None, result["msg"]
    assert api.members("first") == {"numbers": {A: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert api.members("second") == {"numbers": {B: "sms"}, "tollfree": [], "shortcodes": []}
    methods = [method for method, path, body in api.writes_made()]
    assert methods == ["DELETE", "DELETE", "POST", "POST"]  # both removals before both additions


def test_a_number_in_a_powerpack_that_keeps_it_fails_before_any_write(simulated_api):
    api = account(simulated_api, dict(name="holder", numbers=[A]), "other")
    items = [dict(name="taker", numbers=[B, A]), dict(name="holder", numbers=[C]), dict(name="other", sticky_sender=False)]
    for check_mode in (True, False):
        result = run(items, check_mode=check_mode)
        assert result["failed"] is True and result["changed"] is False
        assert (
            "powerpacks[0] ('taker'): +1 415-555-0101 (14155550101) is in the pool of the Powerpack 'holder', which keeps it "
            "(list it there no more and set purge, or delete that Powerpack)"
        ) in result["msg"]
        assert result["msg"].endswith("nothing was changed")
    assert api.write_requests() == [] and api.names() == ["holder", "other"]


def test_a_number_in_a_powerpack_the_task_does_not_manage_fails_before_any_write(simulated_api):
    api = account(simulated_api, dict(name="elsewhere", numbers=[A]))
    result = run([dict(name="taker", numbers=[A])])
    assert result["failed"] is True and "is in the pool of the Powerpack 'elsewhere', which this task does not manage" in result["msg"]
    assert api.write_requests() == []


# --- prune -------------------------------------------------------------------------------------------------


def test_prune_deletes_the_powerpacks_the_list_does_not_name(simulated_api):
    api = account(simulated_api, "keep", dict(name="stray", numbers=[A]), "stray-2")
    items = [dict(name="keep"), dict(name="new", numbers=[A])]
    check = run(items, check_mode=True, diff=True, prune=True)
    assert api.write_requests() == []
    result = run(items, diff=True, prune=True)
    assert [(item["name"], item["action"]) for item in result["powerpacks"]] == [
        ("keep", "none"),
        ("new", "create"),
        ("stray", "delete"),
        ("stray-2", "delete"),
    ]
    assert api.names() == ["keep", "new"] and api.members("new")["numbers"] == {A: "sms"}
    assert result["totals"]["deleted"] == 2 and result["totals"]["created"] == 1 and result["totals"]["unchanged"] == 1
    assert api.rented() >= {A, B}  # prune never releases numbers
    assert_same_except_server_given(check, result)
    assert run(items, prune=True)["changed"] is False


def test_without_prune_unlisted_powerpacks_are_left_alone(simulated_api):
    api = account(simulated_api, "keep", "stray")
    result = run([dict(name="keep")])
    assert result["changed"] is False and api.names() == ["keep", "stray"]
    assert [item["name"] for item in result["powerpacks"]] == ["keep"]


def test_prune_with_an_empty_list_is_refused_before_any_request(simulated_api):
    api = account(simulated_api, "keep")
    result = run([], prune=True)
    assert result["failed"] is True
    assert "prune with an empty powerpacks list would delete every Powerpack of the account" in result["msg"]
    assert api.requests() == [] and api.names() == ["keep"]
    assert run([])["changed"] is False  # an empty list without prune manages nothing


# --- duplicates and bad input ---------------------------------------------------------------------------------


def test_duplicates_in_the_input_fail_before_any_request(simulated_api):
    api = account(simulated_api)
    result = run([dict(name="a", numbers=[A]), dict(name="b", numbers=["+1 415 555 0101"]), dict(name="a")])
    assert result["failed"] is True
    assert "powerpacks[2] ('a'): the name is also given to powerpacks[0] ('a'); give each Powerpack once" in result["msg"]
    assert "powerpacks[1] ('b'): 14155550101 is also listed by powerpacks[0] ('a'); a number is in one pool only" in result["msg"]
    assert api.requests() == []


def test_a_name_several_powerpacks_of_the_account_carry_fails_before_any_write(simulated_api):
    api = account(simulated_api, "twin", "twin", "other")
    twins = sorted(powerpack["uuid"] for powerpack in api.state()["powerpacks"][:2])
    result = run([dict(name="twin", sticky_sender=False), dict(name="other", sticky_sender=False)])
    assert result["failed"] is True and f"2 Powerpacks of the account carry this name (uuids: {', '.join(twins)})" in result["msg"]
    assert api.write_requests() == []


def test_every_problem_of_a_bad_input_at_once_with_no_request(simulated_api):
    api = account(simulated_api, "sales")
    items = [
        dict(name="a", numbers=["4155550101", "+1 800 555 0199", dict(number="+14155550102", service="fax")], tollfree=["+14155550103"], shortcodes=["12"]),
        dict(
            name="b",
            preset=dict(name="local_first", countries=["US"]),
            number_priority=[dict(country_iso="US", service_type="sms", priority=["longcode", "tollfree", "shortcode"])],
        ),
        dict(name="c", preset=dict(name="local_first", countries=["ZZ", "USA"]), application_id="123", default_country="XX"),
        dict(name="a", numbers=["+14155550104"]),
        dict(name="d", numbers=["+14155550104"], application_type="xml"),
        dict(name="e", number_priority=[dict(country_iso="USA", service_type="sms", priority=["longcode", "tollfree"])]),
        dict(name="x" * 257),
        dict(name="f", numbers=["(415) 555-0105"], default_country="US"),  # fine: read in the US
    ]
    result = run(items, max_workers=0)
    assert result["failed"] is True and result["changed"] is False
    expected = [
        "max_workers must be 1 (one request at a time) or more, got 0",
        "powerpacks[0] ('a').numbers[0]: '4155550101' has no country code: write it in international form starting with + "
        "(for a North American number: +1 415-555-0101), or set default_country to its country",
        "powerpacks[0] ('a').numbers[1]: +1 800-555-0199 is a toll-free number: list it under tollfree",
        "powerpacks[0] ('a').numbers[2].service: 'fax' is not a service",
        "powerpacks[0] ('a').tollfree[0]: +1 415-555-0103 is not a toll-free number: list it under numbers",
        "powerpacks[0] ('a').shortcodes[0]: '12' is not a short code",
        "powerpacks[1] ('b').preset and number_priority are mutually exclusive",
        "powerpacks[2] ('c').preset.countries[0] 'ZZ' is not a country code",
        "powerpacks[2] ('c').preset.countries[1] 'USA' is not a country code",
        "powerpacks[2] ('c').application_id needs application_type",
        "powerpacks[2] ('c').default_country 'XX' is not a country code",
        "powerpacks[3] ('a'): the name is also given to powerpacks[0] ('a')",
        "powerpacks[4] ('d').application_type needs application_id",
        "powerpacks[4] ('d'): 14155550104 is also listed by powerpacks[3] ('a')",
        "powerpacks[5] ('e').number_priority[0].country_iso 'USA' is not a country code",
        "powerpacks[5] ('e').number_priority[0].priority must list longcode, shortcode, tollfree exactly once each",
        "is 257 characters long: use at most 256",
    ]
    missing = [problem for problem in expected if problem not in result["msg"]]
    assert missing == []
    assert "('f')" not in result["msg"]
    assert result["msg"].endswith("; nothing was changed")
    assert api.requests() == []


def test_argument_errors_are_reported_together_with_no_request(simulated_api):
    api = account(simulated_api)
    result = run([dict(name="a", state="gone", purge="maybe"), dict(nme="b")], defaults=dict(state="bad"))
    assert result["failed"] is True
    for complaint in (
        "powerpacks[0] ('a').purge must be true or false, got a string",
        "value of state must be one of: present, absent, got: gone",
        "missing required arguments: name",
        "value of state must be one of: present, absent, got: bad found in defaults",
        "powerpacks[1] (''): Unsupported parameters: nme",
    ):
        assert complaint in result["msg"]
    assert api.requests() == []


def test_refusals_that_only_the_account_can_tell_come_together_before_any_write(simulated_api):
    api = account(simulated_api, dict(name="holder", numbers=[B]), dict(name="codes", shortcodes=["55555"]))
    items = [
        dict(name="a", numbers=[A, NOT_RENTED], tollfree=["18445550100"]),
        dict(name="b", numbers=[B]),
        dict(name="codes", shortcodes=["55555", SC]),
        dict(name="new", shortcodes=["555666"]),
    ]
    result = run(items)
    assert result["failed"] is True and result["changed"] is False
    for complaint in (
        "powerpacks[0] ('a').numbers: the account does not rent 14155550177: set rent: true",
        "powerpacks[0] ('a').tollfree: the account does not rent 18445550100",
        "powerpacks[1] ('b'): +1 415-555-0102 (14155550102) is in the pool of the Powerpack 'holder'",
        "powerpacks[2] ('codes').shortcodes: 444444 is not in the pool, and the API cannot add a short code",
        "powerpacks[3] ('new').shortcodes: 555666 is not in the pool",
    ):
        assert complaint in result["msg"], complaint
    assert api.write_requests() == []


# --- check mode, diff and totals -------------------------------------------------------------------------


def test_check_mode_returns_what_the_real_run_returns(simulated_api):
    api = account(
        simulated_api,
        dict(name="beta", sticky_sender=False, numbers=[A, {"number": B, "service": "mms"}], tollfree=[TF]),
        dict(name="gamma", numbers=[C]),
        dict(name="delta", application_type="xml", application_id=XML_APP),
        dict(name="stray", tollfree=[TF2]),
        rented=[NOT_RENTED],
    )
    items = [
        dict(name="alpha", preset=dict(name="tollfree_first", countries=["US"], services=["sms"]), numbers=[C, NOT_RENTED], tollfree=[TF2], rent=True),
        dict(name="beta", sticky_sender=True, numbers=[A, dict(number=B, service="sms"), D], tollfree=[], purge=True, unrent=True),
        dict(name="gamma", state="absent"),
        dict(name="delta", application_id="none", number_priority=[dict(country_iso="GB", service_type="mms", priority=["tollfree", "longcode", "shortcode"])]),
        dict(name="epsilon", numbers=[], tollfree=[], shortcodes=[], purge=True),
    ]
    check = run(items, check_mode=True, diff=True, prune=True)
    assert check.get("failed") is None, check["msg"]
    assert api.write_requests() == []
    real = run(items, diff=True, prune=True)
    assert real.get("failed") is None, real["msg"]
    assert_same_except_server_given(check, real)
    assert [item["action"] for item in check["powerpacks"]] == ["create", "update", "delete", "update", "create", "delete"]
    assert check["totals"] == dict(
        created=2,
        updated=2,
        deleted=2,
        unchanged=0,
        numbers_added=4,  # C and NOT_RENTED to alpha; D, and B again with its new service, to beta
        numbers_removed=2,  # B (its old service) from beta, C moving out of gamma
        tollfree_added=1,
        tollfree_removed=2,  # TF purged from beta (and released), TF2 moving out of stray
        shortcodes_removed=0,
        rented=0,
        unrented=1,
    )
    assert entry(check, "beta")["unrented"] == [TF] and TF not in api.rented()
    assert entry(check, "alpha")["uuid"] is None and entry(real, "alpha")["uuid"] == api.powerpack("alpha")["uuid"]
    # One diff per Powerpack that changes, in the shape of its item.
    assert [(diff["before_header"], diff["before"].get("state"), diff["after"].get("state")) for diff in check["diff"]] == [
        ("Powerpack alpha", "absent", "present"),
        ("Powerpack beta", "present", "present"),
        ("Powerpack gamma", "present", "absent"),
        ("Powerpack delta", "present", "present"),
        ("Powerpack epsilon", "absent", "present"),
        ("Powerpack stray", "present", "absent"),
    ]
    beta_diff = check["diff"][1]
    assert beta_diff["before"]["numbers"] == [dict(number=A, service="sms"), dict(number=B, service="mms")] and beta_diff["before"]["tollfree"] == [TF]
    assert beta_diff["after"]["numbers"] == sms(D, A, B) and beta_diff["after"]["tollfree"] == []
    assert (beta_diff["before"]["sticky_sender"], beta_diff["after"]["sticky_sender"]) == (False, True)
    assert "shortcodes" not in beta_diff["after"]  # not a kind the item lists
    assert check["diff"][3]["after"]["application_id"] is None and check["diff"][3]["before"]["application_id"] == XML_APP
    assert check["diff"][4]["after"]["numbers"] == [] and check["diff"][4]["after"]["shortcodes"] == []


def test_check_mode_plans_the_pool_of_a_new_powerpack_and_checks_its_numbers(simulated_api):
    api = account(simulated_api)
    ok = run([dict(name="new", numbers=[A], tollfree=[TF])], check_mode=True)
    assert ok["changed"] is True and entry(ok, "new")["added"] == {"numbers": sms(A), "tollfree": [TF]}
    assert entry(ok, "new")["number_pool"] == {"uuid": None, "numbers": sms(A), "tollfree": [TF], "shortcodes": None}
    refused = run([dict(name="new", numbers=[NOT_RENTED])], check_mode=True)
    assert refused["failed"] is True and "the account does not rent 14155550177" in refused["msg"]
    assert api.write_requests() == [] and api.names() == []


# --- a failure part-way ----------------------------------------------------------------------------------


def test_a_failure_part_way_reports_pending_per_powerpack_and_a_rerun_completes_it(simulated_api):
    numbers = [f"1415555{index:04d}" for index in range(1300, 1306)]
    api = account(simulated_api, "alpha", "beta", "gone", rented=numbers)
    beta = api.powerpack("beta")
    items = [dict(name="alpha", numbers=numbers[:3]), dict(name="beta", numbers=numbers[3:]), dict(name="gone", state="absent")]
    failing = f"NumberPool/{beta['number_pool_uuid']}/Number/{numbers[4]}/"
    api.add_fault(method="POST", path=f"/{failing}$", status=400, body={"api_id": "x-5", "error": "number is blocked"})
    result = run(items, max_workers=1)  # the fifth addition fails
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith(f"add numbers {numbers[4]} (service sms) of powerpacks[1] ('beta') failed: Plivo API: POST ")
    assert "failed with 400: number is blocked (api_id x-5)" in result["msg"]
    assert "4 change(s) were made and 3 were not (see pending of each Powerpack)" in result["msg"]
    assert (result["status"], result["api_id"], result["method"]) == (400, "x-5", "POST")
    nothing = {"numbers": [], "tollfree": [], "shortcodes": []}
    assert entry(result, "alpha")["added"]["numbers"] == sms(*numbers[:3])
    assert entry(result, "alpha")["pending"] == {"powerpack": None, "add": {"numbers": [], "tollfree": []}, "remove": nothing}
    assert entry(result, "beta")["added"]["numbers"] == sms(numbers[3])
    assert entry(result, "beta")["pending"] == {"powerpack": None, "add": {"numbers": sms(*numbers[4:]), "tollfree": []}, "remove": nothing}
    assert entry(result, "gone")["pending"] == {"powerpack": "delete", "add": {"numbers": [], "tollfree": []}, "remove": nothing}
    assert result["totals"]["numbers_added"] == 4
    assert result["totals"]["deleted"] == 0  # the delete was not made
    assert api.members("alpha")["numbers"] == dict.fromkeys(numbers[:3], "sms") and api.members("beta")["numbers"] == {numbers[3]: "sms"}
    assert "gone" in api.names()

    api.clear_requests()
    rerun = run(items, max_workers=1)
    assert rerun["changed"] is True and rerun.get("failed") is None
    assert [(method, path) for method, path, body in api.writes_made()] == [
        ("POST", f"NumberPool/{beta['number_pool_uuid']}/Number/{numbers[4]}/"),
        ("POST", f"NumberPool/{beta['number_pool_uuid']}/Number/{numbers[5]}/"),
        ("DELETE", f"Powerpack/{entry(result, 'gone')['uuid']}/"),
    ]
    assert api.members("alpha")["numbers"] == dict.fromkeys(numbers[:3], "sms") and api.members("beta")["numbers"] == dict.fromkeys(numbers[3:], "sms")
    assert api.names() == ["alpha", "beta"]
    assert run(items)["changed"] is False


def test_a_lost_answer_of_a_create_adopts_the_powerpack_and_fills_its_pool(simulated_api):
    api = account(simulated_api)
    api.add_fault(method="POST", path="/Powerpack/$", status=503, after_apply=True)
    result = run([dict(name="new", sticky_sender=False, numbers=[A])])
    assert result.get("failed") is None and result["changed"] is True
    assert api.names() == ["new"] and api.members("new")["numbers"] == {A: "sms"}
    assert [method for method, path, body in api.writes_made()] == ["POST", "POST"]  # the create once, then the addition
    assert entry(result, "new")["uuid"] == api.powerpack("new")["uuid"]


# --- concurrency: the rate limit, 429 and connections ----------------------------------------------------------


def test_a_429_answered_to_one_worker_holds_every_worker(simulated_api):
    """What is checked, in the client's virtual time (tests/unit/simulated_api.py): the 429 comes at time 0 with
    Retry-After 3; every request sent after it is sent at time 3 or later, except the ones already past the rate
    limiter when the 429 came (at most max_workers - 1, the other workers); the retry waits exactly the Retry-After,
    and so does every other wait (no backoff of its own). The simulator adds 20 ms of real latency per request, so
    that the four workers really run side by side and a worker's answer takes longer than registering the hold.
    How many reads the other workers sent before the 429 depends on the threads' scheduling, so it is not checked."""
    names = [f"pp-{index:02d}" for index in range(16)]
    numbers = [f"1415555{index:04d}" for index in range(1400, 1416)]
    seed_items = [dict(name=name, numbers=[number]) for name, number in zip(names, numbers)]
    api = account(simulated_api, *seed_items, rented=numbers, latency_ms=20, sleep=time.sleep)
    first_list = f"/NumberPool/{api.powerpack(names[0])['number_pool_uuid']}/Number/$"
    api.add_fault(method="GET", path=first_list, status=429, body={"error": "too many requests"}, retry_after="3")
    result = run([dict(name=name, numbers=[number]) for name, number in zip(names, numbers)], max_workers=4)
    assert result["changed"] is False and result.get("failed") is None
    log = api.timed_requests()
    assert len(log) == 1 + 16 + 1 and api.write_requests() == []
    (refused,) = [entry_ for entry_ in log if entry_["status"] == 429]
    assert refused["at"] == 0.0
    later = [entry_ for entry_ in log if entry_["seq"] > refused["seq"]]
    in_flight = [entry_ for entry_ in later if entry_["at"] < 3.0]
    assert len(in_flight) <= 3
    retry = [entry_ for entry_ in later if entry_["path"] == refused["path"]]
    assert [entry_["status"] for entry_ in retry] == [200] and retry[0]["at"] == 3.0
    assert 1 <= len(api.sleeps) <= 4 and set(api.sleeps) == {3.0}
    assert api.connections()["accepted"] <= 4


@pytest.mark.parametrize("max_workers", [1, 3])
def test_at_most_max_workers_connections(simulated_api, max_workers):
    names = [f"pp-{index:02d}" for index in range(12)]
    api = account(simulated_api, *names)
    items = [dict(name=name, number_priority=[dict(country_iso="US", service_type="sms", priority=["longcode", "tollfree", "shortcode"])]) for name in names]
    result = run(items, max_workers=max_workers)
    assert result["changed"] is True and len(api.write_requests()) == 12
    assert 1 <= api.connections()["accepted"] <= max_workers
    assert len({entry_["connection_id"] for entry_ in api.requests()}) <= max_workers


def test_the_run_keeps_under_its_own_rate_limit(simulated_api):
    """rate_limit 5: the sixth request in any 5 seconds waits (in virtual time) instead of meeting a 429."""
    names = [f"pp-{index:02d}" for index in range(8)]
    api = account(simulated_api, *names)
    items = [dict(name=name, number_priority=[dict(country_iso="CA", service_type="sms", priority=["longcode", "tollfree", "shortcode"])]) for name in names]
    result = run(items, rate_limit=5, max_workers=1)
    assert result.get("failed") is None and result["changed"] is True
    times = [entry_["at"] for entry_ in api.timed_requests()]
    assert len(times) == 1 + 8 + 8 and all(entry_["status"] == 200 for entry_ in api.requests())
    assert all(later - earlier >= 5.0 for earlier, later in zip(times, times[5:]))
    assert api.sleeps and sum(api.sleeps) >= 5.0 * 3
