"""What an API handler receives and the small helpers every handler uses to answer."""

from __future__ import annotations

import uuid

from .errors import ApiError
from .numbering import is_long_number


class ApiRequest:
    """One parsed API request: the account to act on, the settings, query, JSON body and path parameters."""

    def __init__(self, method, account, settings, query, body, params, path):
        self.method = method
        self.account = account
        self.settings = settings
        self.query = query
        self.body = body
        self.params = params
        self.path = path


def new_api_id():
    return str(uuid.uuid4())


def ok(body):
    """A 200 answer carrying a fresh ``api_id`` in front of ``body``."""
    answer = {"api_id": new_api_id()}
    answer.update(body)
    return 200, answer


def deleted(settings):
    """The answer to a successful delete or remove: 200/202 with a body, or 204 without."""
    status = int(settings.delete_status)
    if status == 204:
        return 204, None
    return status, {"api_id": new_api_id(), "response": "success"}


def not_found(what):
    return ApiError(404, f"{what} not found")


def missing_member(settings, what):
    """Removing something that is not in the pool: 404 by default, else what ``--remove-missing`` says."""
    if settings.remove_missing == "ok":
        return None
    return ApiError(int(settings.remove_missing), f"{what} is not in this number pool")


def path_number(request, name="number"):
    """A phone number from the path: digits only (E.164 without ``+``), see ``--plus-in-number``."""
    number = request.params[name]
    if number.startswith("+"):
        if request.settings.plus_in_number != "strip":
            raise ApiError(400, f"{name} in the path must be digits only (E.164 without '+'), not {number!r}")
        number = number[1:]
    if not is_long_number(number):
        raise ApiError(400, f"{number!r} is not a valid phone number (8 to 15 digits, E.164 without '+')")
    return number


def powerpack_for_pool(request):
    powerpack = request.account.powerpack_by_pool(request.params["pool_uuid"])
    if powerpack is None:
        raise not_found("number pool {}".format(request.params["pool_uuid"]))
    return powerpack
