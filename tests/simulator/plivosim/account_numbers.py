"""``GET /Number/{number}/``: whether the account rents a number (Plivo's Number API).

Outside the 17 Powerpack endpoints: pool items point at it with ``account_phone_number_resource``, and
clients use it to tell a rented number (200) from one the account does not rent (404) before adding it.
"""

from __future__ import annotations

from .request import not_found
from .request import ok
from .request import path_number
from .views import account_number_view


def get_account_number(request):
    number = path_number(request)
    account_number = request.account.numbers.get(number)
    if account_number is None:
        raise not_found(f"number {number} rented by this account")
    return ok(account_number_view(request.account, account_number, request.settings.account_number_type))
