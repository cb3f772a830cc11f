# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the plivo.messaging.pool_entry_errors filter."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.filter.pool_entry_errors import FilterModule
from ansible_collections.plivo.messaging.plugins.filter.pool_entry_errors import FilterTypeError
from ansible_collections.plivo.messaging.plugins.filter.pool_entry_errors import pool_entry_errors


def test_registered_under_its_name():
    assert FilterModule().filters() == {"pool_entry_errors": pool_entry_errors}


def test_valid_item_has_no_error():
    item = {
        "name": "good",
        "numbers": ["+1 (415) 555-0100", 14165550190, {"number": "16045550127", "service": "MMS"}],
        "tollfree": ["18005550199"],
        "shortcodes": ["444444"],
        "purge": True,
    }
    assert pool_entry_errors(item) == []


@pytest.mark.parametrize(
    "item",
    [
        pytest.param({"name": "plain"}, id="no-pool-keys"),
        pytest.param({"name": "nulls", "numbers": None, "tollfree": None, "shortcodes": None}, id="null-keys"),
        pytest.param({"name": "empty", "numbers": [], "tollfree": [], "shortcodes": []}, id="empty-lists"),
    ],
)
def test_item_without_pool_entries_has_no_error(item):
    assert pool_entry_errors(item) == []


@pytest.mark.parametrize(
    "item, start",
    [
        pytest.param(
            {"name": "reli-bad", "numbers": ["+1415555CALL"]},
            "plivo_powerpacks[name=reli-bad].numbers[0]: '+1415555CALL' contains 'C', which is not part of a phone number",
            id="bad-long-code",
        ),
        pytest.param(
            {"name": "pp", "numbers": ["14155550100", {"number": "14155550101", "service": "fax"}]},
            "plivo_powerpacks[name=pp].numbers[1].service: 'fax' is not a service",
            id="bad-dict-service",
        ),
        pytest.param(
            {"name": "pp", "numbers": [{"numbr": "14155550101"}]},
            "plivo_powerpacks[name=pp].numbers[0]: unknown key numbr; the keys are number and service",
            id="bad-dict-key",
        ),
        pytest.param(
            {"name": "pp", "numbers": [{"number": "0415"}]},
            "plivo_powerpacks[name=pp].numbers[0].number: '0415' has no country code",
            id="bad-dict-number",
        ),
        pytest.param(
            {"name": "pp", "tollfree": ["18005550199", "1-800-FLOWERS"]},
            "plivo_powerpacks[name=pp].tollfree[1]: '1-800-FLOWERS' contains 'F', which is not part of a phone number",
            id="bad-tollfree",
        ),
        pytest.param({"name": "pp", "shortcodes": ["+44444"]}, "plivo_powerpacks[name=pp].shortcodes[0]: '+44444' is not a short code", id="bad-shortcode"),
        pytest.param({"name": "pp", "numbers": "14155550100"}, "plivo_powerpacks[name=pp].numbers must be a list, got str '14155550100'", id="not-a-list"),
        pytest.param(
            {"name": "pp", "numbers": ["(415) 555-0102"]},
            "plivo_powerpacks[name=pp].numbers[0]: '(415) 555-0102' has no country code: write it in international form starting with + "
            "(for a North American number: +1 415-555-0102), or set default_country to its country",
            id="national-without-default-country",
        ),
        pytest.param(
            {"name": "pp", "numbers": ["+1 800 555 0199"]},
            "plivo_powerpacks[name=pp].numbers[0]: +1 800-555-0199 is a toll-free number: list it under tollfree",
            id="tollfree-under-numbers",
        ),
    ],
)
def test_bad_entry_is_named(item, start):
    errors = pool_entry_errors(item)
    assert len(errors) == 1, errors
    assert errors[0].startswith(start), errors[0]


def test_bad_default_country_is_named_and_the_numbers_are_read_without_it():
    errors = pool_entry_errors({"name": "pp", "default_country": "USA", "numbers": ["(415) 555-0102", "+1 415 555 0103"]})
    assert errors == [
        "plivo_powerpacks[name=pp].default_country 'USA' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "plivo_powerpacks[name=pp].numbers[0]: '(415) 555-0102' has no country code: write it in international form starting with + "
        "(for a North American number: +1 415-555-0102), or set default_country to its country",
    ]


@pytest.mark.parametrize("country", ["US", "us", " Us "])
def test_default_country_reads_national_numbers_as_the_modules_do(country):
    assert pool_entry_errors({"name": "pp", "default_country": country, "numbers": ["(415) 555-0102", 4155550103]}) == []


def test_every_bad_key_is_reported():
    errors = pool_entry_errors({"name": "pp", "numbers": ["CALL"], "tollfree": ["x"], "shortcodes": ["12"]})
    assert [error.split(":")[0] for error in errors] == [
        "plivo_powerpacks[name=pp].numbers[0]",
        "plivo_powerpacks[name=pp].tollfree[0]",
        "plivo_powerpacks[name=pp].shortcodes[0]",
    ]


def test_not_a_dict_is_refused():
    with pytest.raises(FilterTypeError, match="plivo_powerpacks"):
        pool_entry_errors(["14155550100"])
