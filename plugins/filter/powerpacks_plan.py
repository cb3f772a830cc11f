# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``plivo.messaging.powerpacks_plan`` filter (documented in powerpacks_plan.yml).

It turns the items of the powerpacks role's ``plivo_powerpacks`` into the options of the ``powerpack`` and
``number_pool`` tasks, and, given one listing of the account, tells which of those tasks would change nothing,
judged by the same code the modules run. The role skips those, so a run that changes nothing costs one module run
instead of two per Powerpack. Anything the listing cannot vouch for counts as not in sync: the module then decides.
"""

from __future__ import annotations

from collections.abc import Mapping

try:
    from ansible.errors import AnsibleTypeError as FilterTypeError  # ansible-core 2.19 and later
except ImportError:
    from ansible.errors import AnsibleFilterTypeError as FilterTypeError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.plivo.messaging.plugins.module_utils import number_pool_options, powerpack_options
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import PhoneNumberError
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    PRESENT,
    PoolPlanError,
    compute_plan,
    desired_from_params,
    pool_state_from_api,
)

POWERPACK_SETTINGS = ("sticky_sender", "local_connect", "application_type", "application_id")
POOL_KINDS = ("numbers", "tollfree", "shortcodes")
# What the role's defaults dict must hold: the role variables powerpacks_<key>.
DEFAULT_KEYS = ("state", "purge", "rent", "unrent", "preset_services", "presets")
# Errors that mean "let the module judge it".
UNSURE = (PlivoError, PhoneNumberError, PoolPlanError, KeyError, TypeError, ValueError)


def _given(item, key, default):
    value = item.get(key)
    return default if value is None else value


def _flag(item, key, defaults):
    """A flag of the item or the role's default for it, read as Ansible reads booleans ("no" is false: extra vars
    from a survey arrive as strings); a value that is no boolean is passed on for the module to refuse."""
    value = _given(item, key, defaults[key])
    try:
        return boolean(value, strict=True)
    except TypeError:
        return value


def _preset_priority(preset, defaults):
    services = _given(preset, "services", defaults["preset_services"])
    ranking = list(defaults["presets"][preset["name"]])
    return [dict(country_iso=country, service_type=service, priority=ranking) for country in preset["countries"] for service in services]


def powerpack_options_of(item, state, defaults):
    """The options of the item's powerpack task, without uuid; only those the item sets."""
    options = dict(name=item["name"], state=state)
    options.update((key, item[key]) for key in POWERPACK_SETTINGS if item.get(key) is not None)
    if item.get("number_priority") is not None:
        options["number_priority"] = item["number_priority"]
    elif item.get("preset") is not None:
        options["number_priority"] = _preset_priority(item["preset"], defaults)
    options["unrent_numbers"] = state == "absent" and _flag(item, "unrent", defaults)
    return options


def pool_options_of(item, state, defaults):
    """The options of the item's number_pool task, without the pool's identity; None when it has none to run."""
    if state != PRESENT or all(item.get(kind) is None for kind in POOL_KINDS):
        return None
    purge = _flag(item, "purge", defaults)
    options = {kind: item[kind] for kind in POOL_KINDS if item.get(kind) is not None}
    options.update(purge=purge, rent=_flag(item, "rent", defaults), unrent=purge is True and _flag(item, "unrent", defaults))
    return options


def _validated(spec, options):
    """The options as the module would receive them, or None when its argument spec refuses them."""
    result = ArgumentSpecValidator(spec).validate(dict(options))
    return None if result.error_messages else result.validated_parameters


def _read_kinds(pool_options):
    """The member lists number_pool would read for these options; [] when it would refuse them."""
    if pool_options is None:
        return []
    try:
        return list(number_pool_options.kinds_to_read(desired_from_params(pool_options)))
    except UNSURE:
        return []


