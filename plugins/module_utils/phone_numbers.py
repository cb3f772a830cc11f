# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalise the phone numbers and short codes users write in the ``number_pool`` options.

Pure functions only: no network, nothing outside the standard library.

Phone numbers (the ``numbers`` and ``tollfree`` options)
    The canonical form is the one the Plivo API uses in paths and list items:
    E.164 digits without ``+``, e.g. ``14155550100``. Accepted spellings:

    - ASCII whitespace around the value is ignored;
    - an optional leading ``+``; without it, a leading ``00`` (the international call
      prefix used in most of the world) is dropped: ``0014155550100`` is ``14155550100``;
    - the separators space, ``-``, ``.``, ``(`` and ``)`` between digits:
      ``+1 (415) 555-0100``, ``1.415.555.0100`` and ``1-415-555-0100`` are all ``14155550100``.
      ``-`` and ``.`` must stand between digits (or a parenthesised group), never two in a row
      (``..``, ``-.``) and never at the start or end; parentheses must be balanced, not nested
      and must enclose digits;
    - a Python ``int`` (YAML reads an unquoted number as one) is taken as its decimal digits.

    The result must have 8 to 15 ASCII digits (15 is the E.164 maximum; 8 rather than the
    theoretical 7 because a 7-digit entry is far more likely a local number missing its country
    code than one of the very few 7-digit E.164 numbers, none of which Plivo offers for
    messaging) and must not start with ``0``: E.164 numbers start with a country code, and no
    country code starts with 0 (a leading 0 is a national trunk prefix: the user must write the
    number in international format). Only ASCII digits count: ``str.isdigit()`` would also
    accept Arabic-Indic or full-width digits, which the API does not.

Short codes (the ``shortcodes`` option)
    ASCII digits only, no separators and no ``+``, 3 to 8 digits (short codes in use are 3 to 8
    digits long depending on the country; US and Canada use 5 and 6). Leading zeros are kept.

Long-code entries (the ``numbers`` option)
    Each entry is a number (string or int) or a dict with the keys ``number`` (required) and
    ``service`` (``sms`` or ``mms``, case-insensitive, default ``sms``; ``None`` means the
    default). Entries become :class:`LongCode` tuples.

Duplicates
    After normalisation, an entry that repeats an earlier one is dropped (the first one's
    position is kept). A long code listed twice with different services is an error naming
    both entries.

Errors
    Every problem raises :class:`PhoneNumberError` (a ``ValueError``) whose message starts with
    the entry's place in the options, 0-based like a Jinja index:
    ``numbers[3]: 'ABC' is not a phone number: ...`` or ``numbers[1].service: ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Iterable, NamedTuple

SERVICES = ("sms", "mms")
DEFAULT_SERVICE = "sms"

NUMBER_MIN_DIGITS = 8
NUMBER_MAX_DIGITS = 15
SHORTCODE_MIN_DIGITS = 3
SHORTCODE_MAX_DIGITS = 8

LONG_CODE_KEYS = ("number", "service")

_DIGITS = frozenset("0123456789")
_ASCII_SPACE = " \t\r\n\f\v"
_SEPARATORS_TEXT = "space, '-', '.', '(' and ')'"


class PhoneNumberError(ValueError):
    """An entry of ``numbers``, ``tollfree`` or ``shortcodes`` that cannot be used.

    ``where`` is the entry's place (``numbers[3]``, ``numbers[1].service``, ``tollfree``) and
    ``str(error)`` is the whole message, starting with ``where``.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class LongCode(NamedTuple):
    """A long code in the pool or in the desired spec.

    ``service`` is ``sms`` or ``mms``; in a pool state read from the API it may be ``None``
    when the API did not say (see ``pool_plan``).
    """

    number: str
    service: str | None = DEFAULT_SERVICE

    def as_dict(self) -> dict[str, str | None]:
        """The shape of a ``numbers`` option entry: ``{'number': ..., 'service': ...}``."""
        return {"number": self.number, "service": self.service}


def _describe(value: Any) -> str:
    return type(value).__name__


def _text(value: Any, where: str, what: str) -> str:
    """Return ``value`` as text, or raise if it is not a string or a non-negative int."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    raise PhoneNumberError(where, f"{value!r} is not {what}: expected a string of digits, got {_describe(value)}")


