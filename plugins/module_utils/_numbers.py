# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the phone numbers, short codes and country codes people write, as they mean them.

This module_utils is private to the collection: its names may change in any release.

Phone numbers (long codes and toll-free numbers) are parsed and validated with libphonenumber (the
``phonenumbers`` package), and come out the way the Plivo API writes them: E.164 digits without ``+``
(``14155550100``).

- ``+`` (or the international prefix ``00``) starts a number in international form: ``+1 (415) 555-0100``,
  ``+49 (0)30 123456`` (the trunk ``0`` in parentheses is dropped), ``0044 20 7946 0958``.
- Without it, with ``default_country`` (an ISO 3166-1 alpha-2 code): the number is read as written in that
  country, national formats included (``(415) 555-0100`` with ``US``, ``030 123456`` with ``DE``).
- Without it and without ``default_country``: the digits must be a whole international number, country code
  first, as the Plivo API writes them (``14155550100``, ``1-415-555-0100``). A number without its country code
  (``(415) 555 0100``, ``4155550100``) is refused, naming the value and its international form where it can
  be told; so is a ten-digit North American number that happens to read as a valid number elsewhere.
- Spaces, ``-``, ``.``, ``/`` and parentheses may separate digits; letters, extensions and other characters are
  refused. An integer (YAML reads an unquoted number as one) is taken as its decimal digits, under the same
  rules, so an unquoted number that lost its leading zeros or was read as octal is refused, not guessed; with a
  ``default_country`` whose numbers are written with a leading 0 (GB, DE, FR ...), every integer is refused.
- The number must be valid for its country according to libphonenumber; an impossible or unassigned number is
  refused. Its type tells a toll-free number from a long code (``number_kind``).

Short codes are 3 to 8 ASCII digits, written as they are dialled (no ``+``, no separators).

Every function here collects problems instead of raising, so that a module can report every problem of its input
at once; each problem names the entry (``numbers[3]``, ``powerpacks[2].tollfree[0]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from typing import Callable
from typing import NamedTuple

from ansible_collections.plivo.messaging.plugins.module_utils._requirements import phonenumbers

SERVICES = ("sms", "mms")
DEFAULT_SERVICE = "sms"
LONGCODE = "longcode"
TOLLFREE = "tollfree"

SHORTCODE_MIN_DIGITS = 3
SHORTCODE_MAX_DIGITS = 8
LONG_CODE_KEYS = ("number", "service")

_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" -./()\t")
_NANP = "US"


class LongCode(NamedTuple):
    """A long code of a pool or of a task. ``service`` None: not given (the task keeps the pool's; sms when added)."""

    number: str
    service: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The shape of a ``numbers`` option entry: ``{'number': ..., 'service': ...}``."""
        return {"number": self.number, "service": self.service}


def supported_regions() -> frozenset[str]:
    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def country_problem(value: Any, where: str) -> str | None:
    """Why value is not a country code libphonenumber knows (naming where it was given), or None."""
    if isinstance(value, str) and value.strip().upper() in supported_regions():
        return None
    return f"{where} {value!r} is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB"


def normalize_country(value: str) -> str:
    return value.strip().upper()


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    return None


def _international(number: phonenumbers.PhoneNumber) -> str:
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _valid(number: phonenumbers.PhoneNumber | None) -> bool:
    return number is not None and phonenumbers.is_valid_number(number)


def _no_country_code(value: Any, digits: str) -> str:
    hint = "starting with +"
    as_nanp = _parse(digits, _NANP)
    if _valid(as_nanp) and not digits.startswith("1"):
        hint += f" (for a North American number: {_international(as_nanp)})"
    return f"{value!r} has no country code: write it in international form {hint}, or set default_country to its country"


def _written_with_leading_zero(region: str) -> bool:
    """Whether a number written in region starts with 0: a trunk prefix 0 (GB, DE, FR ...) or a 0 of the number (IT)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return False
    if (metadata.national_prefix or "").startswith("0"):
        return True
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    return bool(example is not None and example.italian_leading_zero)


