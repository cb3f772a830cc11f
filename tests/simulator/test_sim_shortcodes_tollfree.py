"""Endpoints 11-17: short codes (list, find, unlink; no add) and toll-free numbers."""

from __future__ import annotations

import pytest
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import NOT_RENTED
from simhelpers import POOL_UUID
from simhelpers import US_FIXED_2
from simhelpers import US_SHORTCODE
from simhelpers import US_TOLLFREE
from simhelpers import create_powerpack
from simhelpers import held
from simhelpers import pool_path
from simhelpers import pool_uuid_of


def test_list_shortcodes(sim):
    body = sim.api("GET", pool_path(POOL_UUID, "Shortcode")).json()
    assert body["meta"]["total_count"] == 1
    [item] = body["objects"]
    assert item == {"added_on": item["added_on"], "country_iso2": "CA", "number_pool_uuid": POOL_UUID, "shortcode": CA_SHORTCODE}


def test_find_shortcode(sim):
    result = sim.api("GET", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE))
    assert result.status == 200
    assert result.json()["shortcode"] == CA_SHORTCODE and "api_id" in result.json()
    assert sim.api("GET", pool_path(POOL_UUID, "Shortcode", US_SHORTCODE)).status == 404
    assert sim.api("GET", pool_path(POOL_UUID, "Shortcode", "12")).status == 400


def test_remove_shortcode_only_unlinks_it(sim):
    result = sim.api("DELETE", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE), {"unrent": True})
    assert result.status == 200 and result.json()["response"] == "success"
    assert sim.api("GET", pool_path(POOL_UUID, "Shortcode")).json()["objects"] == []
    assert CA_SHORTCODE in held(sim, "shortcodes")
    assert sim.api("DELETE", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE)).status == 404


@pytest.mark.parametrize(
    "path",
    [
        pool_path(POOL_UUID, "Shortcode", US_SHORTCODE),
        pool_path(POOL_UUID, "Shortcode"),
    ],
)
def test_shortcodes_cannot_be_added(sim, path):
    result = sim.api("POST", path, {})
    assert result.status == 405
    assert "POST" not in result.headers["allow"]
    assert sim.api("GET", pool_path(POOL_UUID, "Shortcode")).json()["meta"]["total_count"] == 1


def test_list_tollfree(sim):
    body = sim.api("GET", pool_path(POOL_UUID, "Tollfree")).json()
    [item] = body["objects"]
    assert item["number"] == US_TOLLFREE and item["type"] == "tollfree" and item["number_pool_uuid"] == POOL_UUID
    assert item["account_phone_number_resource"] == f"/v1/Account/{sim.auth_id}/Number/{US_TOLLFREE}/"


def test_find_tollfree(sim):
    result = sim.api("GET", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE))
    assert result.status == 200
    body = result.json()
    assert body["number"] == US_TOLLFREE and body["number_pool_uuid"] == POOL_UUID and body["country_iso2"] == "US"
    assert sim.api("GET", pool_path(POOL_UUID, "Tollfree", CA_TOLLFREE)).status == 404


def test_add_rented_tollfree(sim):
    result = sim.api("POST", pool_path(POOL_UUID, "Tollfree", CA_TOLLFREE), {})
    assert result.status == 200
    assert result.json()["number"] == CA_TOLLFREE and result.json()["type"] == "tollfree"
    listed = [item["number"] for item in sim.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"]]
    assert listed == [US_TOLLFREE, CA_TOLLFREE]


@pytest.mark.parametrize(
    "number, body, in_new_pool, fragment",
    [
        ("18335550100", {"rent": True}, False, "not rented"),
        (US_FIXED_2, {}, False, "not a toll-free"),
        (US_TOLLFREE, {}, False, "already in this number pool"),
        (US_TOLLFREE, {}, True, "another Powerpack"),
    ],
)
def test_add_tollfree_errors_are_400_and_change_nothing(sim, number, body, in_new_pool, fragment):
    pool = pool_uuid_of(create_powerpack(sim, "second")) if in_new_pool else POOL_UUID
    before = sim.state()
    result = sim.api("POST", pool_path(pool, "Tollfree", number), body)
    assert result.status == 400
    assert fragment in result.json()["error"]
    assert sim.state() == before


@pytest.mark.parametrize("unrent", [False, True])
def test_remove_tollfree_keeps_it_rented_unless_unrent(sim, unrent):
    assert sim.api("DELETE", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE), {"unrent": "true"} if unrent else None).status == 200
    assert (US_TOLLFREE in held(sim, "tollfree")) is not unrent
    assert sim.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"] == []
    assert sim.api("POST", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE), {}).status == (400 if unrent else 200)


def test_remove_missing_tollfree_is_404(sim):
    assert sim.api("DELETE", pool_path(POOL_UUID, "Tollfree", CA_TOLLFREE)).status == 404
    assert sim.api("DELETE", pool_path(POOL_UUID, "Tollfree", NOT_RENTED)).status == 404
