# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_numbers: phone numbers as people write them, read through libphonenumber; short codes; services; countries;
and the three member options of a pool read as a whole (every problem at once, each naming its entry)."""

from __future__ import annotations

import phonenumbers
import pytest
import yaml

from ansible_collections.plivo.messaging.plugins.module_utils._numbers import LONGCODE
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import LongCode
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import PoolEntries
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import country_problem
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import digits_of_api_number
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import international
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import number_kind
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import parse_number
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import parse_service
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import parse_shortcode
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._pool_task import read_options


def e164(reading):
    """libphonenumber's E.164 digits (without +) of a number written in international form: the reference."""
    return phonenumbers.format_number(phonenumbers.parse(reading, None), phonenumbers.PhoneNumberFormat.E164)[1:]


def yaml_value(text):
    """The value YAML (1.1, as Ansible reads a playbook) gives an unquoted list entry."""
    return yaml.safe_load(f"- {text}")[0]


# (the number meant, in international form; its spellings read without default_country; {default_country: its spellings
# read in that country}). A number starting with + or 00 is international whatever default_country says.
SPELLINGS_OF = [
    # United States
    ("+1 415 555 0100", ["+1 (415) 555-0100", "14155550100", "+14155550100", "1-415-555-0100", "1.415.555.0100", "1/415/555/0100"], {}),
    ("+1 415 555 0100", [" +1 415 555 0100 ", "\t+1 415 555 0100\n", "0014155550100", "00 1 415 555 0100", 14155550100], {}),
    ("+1 415 555 0100", [], {"GB": ["+1 415 555 0100"], "DE": ["0014155550100"]}),
    ("+1 415 555 0102", [], {"US": ["(415) 555 0102", "415-555-0102", 4155550102, "1 (415) 555-0102"]}),
    # Canada
    ("+1 416 555 0190", ["+1 416 555 0190"], {"CA": ["(416) 555-0190", "416.555.0190"]}),
    # United Kingdom
    ("+44 20 7946 0958", ["+44 20 7946 0958", "442079460958", "0044 20 7946 0958", "+44 (0)20 7946 0958"], {"GB": ["020 7946 0958"]}),
    ("+44 7400 123456", ["+44 7400 123456"], {"GB": ["07400 123456"]}),
    # Germany
    ("+49 30 123456", ["+49 (0)30 123456", "+49 30 123456", "0049 30 123456", "+49-30-123456", "4930123456"], {"DE": ["030 123456", "030/123456"]}),
    # France
    ("+33 1 23 45 67 89", ["+33 1 23 45 67 89", "+33 (0)1 23 45 67 89"], {"FR": ["01 23 45 67 89"]}),
    ("+33 6 12 34 56 78", ["0033 6 12 34 56 78"], {}),
    # India, Australia, Japan, Brazil
    ("+91 98765 43210", ["+91 98765 43210"], {"IN": ["098765 43210"]}),
    ("+61 2 9876 5432", ["+61 2 9876 5432"], {"AU": ["(02) 9876 5432"]}),
    ("+81 3 1234 5678", ["+81 3-1234-5678"], {"JP": ["03-1234-5678"]}),
    ("+55 11 91234 5678", ["+55 11 91234-5678"], {"BR": ["(11) 91234-5678"]}),
    # Spain, Italy (whose leading 0 belongs to the number), the Netherlands, South Africa, China, Mexico
    ("+34 612 34 56 78", ["+34 612 34 56 78"], {}),
    ("+39 06 1234 5678", ["+39 06 1234 5678"], {"IT": ["06 1234 5678"]}),
    ("+31 6 12345678", ["+31 6 12345678"], {"NL": ["06-12345678"]}),
    ("+27 21 123 4567", ["+27 21 123 4567"], {}),
    ("+86 10 1234 5678", ["+86 10 1234 5678"], {}),
    ("+52 55 1234 5678", ["+52 55 1234 5678"], {}),
    # Toll-free numbers are phone numbers too (their kind is told by number_kind)
    ("+1 800 555 0199", ["+1 800 555 0199"], {"US": ["(800) 555-0199"]}),
    ("+1 888 555 0199", ["1-888-555-0199"], {}),
    ("+44 800 123 4567", ["+44 800 123 4567"], {}),
]
# (value, default_country, the number meant)
SPELLINGS = [
    (value, country, meant)
    for meant, international_spellings, national_spellings in SPELLINGS_OF
    for country, values in [(None, international_spellings), *national_spellings.items()]
    for value in values
]


