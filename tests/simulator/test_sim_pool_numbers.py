"""Endpoints 6-10: the number pool and its long codes; rent guard, one pool per number, unrent."""

from __future__ import annotations

import pytest
from simhelpers import CA_FIXED
from simhelpers import CA_FIXED_2
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import GB_MOBILE
from simhelpers import NOT_RENTED
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import UNAVAILABLE
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_MOBILE
from simhelpers import US_SHORTCODE
from simhelpers import US_TOLLFREE
from simhelpers import create_powerpack
from simhelpers import held
from simhelpers import pool_path
from simhelpers import pool_uuid_of


@pytest.fixture
def pool(sim):
    """An empty pool of a new Powerpack."""
    return pool_uuid_of(create_powerpack(sim, "numbers-test"))


def test_get_pool(sim):
    result = sim.api("GET", pool_path(POOL_UUID))
    assert result.status == 200
    body = result.json()
    assert body["uuid"] == POOL_UUID and body["powerpack_uuid"] == POWERPACK_UUID
    assert body["number"].endswith(f"/NumberPool/{POOL_UUID}/Number/")
    assert (body["number_count"], body["tollfree_count"], body["shortcode_count"]) == (2, 1, 1)
    assert sim.api("GET", pool_path("unknown-pool")).status == 404


def test_list_numbers_shows_long_codes_only(sim):
    body = sim.api("GET", pool_path(POOL_UUID, "Number")).json()
    assert body["meta"]["total_count"] == 2
    first, second = body["objects"]
    assert first == {
        "account_phone_number_resource": f"/v1/Account/{sim.auth_id}/Number/{US_FIXED}/",
        "added_on": first["added_on"],
        "country_iso2": "US",
        "number": US_FIXED,
        "number_pool_uuid": POOL_UUID,
        "service": "sms",
        "type": "fixed",
    }
    assert (second["number"], second["service"], second["country_iso2"]) == (CA_FIXED, "mms", "CA")


def test_find_number_spells_the_pool_uuid_as_documented(sim):
    result = sim.api("GET", pool_path(POOL_UUID, "Number", CA_FIXED))
    assert result.status == 200
    body = result.json()
    assert body["number"] == CA_FIXED and body["number_pool_uuid"] == POOL_UUID and "api_id" in body
    assert "numberpool_uuid" not in body


def test_find_number_with_service(sim):
    assert sim.api("GET", pool_path(POOL_UUID, "Number", CA_FIXED), query={"service": "mms"}).status == 200
    assert sim.api("GET", pool_path(POOL_UUID, "Number", CA_FIXED), query={"service": "sms"}).status == 404
    assert sim.api("GET", pool_path(POOL_UUID, "Number", CA_FIXED), query={"service": "fax"}).status == 400


def test_find_missing_number_is_404(sim):
    assert sim.api("GET", pool_path(POOL_UUID, "Number", US_FIXED_2)).status == 404
    assert sim.api("GET", pool_path("unknown-pool", "Number", US_FIXED)).status == 404


def test_tollfree_does_not_show_as_a_number_by_default(sim):
    assert sim.api("GET", pool_path(POOL_UUID, "Number", US_TOLLFREE)).status == 404
    assert sim.api("GET", pool_path(POOL_UUID, "Number"), query={"type": "tollfree"}).json()["objects"] == []


def test_add_rented_number(sim, pool):
    result = sim.api("POST", pool_path(pool, "Number", US_MOBILE), {"service": "mms"})
    assert result.status == 200
    body = result.json()
    assert (body["number"], body["type"], body["service"], body["number_pool_uuid"]) == (US_MOBILE, "mobile", "mms", pool)
    assert [item["number"] for item in sim.api("GET", pool_path(pool, "Number")).json()["objects"]] == [US_MOBILE]


def test_add_defaults_to_sms_and_accepts_no_body(sim, pool):
    result = sim.api("POST", pool_path(pool, "Number", US_FIXED_2))
    assert result.status == 200 and result.json()["service"] == "sms"


@pytest.mark.parametrize("rent", [True, "true", "True"])
def test_add_with_rent_rents_the_number(sim, pool, rent):
    result = sim.api("POST", pool_path(pool, "Number", NOT_RENTED), {"rent": rent})
    assert result.status == 200
    assert result.json()["country_iso2"] == "US"
    assert NOT_RENTED in held(sim)


def test_rent_infers_canada_from_the_area_code(sim, pool):
    result = sim.api("POST", pool_path(pool, "Number", "16135550111"), {"rent": True})
    assert result.status == 200 and result.json()["country_iso2"] == "CA"


def test_rent_of_an_already_rented_number_just_adds_it(sim, pool):
    assert sim.api("POST", pool_path(pool, "Number", US_FIXED_2), {"rent": True}).status == 200


