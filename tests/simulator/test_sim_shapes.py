"""Every switch for an answer shape recorded in Plivo's SDK test suites, and the ``recorded`` profile."""

from __future__ import annotations

import json
import sys

import pytest
from harness import SIMULATOR_SCRIPT
from plivosim.settings import PROFILES
from plivosim.settings import SHAPES
from plivosim.settings import Settings
from simhelpers import CA_FIXED
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import HARNESS_SCRIPT
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_MOBILE
from simhelpers import US_TOLLFREE
from simhelpers import base_seed
from simhelpers import create_powerpack
from simhelpers import pool_path
from simhelpers import priority
from simhelpers import run_script
from test_sim_contract import KINDS
from test_sim_contract import contract_problems
from test_sim_contract import load_fixture

# Every shape switch away from its default, at the value the recorded profile gives it (pool_uuid_key's other values are
# covered by test_sim_contract.py).
ALTERNATIVES = {name: value for name, value in PROFILES["recorded"].items() if name in SHAPES}
POOL_LISTS = ("Number", "Tollfree", "Shortcode")


@pytest.fixture
def alt(module_launch):
    """One simulator with every shape switch set away from its default."""
    return module_launch(**ALTERNATIVES)


@pytest.fixture
def recorded(module_launch):
    return module_launch(profile="recorded")


def test_every_shape_switch_has_an_alternative_here():
    assert sorted(ALTERNATIVES) == sorted(SHAPES)
    assert all(ALTERNATIVES[name] != default for name, (_choices, default) in SHAPES.items())


def test_config_shows_the_shape_switches(alt, sim):
    config = alt.config()
    assert {name: config[name] for name in ALTERNATIVES} == ALTERNATIVES
    assert config["profile"] == "default"
    defaults = sim.config()
    assert {name: defaults[name] for name in SHAPES} == {name: default for name, (_choices, default) in SHAPES.items()}


# --- number_priority in Powerpack answers ---------------------------------------------------------------------------


def test_number_priority_is_in_get_create_and_update_answers_by_default(sim):
    assert "number_priority" in sim.api("GET", f"Powerpack/{POWERPACK_UUID}/").json()
    created = create_powerpack(sim, "with-priorities")
    assert len(created["number_priority"]) == 4
    assert "number_priority" in sim.api("POST", "Powerpack/{}/".format(created["uuid"]), {"local_connect": False}).json()


def test_number_priority_key_omit_leaves_it_out_of_every_answer_but_keeps_it(alt):
    get = alt.api("GET", f"Powerpack/{POWERPACK_UUID}/").json()
    created = create_powerpack(alt, "no-key", number_priority=[priority("US", "sms", "longcode", "tollfree", "shortcode")])
    updated = alt.api("POST", "Powerpack/{}/".format(created["uuid"]), {"sticky_sender": False}).json()
    listed = alt.api("GET", "Powerpack/").json()["objects"]
    for answer in (get, created, updated, *listed):
        assert "number_priority" not in answer
        assert {"uuid", "name", "number_pool", "sticky_sender", "local_connect"} <= set(answer)
    assert updated["sticky_sender"] is False
    stored = {pp["name"]: pp["number_priority"] for pp in alt.state()["powerpacks"]}
    assert stored["no-key"] == [priority("US", "SMS", "longcode", "tollfree", "shortcode")]
    assert len(stored["existing"]) == 4


# --- service in pool list items -------------------------------------------------------------------------------------


def test_list_items_carry_service_by_default(sim):
    for kind in ("Number", "Tollfree"):
        assert all("service" in item for item in sim.api("GET", pool_path(POOL_UUID, kind)).json()["objects"])


def test_list_item_service_omit_leaves_it_out_of_list_items_only(alt):
    numbers = alt.api("GET", pool_path(POOL_UUID, "Number")).json()["objects"]
    tollfree = alt.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"]
    assert [item["number"] for item in numbers] == [US_FIXED, CA_FIXED] and len(tollfree) == 1
    assert all("service" not in item for item in numbers + tollfree)
    # Single-member answers keep it: GET NumberPool/{pool}/Number/{n}/ carries it in the docs and the Go fixtures.
    assert alt.api("GET", pool_path(POOL_UUID, "Number", CA_FIXED)).json()["service"] == "mms"
    assert alt.api("GET", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE)).json()["service"] == "sms"
    assert alt.api("POST", pool_path(POOL_UUID, "Number", US_FIXED_2), {"service": "mms"}).json()["service"] == "mms"
    # The filter still works on the service the items no longer show.
    assert [item["number"] for item in alt.api("GET", pool_path(POOL_UUID, "Number"), query={"service": "mms"}).json()["objects"]] == [CA_FIXED, US_FIXED_2]


# --- meta.next / meta.previous --------------------------------------------------------------------------------------