def test_the_table_covers_forty_spellings_from_eight_countries():
    countries = {phonenumbers.region_code_for_number(phonenumbers.parse(reading, None)) for _value, _country, reading in SPELLINGS}
    assert len(SPELLINGS) >= 40 and len(countries) >= 8, (len(SPELLINGS), countries)


@pytest.mark.parametrize("value, country, reading", SPELLINGS, ids=[f"{value!r}-{country}" for value, country, _reading in SPELLINGS])
def test_spellings_read_as_libphonenumber_reads_the_number_meant(value, country, reading):
    assert parse_number(value, "numbers[0]", country) == (e164(reading), None)


# Refusals: (value, default_country, the whole message after "numbers[3]: ", or after "numbers[3]: {value!r} " where it
# starts with "contains").
NORTH_AMERICAN_WITHOUT_COUNTRY_CODE = (
    "has no country code: write it in international form starting with + (for a North American number: +1 415-555-0102), or set default_country to its country"
)
NOT_PART_OF_A_NUMBER = "which is not part of a phone number (letters and extensions are not accepted)"
NOT_A_STRING = "is not a phone number: expected a string such as '+14155550100', got"
REFUSALS = [
    pytest.param("(415) 555 0102", None, f"'(415) 555 0102' {NORTH_AMERICAN_WITHOUT_COUNTRY_CODE}", id="national-us-parentheses"),
    pytest.param("415-555-0102", None, f"'415-555-0102' {NORTH_AMERICAN_WITHOUT_COUNTRY_CODE}", id="national-us-dashes"),
    pytest.param(4155550102, None, f"4155550102 {NORTH_AMERICAN_WITHOUT_COUNTRY_CODE}", id="national-us-int"),
    pytest.param(
        "020 7946 0958",
        None,
        "'020 7946 0958' has no country code: write it in international form starting with +, or set default_country to its country",
        id="national-gb",
    ),
    pytest.param(
        "+1 (0)415 555 0102",
        None,
        "'+1 (0)415 555 0102' cannot be a phone number (read as +1 04155550102, it has the wrong number of digits)",
        id="trunk-zero-where-there-is-none",
    ),
    pytest.param(
        "+1 999 555 0100",
        None,
        "'+1 999 555 0100' is not a valid phone number (read as +1 999-555-0100, libphonenumber knows no such number)",
        id="unassigned-area-code",
    ),
    pytest.param(
        "(999) 555-0100",
        "US",
        "'(999) 555-0100' is not a valid phone number in US (read as +1 999-555-0100, libphonenumber knows no such number)",
        id="unassigned-in-default-country",
    ),
    pytest.param("+1 415 555 01", None, "'+1 415 555 01' cannot be a phone number (read as +1 41555501, it has the wrong number of digits)", id="too-short"),
    pytest.param("+0014155550100", None, "'+0014155550100' is not a phone number", id="plus-and-00"),
    pytest.param("1-800-FLOWERS", None, f"contains 'F', {NOT_PART_OF_A_NUMBER}", id="letters"),
    pytest.param("+1 415 555 0100 ext 12", None, f"contains 'e', {NOT_PART_OF_A_NUMBER}", id="extension-ext"),
    pytest.param("+1 415 555 0100 x12", None, f"contains 'x', {NOT_PART_OF_A_NUMBER}", id="extension-x"),
    pytest.param("+1 415 555 0100;ext=12", None, f"contains ';', {NOT_PART_OF_A_NUMBER}", id="extension-rfc3966"),
    pytest.param("tel:+14155550100", None, f"contains 't', {NOT_PART_OF_A_NUMBER}", id="uri"),
    pytest.param("1+4155550100", None, f"contains '+', {NOT_PART_OF_A_NUMBER}", id="inner-plus"),
    pytest.param("1_415_555_0100", None, f"contains '_', {NOT_PART_OF_A_NUMBER}", id="underscore"),
    pytest.param("1\u00a0415 555 0100", None, f"contains '\\xa0', {NOT_PART_OF_A_NUMBER}", id="no-break-space"),
    pytest.param(
        "\u0661\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660", None, "contains '\u0661', which is not an ASCII digit", id="arabic-indic"
    ),
    pytest.param("1415555\uff10\uff11\uff10\uff10", None, "contains '\uff10', which is not an ASCII digit", id="full-width"),
    pytest.param("+1415555\u00b2100", None, "contains '\u00b2', which is not an ASCII digit", id="superscript-two"),
    pytest.param("", None, "the phone number is empty", id="empty"),
    pytest.param("   ", None, "the phone number is empty", id="blank"),
    pytest.param("+", None, "'+' has no digits", id="plus-only"),
    pytest.param("( - )", None, "'( - )' has no digits", id="separators-only"),
    pytest.param(None, None, f"None {NOT_A_STRING} NoneType", id="none"),
    pytest.param(1.5, None, f"1.5 {NOT_A_STRING} float", id="float"),
    pytest.param(True, None, f"True {NOT_A_STRING} bool", id="bool"),
    pytest.param(-14155550100, None, f"-14155550100 {NOT_A_STRING} int", id="negative"),
    pytest.param(["14155550100"], None, f"['14155550100'] {NOT_A_STRING} list", id="list"),
]


