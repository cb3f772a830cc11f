"""JSON shapes of the API objects, following the official SDKs' fixtures."""

from __future__ import annotations

import copy

from .model import TOLLFREE


def account_path(account):
    return f"/v1/Account/{account.auth_id}/"


def pool_path(account, pool_uuid):
    return f"{account_path(account)}NumberPool/{pool_uuid}/"


def number_resource(account, number):
    return f"{account_path(account)}Number/{number}/"


def powerpack_view(account, powerpack, detailed=True):
    """A Powerpack; list items (``detailed=False``) omit ``number_priority`` as every API example does."""
    view = {
        "application_id": powerpack.application_id,
        "application_type": powerpack.application_type,
        "created_on": powerpack.created_on,
        "local_connect": powerpack.local_connect,
        "name": powerpack.name,
        "number_pool": pool_path(account, powerpack.pool_uuid),
        "sticky_sender": powerpack.sticky_sender,
        "uuid": powerpack.uuid,
    }
    if detailed:
        view["number_priority"] = copy.deepcopy(powerpack.number_priority)
    return view


def pool_view(account, powerpack):
    """``GET /NumberPool/{uuid}/``: the shape is undocumented; this one is the simulator's own."""
    base = pool_path(account, powerpack.pool_uuid)
    counts = {"longcode": 0, "tollfree": 0, "shortcode": 0}
    for member in powerpack.members.values():
        counts[member.kind] += 1
    return {
        "uuid": powerpack.pool_uuid,
        "powerpack_uuid": powerpack.uuid,
        "number": base + "Number/",
        "shortcode": base + "Shortcode/",
        "tollfree": base + "Tollfree/",
        "number_count": counts["longcode"],
        "shortcode_count": counts["shortcode"],
        "tollfree_count": counts["tollfree"],
    }


def number_view(account, powerpack, member, single, tollfree_field="number"):
    """A long code or toll-free of a pool.

    Lists spell the pool uuid ``number_pool_uuid``, single-number answers ``numberpool_uuid`` (as in the
    SDK fixtures). ``tollfree_field`` picks the key naming a toll-free number: ``number`` (most SDKs),
    ``tollfree`` (Python fixtures) or ``both``.
    """
    account_number = account.numbers.get(member.key)
    number_type = account_number.number_type if account_number else member.kind
    country = account_number.country_iso2 if account_number else ""
    view = {
        "account_phone_number_resource": number_resource(account, member.key),
        "added_on": member.added_on,
        "country_iso2": country,
        "service": member.service,
        "type": number_type,
    }
    if member.kind == TOLLFREE and tollfree_field in ("tollfree", "both"):
        view["tollfree"] = member.key
    if member.kind != TOLLFREE or tollfree_field in ("number", "both"):
        view["number"] = member.key
    view["numberpool_uuid" if single else "number_pool_uuid"] = powerpack.pool_uuid
    return view


def shortcode_view(account, powerpack, member):
    shortcode = account.shortcodes.get(member.key)
    return {
        "added_on": member.added_on,
        "country_iso2": shortcode.country_iso2 if shortcode else "",
        "number_pool_uuid": powerpack.pool_uuid,
        "shortcode": member.key,
    }


def account_number_view(account, account_number):
    """``GET /Number/{number}/``: a number the account rents (Plivo's Number API, outside the Powerpack reference).

    Plivo answers many more keys (``alias``, ``application``, ``carrier``, ``country`` as a name, ``region``,
    ``monthly_rental_rate``, ``sms_enabled`` ...); the simulator keeps a small subset, with the country as
    its ISO code like the pool items.
    """
    return {
        "added_on": account_number.added_on,
        "country_iso2": account_number.country_iso2,
        "number": account_number.number,
        "number_type": account_number.number_type,
        "resource_uri": number_resource(account, account_number.number),
    }
