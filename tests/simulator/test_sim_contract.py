"""Contract: for every SDK fixture body, the simulator's answer of the same kind has the fixture's keys and JSON types."""

from __future__ import annotations

import json
import os

import pytest
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_TOLLFREE

FIXTURE_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "plivo_api"))
POOL = f"NumberPool/{POOL_UUID}/"

# Documented spelling variants: a fixture key may be answered under another name.
KEY_VARIANTS = {
    "tollfree": ("number",),  # Python SDK fixtures name toll-free items "tollfree"; the simulator says "number" by default
    # A few Python/Go fixtures spell the pool uuid of single answers "numberpool_uuid"; the docs (and the simulator by
    # default) "number_pool_uuid". --pool-uuid-key numberpool_uuid answers with the fixtures' spelling (tested below).
    "numberpool_uuid": ("number_pool_uuid",),
}
# meta.next / meta.previous come as null, "" or a path in the fixtures: string or null are both fine.
NULLABLE_STRINGS = ("next", "previous")

# Fixture file -> (method, path relative to the account, JSON body) producing an answer of the same kind.
KINDS = {
    "go-numberpoolShortCodeResponse.json": ("GET", POOL + "Shortcode/", None),
    "go-numberpoolSingleShortcodeResponse.json": ("GET", POOL + f"Shortcode/{CA_SHORTCODE}/", None),
    "go-numberpoolSingleTollfreeResponse.json": ("GET", POOL + f"Tollfree/{US_TOLLFREE}/", None),
    "go-numberpoolTollfreeResponse.json": ("GET", POOL + "Tollfree/", None),
    "java-numberPoolPowerPack.json": ("POST", "Powerpack/", {"name": "contract"}),
    "java-numberpoolListResponse.json": ("GET", POOL + "Number/", None),
    "java-tollfreeListResponse.json": ("GET", POOL + "Tollfree/", None),
    "py-numberpoolListResponse.json": ("GET", POOL + "Number/", None),
    "py-numberpoolResponse.json": ("GET", POOL + f"Number/{US_FIXED}/", None),
    "py-powerpackDeleteResponse.json": ("DELETE", f"Powerpack/{POWERPACK_UUID}/", {"unrent_numbers": False}),
    "py-powerpackListResponse.json": ("GET", "Powerpack/", None),
    "py-powerpackResponse.json": ("GET", f"Powerpack/{POWERPACK_UUID}/", None),
}
# Other calls answered with the same shapes as a fixture.
EXTRA_KINDS = [
    ("py-numberpoolResponse.json", ("POST", POOL + f"Number/{US_FIXED_2}/", {"service": "sms"})),
    ("go-numberpoolSingleTollfreeResponse.json", ("POST", POOL + f"Tollfree/{CA_TOLLFREE}/", {})),
    ("py-powerpackResponse.json", ("POST", f"Powerpack/{POWERPACK_UUID}/", {"local_connect": True})),
    ("java-numberPoolPowerPack.json", ("GET", f"Powerpack/{POWERPACK_UUID}/", None)),
    ("py-powerpackDeleteResponse.json", ("DELETE", POOL + f"Number/{US_FIXED}/", {"unrent": False})),
    ("py-powerpackDeleteResponse.json", ("DELETE", POOL + f"Tollfree/{US_TOLLFREE}/", {})),
    ("py-powerpackDeleteResponse.json", ("DELETE", POOL + f"Shortcode/{CA_SHORTCODE}/", None)),
]


def fixture_names():
    return sorted(name for name in os.listdir(FIXTURE_DIR) if name.endswith(".json"))


def json_type(value):
    if value is None:
        return "null"
    for python_type, name in ((bool, "boolean"), (str, "string"), (dict, "object"), (list, "array")):
        if isinstance(value, python_type):
            return name
    if isinstance(value, (int, float)):
        return "number"
    raise TypeError(value)