def parse_number(value: Any, where: str, default_country: str | None = None) -> tuple[str | None, str | None]:
    """(E.164 digits without +, None) for a usable phone number, else (None, the problem naming where)."""
    text = _text(value)
    if text is None:
        return None, f"{where}: {value!r} is not a phone number: expected a string such as '+14155550100', got {type(value).__name__}"
    if not text:
        return None, f"{where}: the phone number is empty"
    body = text[1:] if text.startswith("+") else text
    for char in body:
        if char not in _DIGITS and char not in _SEPARATORS:
            what = "is not an ASCII digit" if char.isdigit() else "is not part of a phone number (letters and extensions are not accepted)"
            return None, f"{where}: {value!r} contains {char!r}, which {what}"
    digits = "".join(char for char in body if char in _DIGITS)
    if not digits:
        return None, f"{where}: {value!r} has no digits"
    if text.startswith("+"):
        number = _parse(text, None)
    elif digits.startswith("00"):
        number = _parse("+" + digits[2:], None)
    elif default_country:
        if not isinstance(value, str) and _written_with_leading_zero(default_country):
            # An unquoted YAML number: YAML drops the leading 0 every number written in that country starts with, and reads
            # 0 followed by digits 0-7 as octal, so these digits are not the number written.
            return None, (
                f"{where}: {value!r} is an unquoted number, and numbers written in {default_country} start with 0, which YAML drops "
                "(reading 0 followed by digits 0-7 as octal): quote the number as written"
            )
        number = _parse(text, default_country)
    else:
        as_nanp = _parse(digits, _NANP)
        if len(digits) == 10 and _valid(as_nanp):
            return None, f"{where}: " + _no_country_code(value, digits)
        number = _parse("+" + digits, None)
        if number is None or not phonenumbers.is_possible_number(number):
            return None, f"{where}: " + _no_country_code(value, digits)
    if number is None:
        return None, f"{where}: {value!r} is not a phone number"
    if number.extension:
        return None, f"{where}: {value!r} has an extension; give the number without it"
    if not phonenumbers.is_possible_number(number):
        return None, f"{where}: {value!r} cannot be a phone number (read as {_international(number)}, it has the wrong number of digits)"
    if not phonenumbers.is_valid_number(number):
        region = f" in {default_country}" if default_country and not text.startswith("+") and not digits.startswith("00") else ""
        return None, f"{where}: {value!r} is not a valid phone number{region} (read as {_international(number)}, libphonenumber knows no such number)"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:], None


def number_kind(digits: str) -> str | None:
    """TOLLFREE or LONGCODE for E.164 digits (without +), from libphonenumber's number type; None if it cannot tell."""
    number = _parse("+" + digits, None)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    return TOLLFREE if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.TOLL_FREE else LONGCODE


def international(digits: str) -> str:
    """E.164 digits in the international format people read (+1 415-555-0100); the digits when not a number."""
    number = _parse("+" + digits, None)
    return _international(number) if number is not None else digits


def parse_service(value: Any, where: str) -> tuple[str | None, str | None]:
    """(sms or mms, None) case-insensitively; (None, None) when not given; (None, problem) otherwise."""
    if value is None:
        return None, None
    if isinstance(value, str) and value.strip().lower() in SERVICES:
        return value.strip().lower(), None
    return None, f"{where}: {value!r} is not a service: expected one of {', '.join(SERVICES)}"


def parse_shortcode(value: Any, where: str) -> tuple[str | None, str | None]:
    text = _text(value)
    if text is None:
        return None, f"{where}: {value!r} is not a short code: expected a string of digits, got {type(value).__name__}"
    if not text:
        return None, f"{where}: the short code is empty"
    for char in text:
        if char not in _DIGITS:
            why = f"{char!r} is not an ASCII digit" if char.isdigit() else f"it contains {char!r}; a short code is digits only, without separators or +"
            return None, f"{where}: {value!r} is not a short code: {why}"
    if not SHORTCODE_MIN_DIGITS <= len(text) <= SHORTCODE_MAX_DIGITS:
        return None, f"{where}: {value!r} is not a short code: it has {len(text)} digits; a short code has {SHORTCODE_MIN_DIGITS} to {SHORTCODE_MAX_DIGITS}"
    return text, None


