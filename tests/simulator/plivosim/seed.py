"""Seed documents: build an Account from one, and dump an Account as one.

A dump is a complete seed (uuids, timestamps and pool members included), so ``GET /_sim/state``,
``PUT /_sim/state``, ``--seed`` and ``--state-file`` all share one format, described in the README.
"""

from __future__ import annotations

from .errors import ApiError
from .errors import SeedError
from .model import LONGCODE
from .model import SHORTCODE
from .model import TOLLFREE
from .model import Account
from .model import Application
from .model import PoolMember
from .model import Powerpack
from .model import ShortCode
from .model import initial_priorities
from .numbering import infer_country
from .numbering import is_long_number
from .numbering import is_nanp_tollfree
from .numbering import is_short_code
from .validation import optional_bool
from .validation import parse_application_id
from .validation import parse_application_type
from .validation import parse_country
from .validation import parse_name
from .validation import parse_number_priority
from .validation import parse_service

TOP_LEVEL_KEYS = ("auth_id", "applications", "numbers", "tollfree", "shortcodes", "unavailable_numbers", "powerpacks")
POWERPACK_KEYS = (
    "uuid",
    "number_pool_uuid",
    "name",
    "sticky_sender",
    "local_connect",
    "application_type",
    "application_id",
    "number_priority",
    "created_on",
    "numbers",
    "tollfree",
    "shortcodes",
)
LONG_CODE_TYPES = ("fixed", "mobile")


def load_account(seed, auth_id, default_priorities="us-ca"):
    """Build an Account from a seed document (a dict); raises SeedError naming the faulty entry."""
    if seed is None:
        seed = {}
    if not isinstance(seed, dict):
        raise SeedError("a seed must be a JSON object")
    _check_keys(seed, TOP_LEVEL_KEYS, "seed")
    account = Account(auth_id)
    for index, item in enumerate(_list(seed, "applications", "seed")):
        _load_application(account, item, f"applications[{index:d}]")
    for index, item in enumerate(_list(seed, "numbers", "seed")):
        _load_number(account, item, f"numbers[{index:d}]", tollfree=False)
    for index, item in enumerate(_list(seed, "tollfree", "seed")):
        _load_number(account, item, f"tollfree[{index:d}]", tollfree=True)
    for index, item in enumerate(_list(seed, "shortcodes", "seed")):
        _load_shortcode(account, item, f"shortcodes[{index:d}]")
    for index, item in enumerate(_list(seed, "unavailable_numbers", "seed")):
        number = _digits(item, f"unavailable_numbers[{index:d}]")
        if number in account.numbers:
            raise SeedError(f"unavailable_numbers[{index:d}]: {number} is rented by the account")
        account.unavailable_numbers.add(number)
    for index, item in enumerate(_list(seed, "powerpacks", "seed")):
        _load_powerpack(account, item, f"powerpacks[{index:d}]", default_priorities)
    return account


def dump_account(account):
    """The whole account as a seed document that ``load_account`` restores exactly."""
    return {
        "auth_id": account.auth_id,
        "applications": [{"app_id": app.app_id, "type": app.app_type.lower(), "name": app.name} for app in account.applications.values()],
        "numbers": [
            {"number": item.number, "country_iso2": item.country_iso2, "type": item.number_type, "added_on": item.added_on}
            for item in account.numbers.values()
            if not item.is_tollfree
        ],
        "tollfree": [
            {"number": item.number, "country_iso2": item.country_iso2, "added_on": item.added_on} for item in account.numbers.values() if item.is_tollfree
        ],
        "shortcodes": [{"shortcode": item.shortcode, "country_iso2": item.country_iso2} for item in account.shortcodes.values()],
        "unavailable_numbers": sorted(account.unavailable_numbers),
        "powerpacks": [_dump_powerpack(powerpack) for powerpack in account.powerpacks.values()],
    }


def _dump_powerpack(powerpack):
    def members(kind, key_name):
        dumped = []
        for member in powerpack.members_of_kind(kind):
            entry = {key_name: member.key, "added_on": member.added_on}
            if kind != SHORTCODE:
                entry["service"] = member.service
            dumped.append(entry)
        return dumped

    return {
        "uuid": powerpack.uuid,
        "number_pool_uuid": powerpack.pool_uuid,
        "name": powerpack.name,
        "sticky_sender": powerpack.sticky_sender,
        "local_connect": powerpack.local_connect,
        "application_type": powerpack.application_type.lower(),
        "application_id": powerpack.application_id,
        "number_priority": powerpack.number_priority,
        "created_on": powerpack.created_on,
        "numbers": members(LONGCODE, "number"),
        "tollfree": members(TOLLFREE, "number"),
        "shortcodes": members(SHORTCODE, "shortcode"),
    }


def _load_application(account, item, where):
    if not isinstance(item, dict):
        raise SeedError(f"{where}: an application is an object with app_id and type")
    _check_keys(item, ("app_id", "type", "name"), where)
    app_id = _checked(parse_application_id, item.get("app_id", ""), where)
    if not app_id:
        raise SeedError(f"{where}: app_id is required")
    app_type = _checked(parse_application_type, item.get("type"), where)
    if app_id in account.applications:
        raise SeedError(f"{where}: application {app_id} is listed twice")
    account.applications[app_id] = Application(app_id, app_type, str(item.get("name", "")))