@pytest.mark.parametrize("value, country, message", REFUSALS)
def test_refusals_name_the_entry_and_the_value(value, country, message):
    digits, problem = parse_number(value, "numbers[3]", country)
    assert digits is None
    assert problem.startswith("numbers[3]: ")
    if message.startswith("contains"):
        assert problem == f"numbers[3]: {value!r} {message}"
    else:
        assert problem == f"numbers[3]: {message}"


def test_a_trunk_zero_in_parentheses_is_dropped_where_the_country_has_one():
    assert parse_number("+49 (0)30 123456", "numbers[0]") == ("4930123456", None)
    assert parse_number("+1 (0)415 555 0102", "numbers[0]")[0] is None


@pytest.mark.parametrize("value", ["(415) 555 0102", "415-555-0102", 4155550102])
def test_national_formats_refused_without_default_country_are_read_with_it(value):
    assert parse_number(value, "numbers[0]")[0] is None
    assert parse_number(value, "numbers[0]", "US") == ("14155550102", None)


# Unquoted YAML: a leading 0 is dropped, and digits 0-7 after a leading 0 are read as octal.


def test_yaml_turns_these_unquoted_numbers_into_other_numbers():
    assert yaml_value("0014155550100") == int("14155550100", 8) == 1639370816
    assert yaml_value("030123456") == int("30123456", 8) == 6334254
    assert yaml_value("2079460958") == 2079460958


@pytest.mark.parametrize(
    "written, country",
    [
        pytest.param("0014155550100", None, id="00-octal"),
        pytest.param("0014155550100", "GB", id="00-octal-gb"),
        pytest.param("0014155550100", "DE", id="00-octal-de"),
        pytest.param("030123456", "DE", id="trunk-octal-de"),
        pytest.param("0301234567", "DE", id="trunk-octal-de-10"),
        pytest.param("2079460958", "GB", id="lost-trunk-zero-gb"),
        pytest.param("30123456", "DE", id="lost-trunk-zero-de"),
        pytest.param("612345678", "FR", id="lost-trunk-zero-fr"),
    ],
)
def test_unquoted_yaml_numbers_that_lost_a_leading_zero_are_refused_not_guessed(written, country):
    value = yaml_value(written)
    assert isinstance(value, int)
    digits, problem = parse_number(value, "numbers[0]", country)
    assert digits is None, f"{written} (YAML: {value}) was read as +{digits}"
    assert problem.startswith(f"numbers[0]: {value} ")


def test_the_refusal_of_an_unquoted_number_says_to_quote_it():
    assert parse_number(yaml_value("030123456"), "numbers[0]", "DE") == (
        None,
        "numbers[0]: 6334254 is an unquoted number, and numbers written in DE start with 0, which YAML drops "
        "(reading 0 followed by digits 0-7 as octal): quote the number as written",
    )


@pytest.mark.parametrize("value, country, expected", [(4155550102, "US", "14155550102"), (14155550100, "US", "14155550100"), (4165550190, "CA", "14165550190")])
def test_unquoted_numbers_of_countries_without_a_trunk_zero_are_read(value, country, expected):
    assert parse_number(value, "numbers[0]", country) == (expected, None)


@pytest.mark.parametrize("country", ["GB", "DE"])
def test_the_quoted_spelling_of_a_refused_unquoted_number_is_read(country):
    written = {"GB": "020 7946 0958", "DE": "030 123456"}[country]
    assert parse_number(written, "numbers[0]", country)[0] == e164({"GB": "+44 20 7946 0958", "DE": "+49 30 123456"}[country])


# Kinds


