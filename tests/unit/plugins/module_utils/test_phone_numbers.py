# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of phone_numbers: normalisation of numbers, toll-free numbers and short codes."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import (
    LongCode,
    PhoneNumberError,
    locate_number,
    normalize_long_codes,
    normalize_number,
    normalize_service,
    normalize_shortcode,
    normalize_shortcodes,
    normalize_tollfree,
)


@pytest.mark.parametrize(
    "spelling",
    [
        "+1 (415) 555-0100",
        "14155550100",
        "+14155550100",
        "1-415-555-0100",
        "1.415.555.0100",
        " +1 415 555 0100 ",
        "\t+1 415 555 0100\n",
        "0014155550100",
        "00 1 415 555 0100",
        "+1(415)555-0100",
        "1 - 415 - 555 - 0100",
        "+1 (415) 555 01 00",
        "(1) 415.555.0100",
        14155550100,
    ],
)
def test_equivalent_spellings_normalise_to_one_number(spelling):
    assert normalize_number(spelling) == "14155550100"


@pytest.mark.parametrize(
    "spelling, expected",
    [
        ("+44 7700 900123", "447700900123"),
        ("0044 7700 900123", "447700900123"),
        ("+49 30 1234567", "49301234567"),
        ("1 800 555 0100", "18005550100"),
        ("12345678", "12345678"),  # 8 digits, the lower bound
        ("123456789012345", "123456789012345"),  # 15 digits, the E.164 maximum
    ],
)
def test_other_numbers(spelling, expected):
    assert normalize_number(spelling) == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        ("ABC", "it contains 'A', which is neither a digit nor one of the separators"),
        ("1415555ABCD", "it contains 'A'"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("+", "it has no digits"),
        ("1234567", "it has 7 digits; an E.164 number has 8 to 15 digits"),
        ("+1 415 555", "it has 7 digits"),
        ("1234567890123456", "it has 16 digits"),
        ("001234567", "it has 7 digits"),  # '00' dropped first
        ("1415/5550100", "it contains '/'"),
        ("1..415.555.0100", "it has two separators in a row ('..')"),
        ("1.-415.555.0100", "it has two separators in a row ('.-')"),
        ("1--415-555-0100", "it has two separators in a row ('--')"),
        ("1- -415-555-0100", "it has two separators in a row ('--')"),
        ("-14155550100", "'-' must stand between digits"),
        (".14155550100", "'.' must stand between digits"),
        ("+-14155550100", "'-' must stand between digits"),
        ("14155550100.", "it ends with '.'"),
        ("1 (-415) 5550100", "'-' must stand between digits"),
        ("1 (415 5550100", "'(' is not closed"),
        ("1 415) 5550100", "')' has no matching '('"),
        ("1 ((415)) 5550100", "parentheses cannot be nested"),
        ("1 () 4155550100", "parentheses must enclose digits"),
        ("1 (415-) 5550100", "parentheses must enclose digits"),
        ("1+4155550100", "'+' is only allowed at the start"),
        ("++14155550100", "'+' is only allowed at the start"),
        ("+0 415 555 0100", "the country code after '+' cannot start with 0"),
        ("+0014155550100", "the country code after '+' cannot start with 0"),
        ("0004155550100", "the country code after the international prefix '00' cannot start with 0"),
        ("04155550100", "it starts with 0; write it in international (E.164) format"),
        ("\u0661\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660", "(U+0661), which is not an ASCII digit 0-9"),  # Arabic-Indic
        ("1415555\uff10\uff11\uff10\uff10", "(U+FF10), which is not an ASCII digit"),  # full-width
        ("1415555\u00b2100", "not an ASCII digit"),  # superscript two: isdigit() is True
        ("1\u00a0415 555 0100", "it contains '\\xa0'"),  # no-break space is not a separator
        ("1_415_555_0100", "it contains '_'"),
        ("1,415,555,0100", "it contains ','"),
        ("tel:+14155550100", "it contains 't'"),
    ],
)
def test_rejected_numbers_name_entry_option_and_reason(value, reason):
    with pytest.raises(PhoneNumberError) as caught:
        normalize_number(value, "numbers[3]")
    message = str(caught.value)
    assert message.startswith(f"numbers[3]: {value!r} is not a phone number: ")
    assert reason in message
    assert caught.value.where == "numbers[3]"


def test_the_brief_example_message():
    with pytest.raises(PhoneNumberError, match=r"^numbers\[3\]: 'ABC' is not a phone number: "):
        normalize_number("ABC", "numbers[3]")


def test_error_is_a_value_error():
    assert issubclass(PhoneNumberError, ValueError)


@pytest.mark.parametrize("value, kind", [(None, "NoneType"), (1.5, "float"), (True, "bool"), ([], "list"), ({}, "dict"), (-14155550100, "int")])
def test_non_string_values_are_rejected(value, kind):
    with pytest.raises(PhoneNumberError) as caught:
        normalize_number(value, "tollfree[0]")
    assert str(caught.value) == f"tollfree[0]: {value!r} is not a phone number: expected a string of digits, got {kind}"


# Short codes