def powerpack_in_sync(options, listed):
    """Whether the powerpack task would change nothing on the listed Powerpack (None: the name is not listed)."""
    uuid = listed.get("uuid") if listed is not None else None
    params = _validated(powerpack_options.ARGUMENT_SPEC, dict(options, uuid=uuid))
    if params is None:
        return False
    try:
        powerpack_options.check_options(params)
        if params["state"] == "absent":
            return listed is None
        if listed is None:
            return False
        if params["number_priority"] and listed.get("number_priority") is None:
            return False  # not read by the listing
        return not powerpack_options.planned_changes(listed, params)
    except UNSURE:
        return False


def pool_in_sync(options, listed):
    """Whether the number_pool task would change nothing on the pool of the listed Powerpack."""
    if options is None:
        return True
    if listed is None or not listed.get("number_pool_uuid"):
        return False
    params = _validated(number_pool_options.ARGUMENT_SPEC, dict(options, number_pool_uuid=listed["number_pool_uuid"]))
    if params is None:
        return False
    try:
        desired = number_pool_options.check_options(params)
        kinds = number_pool_options.kinds_to_read(desired)
        pool = listed.get("number_pool") if kinds else {}
        if not isinstance(pool, Mapping) or any(pool.get(kind) is None for kind in kinds):
            return False  # a member list the listing did not read
        members = {kind: (pool.get(kind) or []) if kind in kinds else [] for kind in POOL_KINDS}
        plan = compute_plan(pool_state_from_api(members["numbers"], members["tollfree"], members["shortcodes"]), desired)
    except UNSURE:
        return False
    return not plan.changed and not plan.has_errors


def _plain(value):
    """A plain copy of templated data: ansible-core 2.19 hands filters lazy containers, which the argument spec
    validator would deep-copy together with their templating context (a quarter of a second for ten Powerpacks)."""
    if isinstance(value, Mapping):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def _check_input(powerpacks, defaults, listed):
    if not isinstance(powerpacks, list) or not all(isinstance(item, Mapping) and item.get("name") for item in powerpacks):
        raise FilterTypeError("powerpacks_plan expects plivo_powerpacks, a list of dicts that each have a name")
    if not isinstance(defaults, Mapping) or any(key not in defaults for key in DEFAULT_KEYS):
        raise FilterTypeError("powerpacks_plan expects the role defaults, a dict with the keys {}".format(", ".join(DEFAULT_KEYS)))
    if listed is not None and not (isinstance(listed, list) and all(isinstance(item, Mapping) for item in listed)):
        raise FilterTypeError("powerpacks_plan expects the powerpacks of a powerpack_info result, a list of dicts")


def powerpacks_plan(powerpacks, defaults, listed=None):
    """One entry per item of plivo_powerpacks: its tasks' options, and whether the listing shows them in sync."""
    _check_input(powerpacks, defaults, listed)
    powerpacks, defaults, listed = _plain(powerpacks), _plain(defaults), _plain(listed)
    by_name = {}
    for found in listed or []:
        by_name.setdefault(found.get("name"), []).append(found)
    plan = []
    for item in powerpacks:
        state = item.get("state") or defaults["state"]
        matches = by_name.get(item["name"], [])
        found = matches[0] if len(matches) == 1 else None
        powerpack = powerpack_options_of(item, state, defaults)
        pool = pool_options_of(item, state, defaults)
        plan.append(
            dict(
                name=item["name"],
                state=state,
                uuid=found.get("uuid") if found else None,
                number_pool_uuid=found.get("number_pool_uuid") if found else None,
                duplicates=sorted(str(match.get("uuid")) for match in matches) if len(matches) > 1 else [],
                powerpack=powerpack,
                number_pool=pool,
                reads_number_priority=bool(state == PRESENT and powerpack.get("number_priority")),
                read_kinds=_read_kinds(pool),
                powerpack_in_sync=listed is not None and len(matches) < 2 and powerpack_in_sync(powerpack, found),
                number_pool_in_sync=listed is not None and len(matches) < 2 and pool_in_sync(pool, found),
            )
        )
    return plan


class FilterModule:
    """The powerpacks_plan filter."""

    def filters(self):
        return {"powerpacks_plan": powerpacks_plan}
