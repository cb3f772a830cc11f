"""limit/offset paging and the meta block on every list endpoint."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from simhelpers import POOL_UUID
from simhelpers import list_all
from simhelpers import pool_path

BIG_POOL = "0b5a4f0e-1d7c-4d8e-9a51-6f1c2b3a4d5e"


def powerpack_seed(count):
    return {"powerpacks": [{"name": f"pp-{index:04d}"} for index in range(count)]}


def big_pool_seed(count):
    numbers = [f"1415600{index:04d}" for index in range(count)]
    return {"powerpacks": [{"name": "big", "number_pool_uuid": BIG_POOL, "numbers": numbers}]}


@pytest.mark.parametrize("count", [0, 20, 21])
def test_powerpack_list_sizes(sim, count):
    sim.reset(powerpack_seed(count))
    first = sim.api("GET", "Powerpack/").json()
    assert first["meta"]["limit"] == 20 and first["meta"]["offset"] == 0
    assert first["meta"]["total_count"] == count
    assert len(first["objects"]) == min(count, 20)
    assert first["meta"]["previous"] is None
    if count <= 20:
        assert first["meta"]["next"] is None
    else:
        assert first["meta"]["next"] == f"/v1/Account/{sim.auth_id}/Powerpack/?limit=20&offset=20"
        second = sim.api("GET", "Powerpack/", query={"offset": 20}).json()
        assert [item["name"] for item in second["objects"]] == ["pp-0020"]
        assert second["meta"]["next"] is None
        assert second["meta"]["previous"] == f"/v1/Account/{sim.auth_id}/Powerpack/?limit=20&offset=0"
    names = [item["name"] for item in list_all(sim, "Powerpack/")]
    assert names == [f"pp-{index:04d}" for index in range(count)]


def test_thousand_pool_numbers_page_in_order(sim):
    sim.reset(big_pool_seed(1000))
    numbers = [item["number"] for item in list_all(sim, pool_path(BIG_POOL, "Number"))]
    assert numbers == [f"1415600{index:04d}" for index in range(1000)]
    last = sim.api("GET", pool_path(BIG_POOL, "Number"), query={"offset": 980}).json()
    assert len(last["objects"]) == 20 and last["meta"]["next"] is None
    beyond = sim.api("GET", pool_path(BIG_POOL, "Number"), query={"offset": 5000}).json()
    assert beyond["objects"] == [] and beyond["meta"]["total_count"] == 1000


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 21}, {"limit": -1}, {"limit": "abc"}, {"limit": "1.5"}, {"limit": ""}, {"offset": -1}, {"offset": "x"}, {"offset": "2.0"}],
)
@pytest.mark.parametrize("path", ["Powerpack/", *(pool_path(POOL_UUID, kind) for kind in ("Number", "Shortcode", "Tollfree"))])
def test_invalid_paging_is_400(sim, query, path):
    result = sim.api("GET", path, query=query)
    assert result.status == 400, result
    assert ("limit" if "limit" in query else "offset") in result.json()["error"]


@pytest.mark.parametrize("limit", [1, 7, 20])
def test_valid_limits(sim, limit):
    sim.reset(powerpack_seed(25))
    body = sim.api("GET", "Powerpack/", query={"limit": limit, "offset": 3}).json()
    assert body["meta"]["limit"] == limit and body["meta"]["offset"] == 3
    assert [item["name"] for item in body["objects"]] == [f"pp-{index:04d}" for index in range(3, min(25, 3 + limit))]


@settings(max_examples=40, deadline=None, database=None)
@given(limit=st.integers(1, 20), offset=st.integers(0, 60))
def test_any_page_is_the_matching_slice(module_sim, limit, offset):
    names = [f"pp-{index:04d}" for index in range(45)]
    if module_sim.api("GET", "Powerpack/").json()["meta"]["total_count"] != 45:
        module_sim.reset(powerpack_seed(45))
    body = module_sim.api("GET", "Powerpack/", query={"limit": limit, "offset": offset}).json()
    assert [item["name"] for item in body["objects"]] == names[offset : offset + limit]
    assert body["meta"]["total_count"] == 45
    assert (body["meta"]["next"] is None) == (offset + limit >= 45)
    assert (body["meta"]["previous"] is None) == (offset == 0)