def contract_problems(expected, actual, where="$"):
    """Where ``actual`` lacks a key of ``expected`` or holds another JSON type; lists compare their first items."""
    problems = []
    expected_type, actual_type = json_type(expected), json_type(actual)
    key = where.rsplit(".", 1)[-1]
    if key in NULLABLE_STRINGS and {expected_type, actual_type} <= {"string", "null"}:
        return problems
    if expected_type != actual_type:
        return [f"{where}: fixture has {expected_type}, simulator {actual_type}"]
    if expected_type == "object":
        for name, value in expected.items():
            candidates = (name, *KEY_VARIANTS.get(name, ()))
            present = [candidate for candidate in candidates if candidate in actual]
            if not present:
                problems.append(f"{where}.{name}: missing")
                continue
            problems.extend(contract_problems(value, actual[present[0]], f"{where}.{name}"))
    elif expected_type == "array" and expected:
        if not actual:
            problems.append(f"{where}: fixture has items, simulator none (cannot compare)")
        else:
            problems.extend(contract_problems(expected[0], actual[0], where + "[0]"))
    return problems


def load_fixture(name):
    with open(os.path.join(FIXTURE_DIR, name), encoding="utf-8") as stream:
        return json.load(stream)


def test_every_fixture_has_a_kind():
    assert fixture_names(), f"no fixtures found in {FIXTURE_DIR}"
    assert sorted(KINDS) == fixture_names()


@pytest.mark.parametrize("name, call", sorted(KINDS.items()) + EXTRA_KINDS)
def test_answer_matches_fixture(sim, name, call):
    method, path, body = call
    result = sim.api(method, path, body)
    assert result.status == 200, result
    assert contract_problems(load_fixture(name), result.json()) == []


def test_contract_check_notices_differences():
    fixture = {"a": "x", "meta": {"next": None}, "objects": [{"n": 1, "tollfree": "1800"}]}
    assert contract_problems(fixture, {"a": "y", "meta": {"next": "/p"}, "objects": [{"n": 2, "number": "1800"}]}) == []
    assert contract_problems(fixture, {"a": 1, "meta": {"next": None}, "objects": [{"n": "2", "number": "1"}]}) == [
        "$.a: fixture has string, simulator number",
        "$.objects[0].n: fixture has number, simulator string",
    ]
    assert contract_problems(fixture, {"meta": {}, "objects": []}) == [
        "$.a: missing",
        "$.meta.next: missing",
        "$.objects: fixture has items, simulator none (cannot compare)",
    ]


def test_single_and_list_spellings_of_the_pool_uuid(sim):
    single = sim.api("GET", POOL + f"Number/{US_FIXED}/").json()
    listed = sim.api("GET", POOL + "Number/").json()["objects"][0]
    assert "number_pool_uuid" in single and "number_pool_uuid" in listed
    assert "numberpool_uuid" not in single and "numberpool_uuid" not in listed


# --- the pool uuid of single-number answers (find and add) ----------------------------------------------------------

# The docs' "Add a Number" answer (docs.plivo.com/docs/messaging/api/numberpool, the keys of its example).
DOCS_ADD_NUMBER_KEYS = {"account_phone_number_resource", "added_on", "api_id", "country_iso2", "number", "number_pool_uuid", "service", "type"}

# What the official Node SDK (plivo-node lib/resources/powerpacks.js) reads from these answers, after turning the
# keys into camelCase: numberPoolUuid comes from number_pool_uuid, so with numberpool_uuid it is undefined.
NODE_SDK_FIELDS = {
    "AddNumberResponse": ("POST", POOL + f"Number/{US_FIXED_2}/", {"service": "mms"}),
    "RetrieveNumberResponse": ("GET", POOL + f"Number/{US_FIXED}/", None),
    "AddTollFreeNumberresponse": ("POST", POOL + f"Tollfree/{CA_TOLLFREE}/", {}),
    "RetrieveTollFreeResponse": ("GET", POOL + f"Tollfree/{US_TOLLFREE}/", None),
}
NODE_READS = {
    "AddNumberResponse": ("apiId", "accountPhoneNumberResource", "addedOn", "countryIso2", "number", "numberPoolUuid", "type", "service"),
    "RetrieveNumberResponse": ("apiId", "accountPhoneNumberResource", "addedOn", "countryIso2", "number", "numberPoolUuid", "type"),
    "AddTollFreeNumberresponse": ("apiId", "accountPhoneNumberResource", "addedOn", "countryIso2", "number", "numberPoolUuid", "type", "service"),
    "RetrieveTollFreeResponse": ("apiId", "accountPhoneNumberResource", "addedOn", "countryIso2", "number", "numberPoolUuid", "type"),
}
SINGLE_NUMBER_CALLS = sorted(NODE_SDK_FIELDS.values())