def many_powerpacks_seed(count=25):
    seed = base_seed()
    seed["powerpacks"] += [{"name": f"pp-{index:02d}"} for index in range(count)]
    return seed


@pytest.mark.parametrize("path", ["Powerpack/", *(pool_path(POOL_UUID, kind) for kind in POOL_LISTS)])
def test_missing_links_are_null_by_default(sim, path):
    meta = sim.api("GET", path).json()["meta"]
    assert meta["next"] is None and meta["previous"] is None


@pytest.mark.parametrize("path", ["Powerpack/", *(pool_path(POOL_UUID, kind) for kind in POOL_LISTS)])
def test_meta_links_empty_answers_empty_strings(alt, path):
    meta = alt.api("GET", path).json()["meta"]
    assert meta["next"] == "" and meta["previous"] == ""
    assert meta["total_count"] >= 1 and meta["offset"] == 0 and meta["limit"] == 20


@pytest.mark.parametrize("missing, expected", [("empty", ""), ("absent", None)])
def test_meta_links_only_replace_the_missing_ones(launch, missing, expected):
    sim = launch(seed=many_powerpacks_seed(), meta_links=missing)
    first = sim.api("GET", "Powerpack/", query={"limit": 20}).json()["meta"]
    middle = sim.api("GET", "Powerpack/", query={"limit": 10, "offset": 10}).json()["meta"]
    last = sim.api("GET", "Powerpack/", query={"limit": 20, "offset": 20}).json()["meta"]
    account = f"/v1/Account/{sim.auth_id}/Powerpack/"
    assert first["next"] == account + "?limit=20&offset=20" and first.get("previous", "gone") == ("gone" if expected is None else "")
    assert (middle["next"], middle["previous"]) == (account + "?limit=10&offset=20", account + "?limit=10&offset=0")
    assert last["previous"] == account + "?limit=20&offset=0" and last.get("next", "gone") == ("gone" if expected is None else "")
    assert [first["total_count"], middle["total_count"], last["total_count"]] == [26, 26, 26]
    if expected is None:
        assert set(sim.api("GET", pool_path(POOL_UUID, "Shortcode")).json()["meta"]) == {"limit", "offset", "total_count"}


# --- GET Number/{number}/ -------------------------------------------------------------------------------------------


def test_account_number_type_local_renames_fixed_only(alt, sim):
    assert sim.api("GET", f"Number/{US_FIXED}/").json()["number_type"] == "fixed"
    assert alt.api("GET", f"Number/{US_FIXED}/").json()["number_type"] == "local"
    assert alt.api("GET", f"Number/{US_MOBILE}/").json()["number_type"] == "mobile"
    assert alt.api("GET", f"Number/{CA_TOLLFREE}/").json()["number_type"] == "tollfree"
    # Pool items keep the pool API's own spelling.
    assert alt.api("GET", pool_path(POOL_UUID, "Number", US_FIXED)).json()["type"] == "fixed"


# --- 401 bodies -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("auth", [None, ("MASIMULATOR000000001", "wrong-token")])
def test_auth_error_api_id_omit(alt, sim, auth):
    assert set(sim.api("GET", "Powerpack/", auth=auth).json()) == {"api_id", "error"}
    result = alt.api("GET", "Powerpack/", auth=auth)
    assert result.status == 401
    body = result.json()
    assert set(body) == {"error"} and body["error"].startswith("authentication failed")
    # Other errors keep their api_id.
    assert set(alt.api("GET", "Powerpack/00000000-0000-4000-8000-000000000000/").json()) == {"api_id", "error"}


# --- GET NumberPool/{uuid}/ -----------------------------------------------------------------------------------------

SIMULATOR_POOL_KEYS = {"api_id", "uuid", "powerpack_uuid", "number", "shortcode", "tollfree", "number_count", "shortcode_count", "tollfree_count"}
DOCS_POOL_KEYS = {"api_id", "numbers", "shortcodes", "uuid"}


def test_pool_object_shapes(alt, sim, launch):
    own = sim.api("GET", pool_path(POOL_UUID)).json()
    assert set(own) == SIMULATOR_POOL_KEYS and own["number_count"] == 2
    docs = alt.api("GET", pool_path(POOL_UUID)).json()
    base = f"/v1/Account/{alt.auth_id}/NumberPool/{POOL_UUID}/"
    assert set(docs) == DOCS_POOL_KEYS
    assert (docs["uuid"], docs["numbers"], docs["shortcodes"]) == (POOL_UUID, base + "Number/", base + "Shortcode/")
    both = launch(pool_object="both").api("GET", pool_path(POOL_UUID)).json()
    assert set(both) == SIMULATOR_POOL_KEYS | DOCS_POOL_KEYS and both["numbers"] == both["number"]


# --- the recorded profile -------------------------------------------------------------------------------------------