def _bad_char(char: str) -> str:
    if char.isdigit():
        return f"it contains {char!r} (U+{ord(char):04X}), which is not an ASCII digit 0-9"
    return f"it contains {char!r}, which is neither a digit nor one of the separators {_SEPARATORS_TEXT}"


class _Reject(Exception):
    """Internal: the reason a value is rejected, turned into PhoneNumberError by the caller."""


def _scan_number(text: str) -> tuple[str, bool]:
    """Return (digits, had_plus) or raise ``_Reject`` with the reason."""
    body = text
    had_plus = body.startswith("+")
    if had_plus:
        body = body[1:]
    digits: list[str] = []
    last = "start"  # start, digit, sep, open, close
    last_sep = ""
    depth = 0
    for char in body:
        if char in _DIGITS:
            digits.append(char)
            last = "digit"
        elif char == " ":
            continue
        elif char in "-.":
            if last == "sep":
                raise _Reject("it has two separators in a row (%r)" % (last_sep + char))
            if last not in ("digit", "close"):
                raise _Reject(f"{char!r} must stand between digits")
            last = "sep"
            last_sep = char
        elif char == "(":
            if depth:
                raise _Reject("parentheses cannot be nested")
            depth = 1
            last = "open"
        elif char == ")":
            if not depth:
                raise _Reject("')' has no matching '('")
            if last != "digit":
                raise _Reject("parentheses must enclose digits")
            depth = 0
            last = "close"
        elif char == "+":
            raise _Reject("'+' is only allowed at the start")
        else:
            raise _Reject(_bad_char(char))
    if depth:
        raise _Reject("'(' is not closed")
    if last == "sep":
        raise _Reject(f"it ends with {last_sep!r}")
    return "".join(digits), had_plus


def normalize_number(value: Any, where: str = "number") -> str:
    """Return a long code or toll-free number as E.164 digits without ``+``.

    ``where`` names the entry in error messages (``numbers[3]``, ``tollfree[0]``).
    Raises :class:`PhoneNumberError`.
    """
    text = _text(value, where, "a phone number")
    try:
        stripped = text.strip(_ASCII_SPACE)
        if not stripped:
            raise _Reject("it is empty")
        digits, had_plus = _scan_number(stripped)
        if not digits:
            raise _Reject("it has no digits")
        if had_plus:
            if digits.startswith("0"):
                raise _Reject("the country code after '+' cannot start with 0")
        elif digits.startswith("00"):
            digits = digits[2:]
            if digits.startswith("0"):
                raise _Reject("the country code after the international prefix '00' cannot start with 0")
        elif digits.startswith("0"):
            raise _Reject("it starts with 0; write it in international (E.164) format with its country code, e.g. +14155550100")
        if not NUMBER_MIN_DIGITS <= len(digits) <= NUMBER_MAX_DIGITS:
            raise _Reject(
                "it has %d digits; an E.164 number has %d to %d digits including the country code" % (len(digits), NUMBER_MIN_DIGITS, NUMBER_MAX_DIGITS)
            )
    except _Reject as reject:
        raise PhoneNumberError(where, f"{value!r} is not a phone number: {reject}")
    return digits


def normalize_shortcode(value: Any, where: str = "shortcode") -> str:
    """Return a short code as its digits (3 to 8 ASCII digits). Raises :class:`PhoneNumberError`."""
    text = _text(value, where, "a short code")
    stripped = text.strip(_ASCII_SPACE)
    reason = None
    if not stripped:
        reason = "it is empty"
    else:
        for char in stripped:
            if char not in _DIGITS:
                if char.isdigit():
                    reason = _bad_char(char)
                else:
                    reason = f"it contains {char!r}; a short code is digits only, without separators or +"
                break
    if reason is None and not SHORTCODE_MIN_DIGITS <= len(stripped) <= SHORTCODE_MAX_DIGITS:
        reason = "it has %d digits; a short code has %d to %d digits" % (len(stripped), SHORTCODE_MIN_DIGITS, SHORTCODE_MAX_DIGITS)
    if reason is not None:
        raise PhoneNumberError(where, f"{value!r} is not a short code: {reason}")
    return stripped


