"""Contract: for every SDK fixture body, the simulator's answer of the same kind has the fixture's keys and JSON types."""

from __future__ import annotations

import json
import os

import pytest
from simhelpers import CA_SHORTCODE, CA_TOLLFREE, POOL_UUID, POWERPACK_UUID, US_FIXED, US_FIXED_2, US_TOLLFREE

FIXTURE_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "plivo_api"))
POOL = f"NumberPool/{POOL_UUID}/"

# Documented spelling variants: a fixture key may be answered under another name.
KEY_VARIANTS = {
    "tollfree": ("number",),  # Python SDK fixtures name toll-free items "tollfree"; the simulator says "number" by default
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
    assert "numberpool_uuid" in single and "number_pool_uuid" in listed