def camel_case(key):
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def test_add_number_answer_has_exactly_the_documented_keys(sim):
    result = sim.api("POST", POOL + f"Number/{US_FIXED_2}/", {"service": "mms"})
    assert result.status == 200
    assert set(result.json()) == DOCS_ADD_NUMBER_KEYS


@pytest.mark.parametrize("response_class", sorted(NODE_SDK_FIELDS))
def test_every_field_the_node_sdk_reads_is_answered(sim, response_class):
    method, path, body = NODE_SDK_FIELDS[response_class]
    result = sim.api(method, path, body)
    assert result.status == 200, result
    answered = {camel_case(key) for key in result.json()}
    assert [field for field in NODE_READS[response_class] if field not in answered] == []


@pytest.mark.parametrize("call", SINGLE_NUMBER_CALLS)
def test_numberpool_uuid_switch_answers_like_the_python_and_go_fixtures(launch, call):
    sim = launch(pool_uuid_key="numberpool_uuid")
    method, path, body = call
    answer = sim.api(method, path, body).json()
    fixture = load_fixture("go-numberpoolSingleTollfreeResponse.json" if "Tollfree" in path else "py-numberpoolResponse.json")
    assert set(fixture) - set(answer) == set()  # every key, spelled exactly like the fixture
    assert answer["numberpool_uuid"] == POOL_UUID and "number_pool_uuid" not in answer
    both = launch(pool_uuid_key="both")
    answer = both.api(method, path, body).json()
    assert answer["numberpool_uuid"] == answer["number_pool_uuid"] == POOL_UUID


def test_numberpool_uuid_switch_leaves_list_items_alone(launch):
    sim = launch(pool_uuid_key="numberpool_uuid")
    for kind in ("Number", "Tollfree", "Shortcode"):
        item = sim.api("GET", POOL + f"{kind}/").json()["objects"][0]
        assert item["number_pool_uuid"] == POOL_UUID and "numberpool_uuid" not in item


# --- request bodies "" and null --------------------------------------------------------------------------------------

# (method, path, what must hold afterwards): each accepts "" and null as {} (its defaults).
EMPTY_BODY_CALLS = [
    ("DELETE", POOL + f"Shortcode/{CA_SHORTCODE}/", ("GET", POOL + f"Shortcode/{CA_SHORTCODE}/", 404)),
    ("POST", POOL + f"Tollfree/{CA_TOLLFREE}/", ("GET", POOL + f"Tollfree/{CA_TOLLFREE}/", 200)),
    ("DELETE", POOL + f"Number/{US_FIXED}/", ("GET", f"Number/{US_FIXED}/", 200)),  # unrent defaults to false
    ("POST", POOL + f"Number/{US_FIXED_2}/", ("GET", POOL + f"Number/{US_FIXED_2}/", 200)),
    ("POST", f"Powerpack/{POWERPACK_UUID}/", ("GET", f"Powerpack/{POWERPACK_UUID}/", 200)),
    ("DELETE", f"Powerpack/{POWERPACK_UUID}/", ("GET", f"Number/{US_FIXED}/", 200)),  # unrent_numbers defaults to false
]


@pytest.mark.parametrize("raw", ['""', "null", ' "" ', "null\n"])
@pytest.mark.parametrize("method, path, check", EMPTY_BODY_CALLS)
def test_json_empty_string_or_null_body_reads_as_an_empty_object(sim, raw, method, path, check):
    # The official Node SDK sends the JSON text "" (Content-Type: application/json) with its short-code removal DELETE.
    before = sim.state()
    result = sim.api(method, path, raw.encode("utf-8"), headers={"Content-Type": "application/json"})
    assert result.status == 200, result
    assert set(result.json()) >= {"api_id"}
    check_method, check_path, check_status = check
    assert sim.api(check_method, check_path).status == check_status
    sim.load_state(before)
    assert sim.api(method, path, {}).status == 200  # the same request with {} does the same


def test_json_empty_body_is_logged_as_sent(sim):
    sim.api("DELETE", POOL + f"Shortcode/{CA_SHORTCODE}/", b'""', headers={"Content-Type": "application/json"})
    sim.api("DELETE", POOL + f"Tollfree/{US_TOLLFREE}/", b"null", headers={"Content-Type": "application/json"})
    assert [entry["body"] for entry in sim.write_requests()] == ["", None]
