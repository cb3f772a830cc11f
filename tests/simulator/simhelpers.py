"""Seed and small helpers shared by the simulator's own tests."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys

from harness import HERE

XML_APP = "33660394121755210"
XML_APP_2 = "33660394121755299"
PHLO_APP = "52049172843311907"

POWERPACK_UUID = "86bbb125-97bb-4d72-89fd-81d5c515b015"
POOL_UUID = "659c7f88-c819-46e2-8af4-2d8a84249099"

US_FIXED = "14155550101"
US_FIXED_2 = "14155550102"
US_MOBILE = "14155550103"
CA_FIXED = "14165550190"
CA_FIXED_2 = "16045550127"
GB_MOBILE = "447700900123"
US_TOLLFREE = "18005550199"
CA_TOLLFREE = "18885550142"
CA_SHORTCODE = "444444"
US_SHORTCODE = "55555"
UNAVAILABLE = "14155550100"
NOT_RENTED = "14155550177"

HARNESS_SCRIPT = os.path.join(HERE, "harness.py")

CREATED_ON_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# The existing Powerpack holds US_FIXED (sms), CA_FIXED (mms), US_TOLLFREE and CA_SHORTCODE;
# US_FIXED_2, US_MOBILE, CA_FIXED_2, GB_MOBILE, CA_TOLLFREE and US_SHORTCODE are rented but in no pool.
BASE_SEED = {
    "applications": [
        {"app_id": XML_APP, "type": "xml", "name": "inbound"},
        {"app_id": XML_APP_2, "type": "xml", "name": "inbound-2"},
        {"app_id": PHLO_APP, "type": "phlo", "name": "flow"},
    ],
    "numbers": [
        {"number": US_FIXED, "country_iso2": "US", "type": "fixed"},
        {"number": US_FIXED_2, "country_iso2": "US", "type": "fixed"},
        {"number": US_MOBILE, "country_iso2": "US", "type": "mobile"},
        {"number": CA_FIXED, "country_iso2": "CA", "type": "fixed"},
        {"number": CA_FIXED_2, "country_iso2": "CA", "type": "fixed"},
        {"number": GB_MOBILE, "country_iso2": "GB", "type": "mobile"},
    ],
    "tollfree": [{"number": US_TOLLFREE, "country_iso2": "US"}, {"number": CA_TOLLFREE, "country_iso2": "CA"}],
    "shortcodes": [{"shortcode": CA_SHORTCODE, "country_iso2": "CA"}, {"shortcode": US_SHORTCODE, "country_iso2": "US"}],
    "unavailable_numbers": [UNAVAILABLE],
    "powerpacks": [
        {
            "uuid": POWERPACK_UUID,
            "number_pool_uuid": POOL_UUID,
            "name": "existing",
            "sticky_sender": True,
            "local_connect": False,
            "application_type": "xml",
            "application_id": XML_APP,
            "created_on": "2019-09-03T08:50:09.510692Z",
            "numbers": [{"number": US_FIXED, "service": "sms"}, {"number": CA_FIXED, "service": "mms"}],
            "tollfree": [US_TOLLFREE],
            "shortcodes": [CA_SHORTCODE],
        }
    ],
}


def base_seed():
    return copy.deepcopy(BASE_SEED)


def pool_uuid_of(powerpack):
    """The pool uuid the way every SDK reads it: segment 5 of ``number_pool.split('/')``."""
    return powerpack["number_pool"].split("/")[5]


def held(simulator, kind="numbers"):
    """What the account holds of ``kind`` (``numbers``, ``tollfree`` or ``shortcodes``), as a set."""
    key = "shortcode" if kind == "shortcodes" else "number"
    return {item[key] for item in simulator.state()[kind]}


def priority(country, service, first, second, third):
    return {"country_iso": country, "service_type": service, "priority": {"priority1": first, "priority2": second, "priority3": third}}


def priority_set(entries):
    """``number_priority`` compared as a set keyed by (country_iso, service_type), as the docs advise."""
    return {(entry["country_iso"], entry["service_type"]): tuple(sorted(entry["priority"].items())) for entry in entries}


def create_powerpack(sim, name, **fields):
    body = dict(fields, name=name)
    result = sim.api("POST", "Powerpack/", body)
    assert result.status == 200, result
    return result.json()


def pool_path(pool_uuid, *rest):
    return f"NumberPool/{pool_uuid}/" + "".join(f"{part}/" for part in rest)


def list_all(sim, path, **query):
    """Page through a list by offset like a careful client; returns the objects."""
    objects = []
    offset = 0
    while True:
        result = sim.api("GET", path, query=dict(query, limit=20, offset=offset))
        assert result.status == 200, result
        page = result.json()
        objects.extend(page["objects"])
        offset += len(page["objects"])
        if not page["objects"] or offset >= page["meta"]["total_count"]:
            return objects


def run_script(script, *args):
    """``python script *args`` run to its end (at most a minute), its output captured as text."""
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True, timeout=60, check=False)
