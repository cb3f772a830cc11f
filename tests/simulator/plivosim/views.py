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


def powerpack_view(account, powerpack, detailed=True, priority_key="include"):
    """A Powerpack; list items (``detailed=False``) omit ``number_priority`` as every API example does.

    ``priority_key`` (``--number-priority-key``): ``omit`` leaves ``number_priority`` out of get/create/update
    answers too, as most recorded answers do.
    """
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
    if detailed and priority_key == "include":
        view["number_priority"] = copy.deepcopy(powerpack.number_priority)
    return view


def pool_view(account, powerpack, shape="simulator"):
    """``GET /NumberPool/{uuid}/``; ``shape`` (``--pool-object``): the simulator's own keys, the docs' or both.

    The docs' Number Pool object is ``{"api_id", "numbers", "shortcodes", "uuid"}`` (the two lists as paths);
    no SDK reads this endpoint and no answer of it is recorded.
    """
    base = pool_path(account, powerpack.pool_uuid)
    view = {}
    if shape in ("simulator", "both"):
        counts = {"longcode": 0, "tollfree": 0, "shortcode": 0}
        for member in powerpack.members.values():
            counts[member.kind] += 1
        view.update(
            {
                "uuid": powerpack.pool_uuid,
                "powerpack_uuid": powerpack.uuid,
                "number": base + "Number/",
                "shortcode": base + "Shortcode/",
                "tollfree": base + "Tollfree/",
                "number_count": counts["longcode"],
                "shortcode_count": counts["shortcode"],
                "tollfree_count": counts["tollfree"],
            }
        )
    if shape in ("docs", "both"):
        view.update({"numbers": base + "Number/", "shortcodes": base + "Shortcode/", "uuid": powerpack.pool_uuid})
    return view


def number_view(account, powerpack, member, single, settings):
    """A long code or toll-free of a pool, shaped by the settings' answer-shape switches.

    ``--pool-uuid-key``: single-number answers (find, add) spell the pool uuid ``number_pool_uuid`` (docs, most
    recordings), ``numberpool_uuid`` (a few Python/Go fixtures) or both; list items always say ``number_pool_uuid``.
    ``--list-item-service omit``: list items leave out ``service`` (no recorded list item has it); single answers
    keep it. ``--tollfree-field``: the key naming a toll-free number, ``number`` (most SDKs), ``tollfree``
    (Python fixtures) or ``both``.
    """
    tollfree_field = settings.tollfree_field
    pool_uuid_key = settings.pool_uuid_key
    list_service = settings.list_item_service
    account_number = account.numbers.get(member.key)
    number_type = account_number.number_type if account_number else member.kind
    country = account_number.country_iso2 if account_number else ""
    view = {
        "account_phone_number_resource": number_resource(account, member.key),
        "added_on": member.added_on,
        "country_iso2": country,
        "type": number_type,
    }
    if single or list_service == "include":
        view["service"] = member.service
    if member.kind == TOLLFREE and tollfree_field in ("tollfree", "both"):
        view["tollfree"] = member.key
    if member.kind != TOLLFREE or tollfree_field in ("number", "both"):
        view["number"] = member.key
    if not single or pool_uuid_key in ("number_pool_uuid", "both"):
        view["number_pool_uuid"] = powerpack.pool_uuid
    if single and pool_uuid_key in ("numberpool_uuid", "both"):
        view["numberpool_uuid"] = powerpack.pool_uuid
    return view


def shortcode_view(account, powerpack, member):
    shortcode = account.shortcodes.get(member.key)
    return {
        "added_on": member.added_on,
        "country_iso2": shortcode.country_iso2 if shortcode else "",
        "number_pool_uuid": powerpack.pool_uuid,
        "shortcode": member.key,
    }


def account_number_view(account, account_number, number_type_name="fixed"):
    """``GET /Number/{number}/``: a number the account rents (Plivo's Number API, outside the Powerpack reference).

    Plivo answers many more keys (``alias``, ``application``, ``carrier``, ``country`` as a name, ``region``,
    ``monthly_rental_rate``, ``sms_enabled`` ...); the simulator keeps a small subset, with the country as
    its ISO code like the pool items. ``number_type_name`` (``--account-number-type``): ``local`` names a
    long code's type ``local``, as the Python SDK's recorded answer does, instead of the pool items' ``fixed``.
    """
    number_type = account_number.number_type
    if number_type == "fixed" and number_type_name == "local":
        number_type = "local"
    return {
        "added_on": account_number.added_on,
        "country_iso2": account_number.country_iso2,
        "number": account_number.number,
        "number_type": number_type,
        "resource_uri": number_resource(account, account_number.number),
    }