@pytest.mark.parametrize(
    "reading, kind",
    [
        ("+1 800 555 0199", TOLLFREE),
        ("+1 888 555 0199", TOLLFREE),
        ("+44 800 123 4567", TOLLFREE),
        ("+1 415 555 0100", LONGCODE),
        ("+44 7400 123456", LONGCODE),
        ("+49 30 123456", LONGCODE),
    ],
)
def test_number_kind_is_told_by_the_number(reading, kind):
    assert number_kind(e164(reading)) == kind


@pytest.mark.parametrize("digits", ["19995550100", "123", "abc", ""])
def test_number_kind_of_what_is_no_number(digits):
    assert number_kind(digits) is None


def test_international_spelling():
    assert international("14155550100") == "+1 415-555-0100"
    assert international("4930123456") == "+49 30 123456"
    assert international("abc") == "abc"


@pytest.mark.parametrize("value, expected", [("+14155550100", "14155550100"), (" 14155550100 ", "14155550100"), (14155550100, "14155550100")])
def test_digits_of_api_number(value, expected):
    assert digits_of_api_number(value) == expected


# Services, short codes, countries


@pytest.mark.parametrize("value, expected", [(None, None), ("sms", "sms"), ("MMS", "mms"), (" Sms ", "sms"), ("mMs", "mms")])
def test_service(value, expected):
    assert parse_service(value, "numbers[0].service") == (expected, None)


@pytest.mark.parametrize("value", ["voice", "", "sms,mms", 1, True])
def test_bad_service_names_the_entry_and_the_choices(value):
    assert parse_service(value, "numbers[0].service") == (None, f"numbers[0].service: {value!r} is not a service: expected one of sms, mms")


@pytest.mark.parametrize(
    "value, expected", [("444444", "444444"), (" 12345 ", "12345"), (12345, "12345"), ("123", "123"), ("12345678", "12345678"), ("0123", "0123")]
)
def test_shortcodes(value, expected):
    assert parse_shortcode(value, "shortcodes[1]") == (expected, None)


@pytest.mark.parametrize(
    "value, message",
    [
        ("12", "'12' is not a short code: it has 2 digits; a short code has 3 to 8"),
        ("123456789", "'123456789' is not a short code: it has 9 digits; a short code has 3 to 8"),
        ("", "the short code is empty"),
        ("12-345", "'12-345' is not a short code: it contains '-'; a short code is digits only, without separators or +"),
        ("+12345", "'+12345' is not a short code: it contains '+'; a short code is digits only, without separators or +"),
        ("12 345", "'12 345' is not a short code: it contains ' '; a short code is digits only, without separators or +"),
        ("SHORT", "'SHORT' is not a short code: it contains 'S'; a short code is digits only, without separators or +"),
        ("\u0661\u0662\u0663\u0664\u0665", "'\u0661\u0662\u0663\u0664\u0665' is not a short code: '\u0661' is not an ASCII digit"),
        (None, "None is not a short code: expected a string of digits, got NoneType"),
        (True, "True is not a short code: expected a string of digits, got bool"),
    ],
)
def test_rejected_shortcodes(value, message):
    assert parse_shortcode(value, "shortcodes[1]") == (None, f"shortcodes[1]: {message}")


@pytest.mark.parametrize("value", ["US", "us", " gb ", "De"])
def test_country_codes_accepted(value):
    assert country_problem(value, "default_country") is None


@pytest.mark.parametrize("value", ["ZZ", "USA", "U1", "", "001", None, 1])
def test_country_codes_refused(value):
    assert country_problem(value, "default_country") == (
        f"default_country {value!r} is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB"
    )


# The member options of a pool read as a whole

A = "14155550100"
B = "14155550101"
TF = "18005550199"


def test_entries_read_and_deduplicated_in_order():
    entries, problems = read_pool_entries(
        ["+1 415 555 0100", {"number": "1-415-555-0101", "service": "MMS"}, {"number": "+1 (415) 555-0100", "service": "sms"}, "14155550101"],
        ["+1 800 555 0199", "1-800-555-0199"],
        ["444444", 444444, " 12345"],
    )
    assert problems == []
    # A number listed twice keeps the first one's place, and the service one of its entries gives.
    assert entries == PoolEntries((LongCode(A, "sms"), LongCode(B, "mms")), (TF,), ("444444", "12345"))


def test_kinds_not_given_are_none_and_empty_lists_are_empty():
    assert read_pool_entries(None, [], None) == (PoolEntries(None, (), None), [])