def _load_number(account, item, where, tollfree):
    fields = _entry(item, "number", where, ("number", "country_iso2", "type", "added_on"))
    number = _digits(fields["number"], where)
    if not is_long_number(number):
        raise SeedError(f"{where}: {number} is not a phone number (8 to 15 digits)")
    if number in account.numbers:
        raise SeedError(f"{where}: {number} is listed twice")
    number_type = TOLLFREE if tollfree else fields.get("type", "fixed")
    if number_type not in (*LONG_CODE_TYPES, TOLLFREE):
        raise SeedError(f"{where}: type must be fixed or mobile")
    country = _checked(_country, fields.get("country_iso2") or infer_country(number), where)
    added_on = fields.get("added_on")
    if added_on is not None and not isinstance(added_on, str):
        raise SeedError(f"{where}: added_on must be a string")
    return account.rent(number, country, number_type, added_on)


def _load_shortcode(account, item, where):
    fields = _entry(item, "shortcode", where, ("shortcode", "country_iso2"))
    code = _digits(fields["shortcode"], where)
    if not is_short_code(code):
        raise SeedError(f"{where}: {code} is not a short code (3 to 8 digits)")
    if code in account.shortcodes:
        raise SeedError(f"{where}: short code {code} is listed twice")
    country = _checked(_country, fields.get("country_iso2", "US"), where)
    account.shortcodes[code] = ShortCode(code, country)


def _load_powerpack(account, item, where, default_priorities):
    if not isinstance(item, dict):
        raise SeedError(f"{where}: a Powerpack is an object")
    _check_keys(item, POWERPACK_KEYS, where)
    name = _checked(parse_name, item.get("name"), where)
    powerpack = Powerpack(
        name,
        uuid_=_optional_text(item, "uuid", where),
        pool_uuid=_optional_text(item, "number_pool_uuid", where),
        created_on=_optional_text(item, "created_on", where),
    )
    powerpack.sticky_sender = _checked(lambda body: optional_bool(body, "sticky_sender", True), item, where)
    powerpack.local_connect = _checked(lambda body: optional_bool(body, "local_connect", True), item, where)
    _load_powerpack_application(account, powerpack, item, where)
    if item.get("number_priority") is None:
        powerpack.number_priority = initial_priorities(default_priorities)
    else:
        powerpack.number_priority = _checked(parse_number_priority, item["number_priority"], where)
    try:
        account.add_powerpack(powerpack)
    except ValueError as exc:
        raise SeedError(f"{where}: {exc}") from exc
    for key, kind in (("numbers", LONGCODE), ("tollfree", TOLLFREE), ("shortcodes", SHORTCODE)):
        for index, member in enumerate(_list(item, key, where)):
            _load_member(account, powerpack, member, f"{where}.{key}[{index:d}]", kind)


def _load_powerpack_application(account, powerpack, item, where):
    app_id = _checked(parse_application_id, item.get("application_id") or "", where)
    if not app_id:
        return
    app = account.applications.get(app_id)
    if app is None:
        raise SeedError(f"{where}: application {app_id} is not in the seed's applications")
    if item.get("application_type"):
        app_type = _checked(parse_application_type, item["application_type"], where)
        if app_type != app.app_type:
            raise SeedError(f"{where}: application {app_id} is of type {app.app_type.lower()}, not {app_type.lower()}")
    powerpack.application_id = app_id
    powerpack.application_type = app.app_type


def _load_member(account, powerpack, item, where, kind):
    key_name = "shortcode" if kind == SHORTCODE else "number"
    allowed = (key_name, "added_on") if kind == SHORTCODE else (key_name, "service", "added_on")
    fields = _entry(item, key_name, where, allowed)
    key = _digits(fields[key_name], where)
    if kind == SHORTCODE:
        if key not in account.shortcodes:
            _load_shortcode(account, key, where)
    else:
        existing = account.numbers.get(key)
        if existing is None:
            if key in account.unavailable_numbers:
                raise SeedError(f"{where}: {key} is listed in unavailable_numbers")
            existing = _load_number(account, key, where, tollfree=kind == TOLLFREE or is_nanp_tollfree(key))
        if (kind == TOLLFREE) != existing.is_tollfree:
            raise SeedError("{}: {} is {} toll-free number".format(where, key, "not a" if kind == TOLLFREE else "a"))
    service = _checked(parse_service, fields.get("service", "sms"), where) if kind != SHORTCODE else "sms"
    added_on = fields.get("added_on")
    if added_on is not None and not isinstance(added_on, str):
        raise SeedError(f"{where}: added_on must be a string")
    holder = account.pool_holding(key)
    if holder is not None:
        raise SeedError(f"{where}: {key} is already in the pool of Powerpack {holder.name!r}")
    account.link(powerpack, PoolMember(key, kind, service, added_on))


def _entry(item, key_name, where, allowed):
    """A list entry given as a plain string or as an object holding ``key_name``."""
    if isinstance(item, (str, int)) and not isinstance(item, bool):
        return {key_name: item}
    if isinstance(item, dict) and key_name in item:
        _check_keys(item, allowed, where)
        return item
    raise SeedError(f"{where}: expected a string or an object with {key_name}")


def _digits(value, where):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SeedError(f"{where}: expected a number as a string")
    text = str(value).strip()
    if text.startswith("+"):
        text = text[1:]
    if not text.isdigit() or not text.isascii():
        raise SeedError(f"{where}: {value!r} is not made of digits")
    return text


def _optional_text(item, key, where):
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise SeedError(f"{where}: {key} must be a non-empty string")
    return value


def _list(document, key, where):
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SeedError(f"{where}: {key} must be a list")
    return value


def _check_keys(document, allowed, where):
    unknown = sorted(key for key in document if key not in allowed and not key.startswith("_"))
    if unknown:
        raise SeedError("{}: unknown key(s) {} (allowed: {}; keys starting with _ are ignored)".format(where, ", ".join(unknown), ", ".join(allowed)))


def _country(value):
    return parse_country(value, "country_iso2")


def _checked(parse, value, where):
    try:
        return parse(value)
    except ApiError as exc:
        raise SeedError(f"{where}: {exc.message}") from exc