def _entries(entries: Any, where: str, problems: list[str]) -> list[Any]:
    if entries is None:
        return []
    if isinstance(entries, (list, tuple)):
        return list(entries)
    problems.append(f"{where} must be a list, got {type(entries).__name__} {entries!r}")
    return []


class PoolEntries(NamedTuple):
    """The pool members a task lists, read and checked; None for a kind the task does not give."""

    numbers: tuple[LongCode, ...] | None
    tollfree: tuple[str, ...] | None
    shortcodes: tuple[str, ...] | None


def read_pool_entries(numbers: Any, tollfree: Any, shortcodes: Any, where: str = "", default_country: str | None = None) -> tuple[PoolEntries, list[str]]:
    """Read the three member options; every problem of them, each naming its entry.

    A long code under ``tollfree`` or a toll-free number under ``numbers`` (told by the number itself), a number
    listed under both, and a long code listed twice with different services are problems too. Duplicates are
    dropped, keeping the first one's place and the service one of them gives.
    """
    problems: list[str] = []
    seen: dict[str, tuple[str, str | None]] = {}
    long_codes: list[LongCode] = []
    for index, entry in enumerate(_entries(numbers, where + "numbers", problems)):
        place = f"{where}numbers[{index}]"
        if isinstance(entry, Mapping):
            unknown = sorted(str(key) for key in entry if key not in LONG_CODE_KEYS)
            if unknown:
                problems.append(f"{place}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; the keys are number and service")
                continue
            if entry.get("number") is None:
                problems.append(f"{place}: the key number is missing")
                continue
            digits, problem = parse_number(entry["number"], place + ".number", default_country)
            service, service_problem = parse_service(entry.get("service"), place + ".service")
            if service_problem:
                problems.append(service_problem)
        else:
            digits, problem = parse_number(entry, place, default_country)
            service = None
        if problem or digits is None:
            problems.append(problem or f"{place}: not a phone number")
            continue
        if number_kind(digits) == TOLLFREE:
            problems.append(f"{place}: {international(digits)} is a toll-free number: list it under tollfree")
            continue
        if digits in seen:
            first_place, first_service = seen[digits]
            if service is not None and first_service is not None and service != first_service:
                problems.append(f"{place}: {digits} is listed with service {service} but {first_place} lists it with service {first_service}")
            elif service is not None and first_service is None:
                # An entry without a service leaves it to the pool; this one names it (in the first one's place).
                seen[digits] = (place, service)
                long_codes = [LongCode(digits, service) if code.number == digits else code for code in long_codes]
            continue
        seen[digits] = (place, service)
        long_codes.append(LongCode(digits, service))
    toll_free = _read_plain(tollfree, where + "tollfree", problems, lambda value, place: parse_number(value, place, default_country))
    for number, place in (toll_free or {}).items():
        if number in seen:
            problems.append(f"{place}: {number} is also listed as {seen[number][0]}; a number is either a long code or toll-free")
        elif number_kind(number) == LONGCODE:
            problems.append(f"{place}: {international(number)} is not a toll-free number: list it under numbers")
    short_codes = _read_plain(shortcodes, where + "shortcodes", problems, parse_shortcode)
    entries = PoolEntries(
        tuple(long_codes) if numbers is not None else None,
        tuple(toll_free) if tollfree is not None and toll_free is not None else None,
        tuple(short_codes) if shortcodes is not None and short_codes is not None else None,
    )
    return entries, problems


def _read_plain(entries: Any, where: str, problems: list[str], parse: Callable[[Any, str], tuple[str | None, str | None]]) -> dict[str, str] | None:
    """The values of a list option mapped to the place of their first entry, in order; None when not given."""
    if entries is None:
        return None
    result: dict[str, str] = {}
    for index, entry in enumerate(_entries(entries, where, problems)):
        place = f"{where}[{index}]"
        value, problem = parse(entry, place)
        if problem:
            problems.append(problem)
        elif value is not None and value not in result:
            result[value] = place
    return result


def digits_of_api_number(value: Any) -> str:
    """A number as the API writes it (E.164 digits, sometimes with +) as plain digits."""
    text = str(value).strip()
    return text[1:] if text.startswith("+") else text