# Under the profile the recordings still disagree with each other: what the Java fixture and the docs show
# (number_priority) and what the Go/Java toll-free fixtures say ("number", not the Python fixtures' "tollfree").
PROFILE_DEVIATIONS = {
    "java-numberPoolPowerPack.json": ["$.number_priority: missing"],
    "go-numberpoolSingleTollfreeResponse.json": ["$.number: missing"],
    "go-numberpoolTollfreeResponse.json": ["$.objects[0].number: missing"],
    "java-tollfreeListResponse.json": ["$.objects[0].number: missing"],
}


def test_profile_sets_every_recorded_shape(recorded):
    config = recorded.config()
    assert config["profile"] == "recorded"
    assert {name: config[name] for name in PROFILES["recorded"]} == PROFILES["recorded"]
    assert set(SHAPES) <= set(PROFILES["recorded"])


@pytest.mark.parametrize("name", sorted(KINDS))
def test_profile_answers_match_the_recordings(recorded, name):
    method, path, body = KINDS[name]
    result = recorded.api(method, path, body)
    assert result.status == 200, result
    assert contract_problems(load_fixture(name), result.json()) == PROFILE_DEVIATIONS.get(name, [])


def test_profile_answers_have_the_keys_of_the_python_recordings(recorded):
    # py-powerpackResponse.json and the items of py-numberpoolListResponse.json key for key.
    assert set(recorded.api("GET", f"Powerpack/{POWERPACK_UUID}/").json()) == set(load_fixture("py-powerpackResponse.json"))
    item = recorded.api("GET", pool_path(POOL_UUID, "Number")).json()["objects"][0]
    assert set(item) == set(load_fixture("py-numberpoolListResponse.json")["objects"][0])
    single = recorded.api("GET", pool_path(POOL_UUID, "Number", US_FIXED)).json()
    assert set(single) - set(load_fixture("py-numberpoolResponse.json")) == {"service"}
    tollfree = recorded.api("GET", pool_path(POOL_UUID, "Tollfree")).json()
    assert tollfree["objects"][0]["tollfree"] == US_TOLLFREE and tollfree["meta"]["next"] == ""
    assert set(recorded.api("GET", "Powerpack/", auth=None).json()) == {"error"}
    assert recorded.api("GET", f"Number/{US_FIXED}/").json()["number_type"] == "local"
    assert set(recorded.api("GET", pool_path(POOL_UUID)).json()) == DOCS_POOL_KEYS


def test_profile_keeps_the_account_rules(recorded):
    # Shapes only: the same requests change the account exactly as without the profile.
    assert recorded.api("POST", pool_path(POOL_UUID, "Number", US_FIXED_2), {"service": "mms"}).status == 200
    assert recorded.api("DELETE", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE)).status == 200
    assert recorded.api("POST", pool_path(POOL_UUID, "Tollfree", CA_TOLLFREE)).status == 200
    pool = recorded.state()["powerpacks"][0]
    assert [member["number"] for member in pool["numbers"]] == [US_FIXED, CA_FIXED, US_FIXED_2]
    assert pool["shortcodes"] == [] and [member["number"] for member in pool["tollfree"]] == [US_TOLLFREE, CA_TOLLFREE]


def test_explicit_switches_win_over_the_profile(launch):
    sim = launch(profile="recorded", meta_links="null", tollfree_field="number")
    config = sim.config()
    assert (config["meta_links"], config["tollfree_field"], config["number_priority_key"]) == ("null", "number", "omit")
    assert sim.api("GET", "Powerpack/").json()["meta"]["next"] is None


def test_settings_profile_and_overrides():
    assert Settings().profile == "default" and Settings().meta_links == "null"
    settings = Settings(profile="recorded", pool_uuid_key="both")
    assert (settings.pool_uuid_key, settings.list_item_service, settings.tollfree_field) == ("both", "omit", "tollfree")
    assert settings.as_dict()["profile"] == "recorded"
    with pytest.raises(ValueError, match="profile must be one of default, recorded"):
        Settings(profile="live")
    with pytest.raises(ValueError, match="meta_links must be one of null, empty, absent"):
        Settings(meta_links="none")


CONFIG_CHILD = """
import json, os, urllib.request
with urllib.request.urlopen(os.environ["PLIVO_SIM_URL"] + "/config") as answer:
    config = json.load(answer)
print(json.dumps({"profile": config["profile"], "meta_links": config["meta_links"], "pool_object": config["pool_object"]}))
"""


def test_harness_run_with_the_profile():
    completed = run_script(HARNESS_SCRIPT, "run", "--profile", "recorded", "--pool-object", "both", "--", sys.executable, "-c", CONFIG_CHILD)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {"profile": "recorded", "meta_links": "empty", "pool_object": "both"}


def test_unknown_profile_stops_the_start():
    completed = run_script(SIMULATOR_SCRIPT, "--port", "0", "--profile", "live")
    assert completed.returncode == 2 and "--profile" in completed.stderr
