"""Endpoints 6-17: a Powerpack's number pool and its long codes, short codes and toll-free numbers."""

from __future__ import annotations

from .errors import ApiError
from .model import LONGCODE
from .model import SHORTCODE
from .model import TOLLFREE
from .model import PoolMember
from .numbering import infer_country
from .numbering import is_nanp_tollfree
from .numbering import is_short_code
from .numbering import national_part
from .pagination import page
from .request import deleted
from .request import missing_member
from .request import not_found
from .request import ok
from .request import path_number
from .request import powerpack_for_pool
from .validation import optional_bool
from .validation import parse_country
from .validation import parse_service
from .views import number_view
from .views import pool_path
from .views import pool_view
from .views import shortcode_view

NUMBER_TYPES = ("fixed", "mobile", "tollfree")
MAX_PREFIXES = 10


def get_pool(request):
    return ok(pool_view(request.account, powerpack_for_pool(request), request.settings.pool_object))


# Long codes (and toll-free numbers when --number-list-tollfree include)


def _number_kinds(request):
    if request.settings.number_list_tollfree == "include":
        return (LONGCODE, TOLLFREE)
    return (LONGCODE,)


def list_numbers(request):
    powerpack = powerpack_for_pool(request)
    account = request.account
    query = request.query
    filters = []
    wanted_type = query.get("type")
    if wanted_type is not None:
        wanted_type = "tollfree" if wanted_type.lower() == "toll-free" else wanted_type.lower()
        if wanted_type not in NUMBER_TYPES:
            raise ApiError(400, "type must be one of fixed, mobile, tollfree, not {!r}".format(query["type"]))
        filters.append(("type", query["type"]))
    service = None
    if query.get("service") is not None:
        service = parse_service(query["service"])
        filters.append(("service", query["service"]))
    country = None
    if query.get("country_iso2") is not None:
        country = parse_country(query["country_iso2"], "country_iso2")
        filters.append(("country_iso2", query["country_iso2"]))
    prefixes = None
    if query.get("starts_with") is not None:
        prefixes = _parse_prefixes(query["starts_with"], country)
        filters.append(("starts_with", query["starts_with"]))

    def selected(member):
        account_number = account.numbers.get(member.key)
        if account_number is None:
            return False
        if wanted_type is not None and account_number.number_type != wanted_type:
            return False
        if service is not None and member.service != service:
            return False
        if country is not None and account_number.country_iso2 != country:
            return False
        return not (prefixes is not None and not _starts_with(member.key, country, prefixes))

    members = [member for member in powerpack.members_of_kind(*_number_kinds(request)) if selected(member)]
    path = pool_path(account, powerpack.pool_uuid) + "Number/"
    return ok(page(members, request, path, lambda member: _number_view(request, powerpack, member, single=False), filters))


def _parse_prefixes(raw, country):
    if country is None:
        raise ApiError(400, "starts_with needs country_iso2")
    prefixes = [prefix.strip() for prefix in raw.split(",")]
    if len(prefixes) > MAX_PREFIXES:
        raise ApiError(400, f"starts_with takes at most {MAX_PREFIXES:d} comma-separated prefixes, not {len(prefixes):d}")
    for prefix in prefixes:
        if not prefix.isdigit() or not prefix.isascii():
            raise ApiError(400, f"starts_with prefixes must be digits, not {prefix!r}")
    return prefixes


def _starts_with(number, country, prefixes):
    """A prefix matches the full number or the national number (after the country calling code)."""
    national = national_part(number, country)
    return any(number.startswith(prefix) or (national is not None and national.startswith(prefix)) for prefix in prefixes)


def _number_view(request, powerpack, member, single):
    return number_view(request.account, powerpack, member, single, request.settings)


def _member(powerpack, key, kinds):
    member = powerpack.members.get(key)
    if member is None or member.kind not in kinds:
        return None
    return member


def _found(powerpack, key, kinds, what):
    """The member, or the 404 of a find that names what was looked for."""
    member = _member(powerpack, key, kinds)
    if member is None:
        raise not_found(f"{what} {key} in this number pool")
    return member


def find_number(request):
    powerpack = powerpack_for_pool(request)
    number = path_number(request)
    member = _found(powerpack, number, _number_kinds(request), "number")
    if request.query.get("service") is not None and member.service != parse_service(request.query["service"]):
        raise not_found("number {} with service {} in this number pool".format(number, request.query["service"]))
    return ok(_number_view(request, powerpack, member, single=True))