@pytest.mark.parametrize(
    "value, expected",
    [
        ("444444", "444444"),
        (" 12345 ", "12345"),
        (12345, "12345"),
        ("123", "123"),
        ("12345678", "12345678"),
        ("0123", "0123"),  # leading zeros are kept
    ],
)
def test_shortcodes(value, expected):
    assert normalize_shortcode(value) == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        ("12", "it has 2 digits; a short code has 3 to 8 digits"),
        ("123456789", "it has 9 digits"),
        ("", "it is empty"),
        ("12-345", "it contains '-'; a short code is digits only"),
        ("+12345", "it contains '+'"),
        ("12 345", "it contains ' '"),
        ("SHORT", "it contains 'S'"),
        ("12/34", "it contains '/'"),
        ("\u0661\u0662\u0663\u0664\u0665", "(U+0661), which is not an ASCII digit 0-9"),
    ],
)
def test_rejected_shortcodes(value, reason):
    with pytest.raises(PhoneNumberError) as caught:
        normalize_shortcode(value, "shortcodes[1]")
    assert str(caught.value).startswith(f"shortcodes[1]: {value!r} is not a short code: ")
    assert reason in str(caught.value)


def test_shortcode_list_dedupes_and_names_entry():
    assert normalize_shortcodes(["444444", 444444, " 12345", "444444"]) == ["444444", "12345"]
    with pytest.raises(PhoneNumberError, match=r"^shortcodes\[2\]: 'x' is not a short code"):
        normalize_shortcodes(["444444", "12345", "x"])


# Services and long-code entries


@pytest.mark.parametrize("value, expected", [(None, "sms"), ("sms", "sms"), ("MMS", "mms"), (" Sms ", "sms"), ("mMs", "mms")])
def test_service(value, expected):
    assert normalize_service(value) == expected


@pytest.mark.parametrize("value", ["voice", "", "sms,mms", 1, True])
def test_bad_service(value):
    with pytest.raises(PhoneNumberError) as caught:
        normalize_service(value, "numbers[0].service")
    assert str(caught.value) == f"numbers[0].service: {value!r} is not a service: expected one of sms, mms"


def test_long_code_entries():
    entries = [
        "+1 415 555 0100",
        {"number": "1-415-555-0101"},
        {"number": "14155550102", "service": "MMS"},
        {"number": 14155550103, "service": None},
        LongCode("14155550104", "mms"),
    ]
    assert normalize_long_codes(entries) == [
        LongCode("14155550100", "sms"),
        LongCode("14155550101", "sms"),
        LongCode("14155550102", "mms"),
        LongCode("14155550103", "sms"),
        LongCode("14155550104", "mms"),
    ]


def test_long_code_entry_errors_name_the_entry():
    with pytest.raises(PhoneNumberError, match=r"^numbers\[1\]\.number: 'nope' is not a phone number: "):
        normalize_long_codes(["14155550100", {"number": "nope"}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[1\]\.service: 'voice' is not a service"):
        normalize_long_codes(["14155550100", {"number": "14155550101", "service": "voice"}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[0\]: unknown key 'servce' in .*; the keys are number and service"):
        normalize_long_codes([{"number": "14155550100", "servce": "mms"}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[0\]: unknown keys 'a', 'b' in "):
        normalize_long_codes([{"number": "14155550100", "b": 1, "a": 2}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[2\]: the key number is missing in \{'service': 'mms'\}"):
        normalize_long_codes(["14155550100", "14155550101", {"service": "mms"}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[0\]: the key number is missing"):
        normalize_long_codes([{"number": None, "service": "sms"}])
    with pytest.raises(PhoneNumberError, match=r"^numbers\[0\]: 1\.5 is not a phone number"):
        normalize_long_codes([1.5])


def test_option_must_be_a_list():
    with pytest.raises(PhoneNumberError, match=r"^numbers: expected a list, got str$"):
        normalize_long_codes("14155550100")
    with pytest.raises(PhoneNumberError, match=r"^tollfree: expected a list, got dict$"):
        normalize_tollfree({"number": "18005550100"})
    assert normalize_long_codes(None) == []
    assert normalize_tollfree(()) == []


def test_same_long_code_twice_with_same_service_is_deduped():
    entries = ["+1 415 555 0100", {"number": "14155550100", "service": "SMS"}, "1.415.555.0100", "14155550101"]
    assert normalize_long_codes(entries) == [LongCode("14155550100", "sms"), LongCode("14155550101", "sms")]


def test_same_long_code_with_conflicting_services_names_both_entries():
    entries = ["14155550100", "14155550101", {"number": "+1 415 555 0100", "service": "mms"}]
    with pytest.raises(PhoneNumberError) as caught:
        normalize_long_codes(entries)
    assert str(caught.value) == (
        "numbers[2]: 14155550100 is listed with service 'mms' but numbers[0] lists it with service 'sms'; a number is in the pool with one service"
    )


def test_tollfree_list_dedupes_and_names_entry():
    assert normalize_tollfree(["+1 800 555 0100", "18005550100", "1-888-555-0199"]) == ["18005550100", "18885550199"]
    with pytest.raises(PhoneNumberError, match=r"^tollfree\[1\]: '1-800-FLOWERS' is not a phone number"):
        normalize_tollfree(["18005550100", "1-800-FLOWERS"])


def test_long_code_as_dict_round_trips():
    codes = normalize_long_codes(["14155550100", {"number": "14155550101", "service": "mms"}])
    assert normalize_long_codes([code.as_dict() for code in codes]) == codes
    assert normalize_long_codes(codes) == codes


def test_locate_number():
    entries = ["bad", {"number": "+1 415 555 0100"}, "14155550100"]
    assert locate_number(entries, "14155550100", "numbers") == "numbers[1]"
    assert locate_number(entries, "14155550199", "numbers") is None
    assert locate_number(None, "14155550100", "numbers") is None
