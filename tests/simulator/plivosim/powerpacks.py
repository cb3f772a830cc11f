"""Endpoints 1-5: list, get, create, update and delete Powerpacks."""

from __future__ import annotations

from .errors import ApiError
from .model import Powerpack
from .model import initial_priorities
from .pagination import page
from .request import deleted
from .request import not_found
from .request import ok
from .validation import optional_bool
from .validation import parse_application_id
from .validation import parse_application_type
from .validation import parse_name
from .validation import parse_number_priority
from .views import account_path
from .views import powerpack_view


def list_powerpacks(request):
    account = request.account
    items = list(account.powerpacks.values())
    path = account_path(account) + "Powerpack/"
    body = page(items, request, path, lambda pp: powerpack_view(account, pp, detailed=False))
    return ok(body)


def get_powerpack(request):
    return ok(_view(request, _powerpack(request)))


def create_powerpack(request):
    body = request.body
    if "name" not in body or body["name"] is None:
        raise ApiError(400, "name is required")
    name = parse_name(body["name"])
    _check_name_free(request, name, None)
    powerpack = Powerpack(name)
    powerpack.sticky_sender = optional_bool(body, "sticky_sender", True)
    powerpack.local_connect = optional_bool(body, "local_connect", True)
    application = _application_change(request)
    if body.get("number_priority") is not None:
        powerpack.number_priority = parse_number_priority(body["number_priority"])
    else:
        powerpack.number_priority = initial_priorities(request.settings.default_priorities)
    if application is not None:
        powerpack.application_type, powerpack.application_id = application
    request.account.add_powerpack(powerpack)
    return ok(_view(request, powerpack))


def update_powerpack(request):
    powerpack = _powerpack(request)
    body = request.body
    # Validate everything before changing anything, so a 400 leaves the Powerpack as it was.
    name = None
    if body.get("name") is not None:
        name = parse_name(body["name"])
        _check_name_free(request, name, powerpack)
    sticky_sender = optional_bool(body, "sticky_sender", powerpack.sticky_sender)
    local_connect = optional_bool(body, "local_connect", powerpack.local_connect)
    application = _application_change(request)
    priorities = None
    if body.get("number_priority") is not None:
        priorities = parse_number_priority(body["number_priority"])

    if name is not None:
        powerpack.name = name
    powerpack.sticky_sender = sticky_sender
    powerpack.local_connect = local_connect
    if application is not None:
        powerpack.application_type, powerpack.application_id = application
    if priorities is not None:
        if request.settings.priority_update == "merge":
            priorities = _merge_priorities(powerpack.number_priority, priorities)
        powerpack.number_priority = priorities
    return ok(_view(request, powerpack))


def delete_powerpack(request):
    powerpack = _powerpack(request)
    unrent = optional_bool(request.body, "unrent_numbers", False)
    request.account.delete_powerpack(powerpack, unrent_numbers=unrent)
    return deleted(request.settings)


def _view(request, powerpack):
    """A get, create or update answer (``--number-priority-key`` decides whether it shows ``number_priority``)."""
    return powerpack_view(request.account, powerpack, priority_key=request.settings.number_priority_key)


def _powerpack(request):
    powerpack = request.account.powerpacks.get(request.params["powerpack_uuid"])
    if powerpack is None:
        raise not_found("Powerpack {}".format(request.params["powerpack_uuid"]))
    return powerpack


def _check_name_free(request, name, renamed):
    """Enforce the documented name uniqueness as ``--duplicate-name`` and ``--name-match`` configure it."""
    mode = request.settings.duplicate_name
    if mode == "allow":
        return
    others = [pp for pp in request.account.powerpacks_named(name, request.settings.name_match == "ignore-case") if pp is not renamed]
    if others:
        status = 409 if mode == "conflict" else 400
        raise ApiError(status, f"a Powerpack named {others[0].name!r} already exists in this account (uuid {others[0].uuid})")


def _application_change(request):
    """``(type, id)`` to set, ``("", "")`` to detach, or None when the body does not touch the application."""
    body = request.body
    app_type = None
    if body.get("application_type") not in (None, ""):
        app_type = parse_application_type(body["application_type"])
    if "application_id" not in body or body["application_id"] is None:
        # A type without an id changes nothing (the API reads the type from the attached application).
        return None
    app_id = parse_application_id(body["application_id"])
    if not app_id:
        return "", ""
    if app_type is None:
        raise ApiError(400, "application_type (xml or phlo) is required when application_id is given")
    application = request.account.applications.get(app_id)
    if application is None or application.app_type != app_type:
        raise ApiError(400, f"no {app_type.lower()} application with id {app_id} in this account")
    return app_type, app_id


def _merge_priorities(current, changes):
    """Replace the entries of ``current`` whose (country, service) key appears in ``changes``, append the rest."""
    by_key = {(entry["country_iso"], entry["service_type"]): entry for entry in changes}
    merged = []
    for entry in current:
        key = (entry["country_iso"], entry["service_type"])
        merged.append(by_key.pop(key, entry))
    merged.extend(entry for entry in changes if (entry["country_iso"], entry["service_type"]) in by_key)
    return merged
