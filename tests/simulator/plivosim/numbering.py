"""Phone number rules: what a well-formed number is, which country it belongs to, toll-free ranges."""

from __future__ import annotations

import re

LONG_NUMBER_RE = re.compile(r"^[0-9]{8,15}$")
SHORT_CODE_RE = re.compile(r"^[0-9]{3,8}$")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")

NANP_TOLLFREE_AREA_CODES = frozenset(("800", "833", "844", "855", "866", "877", "888"))

# Canadian area codes; every other +1 number counts as US.
CANADA_AREA_CODES = frozenset(
    (
        "204",
        "226",
        "236",
        "249",
        "250",
        "263",
        "289",
        "306",
        "343",
        "354",
        "365",
        "367",
        "368",
        "382",
        "403",
        "416",
        "418",
        "428",
        "431",
        "437",
        "438",
        "450",
        "468",
        "474",
        "506",
        "514",
        "519",
        "548",
        "579",
        "581",
        "584",
        "587",
        "604",
        "613",
        "639",
        "647",
        "672",
        "683",
        "705",
        "709",
        "742",
        "753",
        "778",
        "780",
        "782",
        "807",
        "819",
        "825",
        "867",
        "873",
        "879",
        "902",
        "905",
    )
)

# Calling codes of the countries the simulator can name; longest prefix wins.
CALLING_CODES = {
    "1": None,  # NANP: decided by area code
    "44": "GB",
    "61": "AU",
    "91": "IN",
    "49": "DE",
    "33": "FR",
    "34": "ES",
    "39": "IT",
    "31": "NL",
    "65": "SG",
    "52": "MX",
    "55": "BR",
}

COUNTRY_CALLING_CODES = {"US": "1", "CA": "1"}
COUNTRY_CALLING_CODES.update((country, code) for code, country in CALLING_CODES.items() if country)


def is_long_number(number):
    return bool(LONG_NUMBER_RE.match(number))


def is_short_code(code):
    return bool(SHORT_CODE_RE.match(code))


def is_country(value):
    return isinstance(value, str) and bool(COUNTRY_RE.match(value))


def is_nanp_tollfree(number):
    return len(number) == 11 and number.startswith("1") and number[1:4] in NANP_TOLLFREE_AREA_CODES


def infer_country(number):
    """Best-effort ISO country of an E.164 number without ``+``; ``"US"`` when unknown."""
    if number.startswith("1"):
        return "CA" if number[1:4] in CANADA_AREA_CODES else "US"
    for length in (2, 3):
        country = CALLING_CODES.get(number[:length])
        if country:
            return country
    return "US"


def national_part(number, country):
    """The number without its country calling code, or None when the code is unknown."""
    code = COUNTRY_CALLING_CODES.get(country.upper())
    if code and number.startswith(code):
        return number[len(code) :]
    return None
