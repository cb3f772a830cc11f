"""``GET /Number/{number}/``: the account's Number resource, outside the Powerpack reference.

200 when the account rents the number (long code or toll-free), 404 when it does not; the answer
follows renting (``rent: true``) and releasing (``unrent: true``) through the pool endpoints.
"""

from __future__ import annotations

import pytest
from simhelpers import CA_FIXED
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import CREATED_ON_RE
from simhelpers import NOT_RENTED
from simhelpers import POOL_UUID
from simhelpers import UNAVAILABLE
from simhelpers import US_FIXED
from simhelpers import US_MOBILE
from simhelpers import pool_path


def number_path(number):
    return f"Number/{number}/"


@pytest.mark.parametrize(
    "number, number_type, country",
    [(US_FIXED, "fixed", "US"), (US_MOBILE, "mobile", "US"), (CA_FIXED, "fixed", "CA"), (CA_TOLLFREE, "tollfree", "CA")],
)
def test_a_rented_number_is_200_with_its_type_and_country(sim, number, number_type, country):
    result = sim.api("GET", number_path(number))
    assert result.status == 200, result
    body = result.json()
    assert set(body) == {"api_id", "added_on", "country_iso2", "number", "number_type", "resource_uri"}
    assert (body["number"], body["number_type"], body["country_iso2"]) == (number, number_type, country)
    assert body["resource_uri"] == f"/v1/Account/{sim.auth_id}/Number/{number}/"
    assert CREATED_ON_RE.match(body["added_on"])


def test_it_is_the_resource_pool_items_point_at(sim):
    item = sim.api("GET", pool_path(POOL_UUID, "Number", US_FIXED)).json()
    result = sim.api("GET", item["account_phone_number_resource"])
    assert result.status == 200 and result.json()["number"] == US_FIXED


@pytest.mark.parametrize("number", [NOT_RENTED, UNAVAILABLE])
def test_a_number_the_account_does_not_rent_is_404(sim, number):
    result = sim.api("GET", number_path(number))
    assert result.status == 404
    body = result.json()
    assert set(body) == {"api_id", "error"} and number in body["error"]


def test_it_follows_renting_and_releasing(sim):
    assert sim.api("GET", number_path(NOT_RENTED)).status == 404
    assert sim.api("POST", pool_path(POOL_UUID, "Number", NOT_RENTED), {"rent": True}).status == 200
    rented = sim.api("GET", number_path(NOT_RENTED))
    assert rented.status == 200 and rented.json()["number_type"] == "fixed"
    assert sim.api("DELETE", pool_path(POOL_UUID, "Number", NOT_RENTED), {"unrent": True}).status == 200
    assert sim.api("GET", number_path(NOT_RENTED)).status == 404


def test_added_on_survives_a_state_dump_and_load(sim):
    before = sim.api("GET", number_path(US_FIXED)).json()["added_on"]
    dump = sim.state()
    assert {item["number"]: item["added_on"] for item in dump["numbers"]}[US_FIXED] == before
    sim.reset({})
    sim.load_state(dump)
    assert sim.api("GET", number_path(US_FIXED)).json()["added_on"] == before


def test_added_on_can_be_seeded(sim):
    sim.reset({"numbers": [{"number": US_FIXED, "added_on": "2020-02-02T10:00:00.000000Z"}]})
    assert sim.api("GET", number_path(US_FIXED)).json()["added_on"] == "2020-02-02T10:00:00.000000Z"


@pytest.mark.parametrize(
    "number, status",
    [
        (CA_SHORTCODE, 400),  # short codes are not phone numbers
        ("+" + US_FIXED, 400),  # digits only, as on the pool routes (see --plus-in-number)
        ("abc", 400),
    ],
)
def test_malformed_numbers_are_400(sim, number, status):
    assert sim.api("GET", number_path(number)).status == status


@pytest.mark.parametrize("slashes", ["", "/", "//"])
def test_trailing_slashes(sim, slashes):
    assert sim.api("GET", "Number/" + US_FIXED + slashes).status == 200
    assert sim.api("GET", "Number/" + US_FIXED + "///").status == 404


def test_read_only(sim):
    result = sim.api("POST", number_path(US_FIXED), {"alias": "x"})
    assert result.status == 405 and result.headers["allow"] == "GET"
    assert sim.api("DELETE", number_path(US_FIXED), {}).status == 405
    assert sim.api("GET", number_path(US_FIXED)).status == 200


def test_needs_authentication(sim):
    assert sim.api("GET", number_path(US_FIXED), auth=None).status == 401


def test_logged_like_every_api_request(sim):
    sim.clear_requests()
    sim.api("GET", number_path(NOT_RENTED))
    [entry] = sim.requests()
    assert entry["method"] == "GET" and entry["path"].endswith(f"/Number/{NOT_RENTED}/") and entry["status"] == 404
