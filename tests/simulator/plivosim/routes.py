"""The route table (the 17 endpoints plus the account's Number resource) and path matching (zero, one or two trailing slashes)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from . import account_numbers
from . import pools
from . import powerpacks
from .errors import ApiError

ACCOUNT_PREFIX_RE = re.compile(r"^/v1/Account/(?P<auth_id>[^/]+)(?P<rest>/.*)?$")
MAX_TRAILING_SLASHES = 2

_POOL = r"/NumberPool/(?P<pool_uuid>[^/]+)"
ROUTES = [
    (r"/Powerpack", {"GET": powerpacks.list_powerpacks, "POST": powerpacks.create_powerpack}),
    (r"/Powerpack/(?P<powerpack_uuid>[^/]+)", {"GET": powerpacks.get_powerpack, "POST": powerpacks.update_powerpack, "DELETE": powerpacks.delete_powerpack}),
    (_POOL, {"GET": pools.get_pool}),
    (_POOL + r"/Number", {"GET": pools.list_numbers}),
    (_POOL + r"/Number/(?P<number>[^/]+)", {"GET": pools.find_number, "POST": pools.add_number, "DELETE": pools.remove_number}),
    (_POOL + r"/Shortcode", {"GET": pools.list_shortcodes}),
    (_POOL + r"/Shortcode/(?P<shortcode>[^/]+)", {"GET": pools.find_shortcode, "DELETE": pools.remove_shortcode}),
    (_POOL + r"/Tollfree", {"GET": pools.list_tollfree}),
    (_POOL + r"/Tollfree/(?P<number>[^/]+)", {"GET": pools.find_tollfree, "POST": pools.add_tollfree, "DELETE": pools.remove_tollfree}),
    # Outside the Powerpack reference: Plivo's Number API, read only, to tell whether the account rents a number.
    (r"/Number/(?P<number>[^/]+)", {"GET": account_numbers.get_account_number}),
]
_COMPILED = [(re.compile(f"^{pattern}$"), methods) for pattern, methods in ROUTES]


def split_account(path):
    """``(auth_id, rest)`` of a ``/v1/Account/{auth_id}/...`` path, or None for any other path."""
    match = ACCOUNT_PREFIX_RE.match(path)
    if match is None:
        return None
    return unquote(match.group("auth_id")), match.group("rest") or ""


def resolve(method, rest):
    """Find the handler for ``method`` and the path after the account prefix.

    Returns ``(handler, params)``; raises ApiError 404 for an unknown path and 405 (with ``Allow``)
    for a method the route does not support.
    """
    trimmed = rest.rstrip("/")
    if len(rest) - len(trimmed) > MAX_TRAILING_SLASHES:
        raise ApiError(404, "resource not found")
    for pattern, methods in _COMPILED:
        match = pattern.match(trimmed)
        if match is None:
            continue
        handler = methods.get(method)
        if handler is None:
            allowed = ", ".join(sorted(methods))
            raise ApiError(405, f"method {method} is not allowed here (allowed: {allowed})", headers=[("Allow", allowed)])
        params = {name: unquote(value) for name, value in match.groupdict().items()}
        return handler, params
    raise ApiError(404, "resource not found")