def normalize_service(value: Any, where: str = "service") -> str:
    """Return ``sms`` or ``mms`` (case-insensitive; ``None`` gives the default ``sms``)."""
    if value is None:
        return DEFAULT_SERVICE
    if isinstance(value, str):
        service = value.strip(_ASCII_SPACE).lower()
        if service in SERVICES:
            return service
    raise PhoneNumberError(where, "{!r} is not a service: expected one of {}".format(value, ", ".join(SERVICES)))


def _entries(entries: Any, option: str) -> list[Any]:
    if entries is None:
        return []
    if isinstance(entries, (list, tuple)):
        return list(entries)
    raise PhoneNumberError(option, f"expected a list, got {_describe(entries)}")


def _long_code_entry(entry: Any, where: str) -> LongCode:
    if isinstance(entry, LongCode):
        entry = entry.as_dict()
    if not isinstance(entry, Mapping):
        return LongCode(normalize_number(entry, where), DEFAULT_SERVICE)
    unknown = sorted(str(key) for key in entry if key not in LONG_CODE_KEYS)
    if unknown:
        raise PhoneNumberError(
            where,
            "unknown key{} {} in {!r}; the keys are number and service".format(
                "s" if len(unknown) > 1 else "", ", ".join(repr(key) for key in unknown), dict(entry)
            ),
        )
    if entry.get("number") is None:
        raise PhoneNumberError(where, f"the key number is missing in {dict(entry)!r}")
    number = normalize_number(entry["number"], where + ".number")
    service = normalize_service(entry.get("service"), where + ".service")
    return LongCode(number, service)


def normalize_long_codes(entries: Any, option: str = "numbers") -> list[LongCode]:
    """Normalise the ``numbers`` option: a list of numbers or ``{number, service}`` dicts.

    Returns :class:`LongCode` tuples in the order of first appearance, duplicates dropped.
    ``None`` gives ``[]``. ``LongCode`` tuples are accepted as entries too, so the function is
    idempotent. Raises :class:`PhoneNumberError`.
    """
    result: list[LongCode] = []
    seen: dict[str, tuple[str, str]] = {}
    for index, entry in enumerate(_entries(entries, option)):
        where = "%s[%d]" % (option, index)
        code = _long_code_entry(entry, where)
        if code.number in seen:
            first_where, first_service = seen[code.number]
            if first_service != code.service:
                raise PhoneNumberError(
                    where,
                    f"{code.number} is listed with service {code.service!r} but {first_where} lists it with service {first_service!r}; a number is in the pool with one service",
                )
            continue
        seen[code.number] = (where, code.service)
        result.append(code)
    return result


def _normalize_plain(entries: Any, option: str, normalize: Callable[[Any, str], str]) -> list[str]:
    result: list[str] = []
    seen = set()
    for index, entry in enumerate(_entries(entries, option)):
        value = normalize(entry, "%s[%d]" % (option, index))
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result


def normalize_tollfree(entries: Any, option: str = "tollfree") -> list[str]:
    """Normalise the ``tollfree`` option: numbers in order of first appearance, duplicates dropped."""
    return _normalize_plain(entries, option, normalize_number)


def normalize_shortcodes(entries: Any, option: str = "shortcodes") -> list[str]:
    """Normalise the ``shortcodes`` option: short codes in order of first appearance, duplicates dropped."""
    return _normalize_plain(entries, option, normalize_shortcode)


def locate_number(entries: Iterable[Any], number: str, option: str) -> str | None:
    """Return the place (``numbers[2]``) of the first entry that normalises to ``number``.

    Entries that do not normalise are skipped. Used to name entries in cross-option errors.
    """
    for index, entry in enumerate(entries or ()):
        where = "%s[%d]" % (option, index)
        try:
            if isinstance(entry, (Mapping, LongCode)):
                found = _long_code_entry(entry, where).number
            else:
                found = normalize_number(entry, where)
        except PhoneNumberError:
            continue
        if found == number:
            return where
    return None