def add_number(request):
    powerpack = powerpack_for_pool(request)
    account = request.account
    raw = request.params["number"]
    if raw.lstrip("+") in account.shortcodes:
        raise ApiError(400, f"{raw} is a short code: short codes cannot be added to a number pool through the API")
    number = path_number(request)
    service = parse_service(request.body.get("service") or "sms")
    rent = optional_bool(request.body, "rent", False)
    include_tollfree = request.settings.number_list_tollfree == "include"

    account_number = account.numbers.get(number)
    if account_number is None:
        if not rent:
            raise ApiError(400, f"number {number} is not rented by this account (send rent: true to rent it and add it)")
        if number in account.unavailable_numbers:
            raise ApiError(400, f"number {number} is not available for rent")
        if is_nanp_tollfree(number) and not include_tollfree:
            raise ApiError(400, f"{number} is a toll-free number: it cannot be rented here; rent it first and use the Tollfree endpoint")
    elif account_number.is_tollfree and not include_tollfree:
        raise ApiError(400, f"{number} is a toll-free number: add it with the Tollfree endpoint")

    kind = TOLLFREE if (account_number.is_tollfree if account_number else is_nanp_tollfree(number)) else LONGCODE
    member = _link(request, powerpack, number, kind, service)
    if account_number is None:
        account.rent(number, infer_country(number), "tollfree" if kind == TOLLFREE else "fixed")
    return ok(_number_view(request, powerpack, member, single=True))


def _link(request, powerpack, key, kind, service):
    """Put ``key`` into the pool, honouring one-pool-per-number and ``--add-existing``."""
    holder = request.account.pool_holding(key)
    if holder is powerpack:
        if request.settings.add_existing != "ok":
            raise ApiError(400, f"{key} is already in this number pool")
        member = powerpack.members[key]
        member.service = service
        return member
    if holder is not None:
        raise ApiError(400, f"{key} is already in the number pool of another Powerpack ({holder.name!r}, uuid {holder.uuid}); remove it there first")
    member = PoolMember(key, kind, service)
    request.account.link(powerpack, member)
    return member


def remove_number(request):
    return _remove(request, path_number, _number_kinds(request), "number", unrent_allowed=True)


def _remove(request, path_key, kinds, what, unrent_allowed):
    """Unlink a member from the pool, and release it too where ``unrent`` is allowed (never for short codes) and asked."""
    powerpack = powerpack_for_pool(request)
    key = path_key(request)
    unrent = unrent_allowed and optional_bool(request.body, "unrent", False)
    if _member(powerpack, key, kinds) is None:
        error = missing_member(request.settings, f"{what} {key}")
        if error is not None:
            raise error
        return deleted(request.settings)
    request.account.unlink(powerpack, key)
    if unrent:
        request.account.release(key)
    return deleted(request.settings)


# Short codes: list, find and unlink only; they are provisioned by Plivo (here: by the seed).


def _path_shortcode(request):
    code = request.params["shortcode"]
    if not is_short_code(code):
        raise ApiError(400, f"{code!r} is not a valid short code")
    return code


def list_shortcodes(request):
    powerpack = powerpack_for_pool(request)
    path = pool_path(request.account, powerpack.pool_uuid) + "Shortcode/"
    members = powerpack.members_of_kind(SHORTCODE)
    return ok(page(members, request, path, lambda member: shortcode_view(request.account, powerpack, member)))


def find_shortcode(request):
    powerpack = powerpack_for_pool(request)
    member = _found(powerpack, _path_shortcode(request), (SHORTCODE,), "short code")
    return ok(shortcode_view(request.account, powerpack, member))


def remove_shortcode(request):
    return _remove(request, _path_shortcode, (SHORTCODE,), "short code", unrent_allowed=False)


# Toll-free numbers: added only when the account already rents them.


def list_tollfree(request):
    powerpack = powerpack_for_pool(request)
    path = pool_path(request.account, powerpack.pool_uuid) + "Tollfree/"
    members = powerpack.members_of_kind(TOLLFREE)
    return ok(page(members, request, path, lambda member: _number_view(request, powerpack, member, single=False)))


def find_tollfree(request):
    powerpack = powerpack_for_pool(request)
    member = _found(powerpack, path_number(request), (TOLLFREE,), "toll-free number")
    return ok(_number_view(request, powerpack, member, single=True))


def add_tollfree(request):
    powerpack = powerpack_for_pool(request)
    number = path_number(request)
    account_number = request.account.numbers.get(number)
    if account_number is None:
        raise ApiError(400, f"toll-free number {number} is not rented by this account; rent it first")
    if not account_number.is_tollfree:
        raise ApiError(400, f"{number} is not a toll-free number; add long codes with the Number endpoint")
    service = parse_service(request.body.get("service") or "sms")
    member = _link(request, powerpack, number, TOLLFREE, service)
    return ok(_number_view(request, powerpack, member, single=True))


def remove_tollfree(request):
    return _remove(request, path_number, (TOLLFREE,), "toll-free number", unrent_allowed=True)