def test_default_country_applies_to_every_number_kind():
    entries, problems = read_pool_entries(["(415) 555-0100"], ["(800) 555-0199"], None, default_country="US")
    assert problems == []
    assert entries == PoolEntries((LongCode(A, None),), (TF,), None)


def test_toll_free_under_numbers_and_long_code_under_tollfree_are_refused():
    entries, problems = read_pool_entries(["+1 800 555 0199"], ["+1 415 555 0100"], None)
    assert problems == [
        "numbers[0]: +1 800-555-0199 is a toll-free number: list it under tollfree",
        "tollfree[0]: +1 415-555-0100 is not a toll-free number: list it under numbers",
    ]
    assert entries == PoolEntries((), (A,), None)


@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_number_under_the_wrong_kind_is_refused_in_every_state_of_number_pool(state):
    params = dict(
        powerpack="alerts",
        powerpack_uuid=None,
        number_pool_uuid=None,
        numbers=["+1 800 555 0199"],
        tollfree=["+1 415 555 0100"],
        shortcodes=None,
        default_country=None,
        state=state,
        purge=False,
        rent=False,
        unrent=False,
    )
    _desired, problems = read_options(params)
    assert problems == [
        "numbers[0]: +1 800-555-0199 is a toll-free number: list it under tollfree",
        "tollfree[0]: +1 415-555-0100 is not a toll-free number: list it under numbers",
    ]


def test_a_number_under_both_kinds_is_refused_naming_both_entries():
    _entries, problems = read_pool_entries([B, "+1 415 555 0100"], ["14155550100"], None)
    assert problems == ["tollfree[0]: 14155550100 is also listed as numbers[1]; a number is either a long code or toll-free"]


def test_the_same_long_code_with_two_services_is_refused_naming_both_entries():
    _entries, problems = read_pool_entries([{"number": A, "service": "sms"}, B, {"number": "+1 415 555 0100", "service": "mms"}], None, None)
    assert problems == ["numbers[2]: 14155550100 is listed with service mms but numbers[0] lists it with service sms"]


def test_a_service_given_once_for_a_number_listed_twice_is_no_conflict_and_is_kept():
    entries, problems = read_pool_entries([A, {"number": A, "service": "mms"}], None, None)
    assert problems == [] and entries.numbers == (LongCode(A, "mms"),)


def test_every_problem_is_reported_at_once_each_naming_its_entry():
    _entries, problems = read_pool_entries(
        ["CALL", {"numbr": A}, {"service": "mms"}, {"number": B, "service": "fax"}],
        ["x", "+1 415 555 0100"],
        ["12", "12345"],
        where="powerpacks[2] ('alerts').",
    )
    assert problems == [
        "powerpacks[2] ('alerts').numbers[0]: 'CALL' contains 'C', which is not part of a phone number (letters and extensions are not accepted)",
        "powerpacks[2] ('alerts').numbers[1]: unknown key numbr; the keys are number and service",
        "powerpacks[2] ('alerts').numbers[2]: the key number is missing",
        "powerpacks[2] ('alerts').numbers[3].service: 'fax' is not a service: expected one of sms, mms",
        "powerpacks[2] ('alerts').tollfree[0]: 'x' contains 'x', which is not part of a phone number (letters and extensions are not accepted)",
        "powerpacks[2] ('alerts').tollfree[1]: +1 415-555-0100 is not a toll-free number: list it under numbers",
        "powerpacks[2] ('alerts').shortcodes[0]: '12' is not a short code: it has 2 digits; a short code has 3 to 8",
    ]


def test_unknown_keys_are_listed_sorted():
    _entries, problems = read_pool_entries([{"number": A, "b": 1, "a": 2}], None, None)
    assert problems == ["numbers[0]: unknown keys a, b; the keys are number and service"]


@pytest.mark.parametrize("option", ["numbers", "tollfree", "shortcodes"])
def test_an_option_that_is_not_a_list_is_named(option):
    values = dict(numbers=None, tollfree=None, shortcodes=None)
    values[option] = "14155550100"
    _entries, problems = read_pool_entries(values["numbers"], values["tollfree"], values["shortcodes"])
    assert problems == [f"{option} must be a list, got str '14155550100'"]


def test_long_code_as_dict():
    assert LongCode(A, "mms").as_dict() == {"number": A, "service": "mms"}
    assert LongCode(A).as_dict() == {"number": A, "service": None}
