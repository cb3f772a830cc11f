# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the number_pool module: their spec, their checks, and the member lists they need read.

Shared by the module and by the plivo.messaging.powerpacks_plan filter, which tells the powerpacks role which
pools already match, so both judge a pool with the same code.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils.identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import PhoneNumberError
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    ABSENT,
    KINDS,
    PRESENT,
    DesiredPool,
    PoolPlanError,
    desired_from_params,
)

ARGUMENT_SPEC = dict(
    powerpack=dict(type="str"),
    powerpack_uuid=dict(type="str"),
    number_pool_uuid=dict(type="str"),
    numbers=dict(type="list", elements="raw"),
    tollfree=dict(type="list", elements="str"),
    shortcodes=dict(type="list", elements="str"),
    state=dict(type="str", choices=[PRESENT, ABSENT], default=PRESENT),
    purge=dict(type="bool", default=False),
    rent=dict(type="bool", default=False),
    unrent=dict(type="bool", default=False),
)

NOTHING_CHANGED = "nothing was changed"

# The ways to name the pool, exactly one per task.
IDENTITY_OPTIONS = ("powerpack", "powerpack_uuid", "number_pool_uuid")


def check_options(params: dict[str, Any]) -> DesiredPool:
    """The desired pool, normalised; PlivoValidationError naming the option or entry before any request."""
    name = params["powerpack"]
    given = [option for option in IDENTITY_OPTIONS if params.get(option) is not None]
    if not given:
        raise PlivoValidationError("one of powerpack, powerpack_uuid and number_pool_uuid is required: give the Powerpack's name or uuid, or its pool's uuid")
    if len(given) > 1:
        raise PlivoValidationError("{} are mutually exclusive: give only one of them".format(" and ".join(given)))
    if name is not None and not name.strip():
        raise PlivoValidationError("powerpack must not be empty: give the Powerpack's name, or use powerpack_uuid")
    for option in ("powerpack_uuid", "number_pool_uuid"):
        if params.get(option) is not None:
            check_uuid(params[option], option)
    state = params["state"]
    if params["purge"] and state == ABSENT:
        raise PlivoValidationError("purge applies to state=present only; with state=absent the listed members are removed and the others kept: remove purge")
    if params["rent"] and state == ABSENT:
        raise PlivoValidationError("rent buys numbers to add them to the pool: it applies to state=present only; remove rent")
    if params["unrent"] and state == PRESENT and not params["purge"]:
        raise PlivoValidationError(
            "unrent releases the numbers the task removes, and with state=present and purge=false it removes none: "
            "use state=absent or purge=true, or remove unrent"
        )
    try:
        return desired_from_params(params)
    except (PhoneNumberError, PoolPlanError) as err:
        message = str(err)
    raise PlivoValidationError(message + "; " + NOTHING_CHANGED)


def kinds_to_read(desired: DesiredPool) -> tuple[str, ...]:
    """The member lists the task needs: a kind with listed members, or one set (even to []) with purge."""
    purging = desired.state == PRESENT and desired.purge
    return tuple(kind for kind in KINDS if kind in desired.given and (getattr(desired, kind) or purging))