@pytest.mark.parametrize(
    "number, body, fragment",
    [
        (US_FIXED_2, {"service": "voice"}, "service must be sms or mms"),
        (NOT_RENTED, {"rent": "perhaps"}, "rent must be a boolean"),
        (NOT_RENTED, {}, "not rented"),
        (UNAVAILABLE, {"rent": True}, "not available"),
        (US_FIXED, {"rent": True}, "another Powerpack ('existing'"),
        (CA_SHORTCODE, {"rent": True}, "short code"),
        (US_SHORTCODE, {"rent": True}, "short code"),
        (CA_TOLLFREE, {}, "Tollfree"),
        ("18445550100", {"rent": True}, "toll-free"),
        ("+" + US_FIXED_2, {}, "digits only"),
        ("%2B" + US_FIXED_2, {}, "digits only"),
    ],
)
def test_add_errors_are_400_and_change_nothing(sim, pool, number, body, fragment):
    before = sim.state()
    result = sim.api("POST", pool_path(pool, "Number", number), body)
    assert result.status == 400
    assert fragment in result.json()["error"]
    assert sim.state() == before


def test_number_already_in_the_same_pool_is_400_by_default(sim):
    result = sim.api("POST", pool_path(POOL_UUID, "Number", US_FIXED), {})
    assert result.status == 400
    assert "already in this number pool" in result.json()["error"]


@pytest.mark.parametrize("number", ["1415555", "1415555010x", "1234567890123456"])
def test_malformed_numbers_are_400(sim, pool, number):
    assert sim.api("POST", pool_path(pool, "Number", number), {"rent": True}).status == 400
    assert sim.api("GET", pool_path(pool, "Number", number)).status == 400


@pytest.mark.parametrize("unrent", [False, True])
def test_remove_number_keeps_it_rented_unless_unrent(sim, unrent):
    result = sim.api("DELETE", pool_path(POOL_UUID, "Number", US_FIXED), {"unrent": True} if unrent else None)
    assert result.status == 200 and result.json()["response"] == "success"
    assert sim.api("GET", pool_path(POOL_UUID, "Number", US_FIXED)).status == 404
    assert (US_FIXED in held(sim)) is not unrent
    assert CA_FIXED in held(sim)


def test_remove_missing_number_is_404(sim):
    assert sim.api("DELETE", pool_path(POOL_UUID, "Number", US_FIXED_2)).status == 404
    assert sim.api("DELETE", pool_path(POOL_UUID, "Number", US_TOLLFREE)).status == 404


def test_removed_number_can_join_another_pool(sim, pool):
    assert sim.api("DELETE", pool_path(POOL_UUID, "Number", US_FIXED)).status == 200
    assert sim.api("POST", pool_path(pool, "Number", US_FIXED), {}).status == 200


def test_list_filters(sim, pool):
    for number, service in ((US_FIXED_2, "sms"), (US_MOBILE, "mms"), (CA_FIXED_2, "sms"), (GB_MOBILE, "sms")):
        assert sim.api("POST", pool_path(pool, "Number", number), {"service": service}).status == 200

    def numbers(**query):
        result = sim.api("GET", pool_path(pool, "Number"), query=query)
        assert result.status == 200, result
        return [item["number"] for item in result.json()["objects"]]

    assert numbers() == [US_FIXED_2, US_MOBILE, CA_FIXED_2, GB_MOBILE]
    assert numbers(type="mobile") == [US_MOBILE, GB_MOBILE]
    assert numbers(type="fixed") == [US_FIXED_2, CA_FIXED_2]
    assert numbers(service="mms") == [US_MOBILE]
    assert numbers(country_iso2="ca") == [CA_FIXED_2]
    assert numbers(country_iso2="US", starts_with="415") == [US_FIXED_2, US_MOBILE]
    assert numbers(country_iso2="US", starts_with=US_FIXED_2) == [US_FIXED_2]
    assert numbers(country_iso2="GB", starts_with="7700,999") == [GB_MOBILE]
    assert numbers(country_iso2="US", starts_with="999") == []
    assert numbers(type="fixed", service="sms", country_iso2="US") == [US_FIXED_2]


@pytest.mark.parametrize(
    "query, fragment",
    [
        ({"type": "landline"}, "type"),
        ({"service": "voice"}, "service"),
        ({"country_iso2": "USA"}, "country_iso2"),
        ({"starts_with": "415"}, "needs country_iso2"),
        ({"country_iso2": "US", "starts_with": ",".join(str(200 + i) for i in range(11))}, "at most 10"),
        ({"country_iso2": "US", "starts_with": "41a"}, "digits"),
    ],
)
def test_list_filter_errors(sim, query, fragment):
    result = sim.api("GET", pool_path(POOL_UUID, "Number"), query=query)
    assert result.status == 400
    assert fragment in result.json()["error"]


def test_ten_prefixes_are_accepted(sim):
    query = {"country_iso2": "US", "starts_with": ",".join(str(410 + i) for i in range(10))}
    result = sim.api("GET", pool_path(POOL_UUID, "Number"), query=query)
    assert result.status == 200
    assert [item["number"] for item in result.json()["objects"]] == [US_FIXED]


def test_filters_are_repeated_in_next_link(sim, pool):
    query = {"service": "sms", "limit": 1}
    for number in (US_FIXED_2, CA_FIXED_2):
        sim.api("POST", pool_path(pool, "Number", number), {})
    meta = sim.api("GET", pool_path(pool, "Number"), query=query).json()["meta"]
    assert meta["next"] == f"/v1/Account/{sim.auth_id}/NumberPool/{pool}/Number/?limit=1&offset=1&service=sms"
