# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module shares (documented by the plivo.messaging.connection doc fragment)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ansible_collections.plivo.messaging.plugins.module_utils.client import DEFAULT_API_URL, PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError

AUTH_ID_PATTERN = re.compile(r"^(MA|SA)[A-Z0-9]{18}$")


def connection_argument_spec() -> dict[str, Any]:
    """A fresh copy of the argument spec of the connection options, to extend with a module's own."""
    return dict(
        auth_id=dict(type="str", fallback=(env_fallback, ["PLIVO_AUTH_ID"])),
        auth_token=dict(type="str", no_log=True, fallback=(env_fallback, ["PLIVO_AUTH_TOKEN"])),
        api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["PLIVO_API_URL"])),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="float", default=30),
        max_retries=dict(type="int", default=5),
        max_retry_delay=dict(type="float", default=30),
    )


def check_connection_params(params: dict[str, Any]) -> None:
    """Raise PlivoValidationError naming the option and the fix; called before any request."""
    auth_id = params.get("auth_id")
    if not auth_id:
        raise PlivoValidationError("auth_id is missing: set the auth_id option or the PLIVO_AUTH_ID environment variable")
    if not AUTH_ID_PATTERN.match(auth_id):
        # The value is not echoed: it might be the token, put in the wrong option.
        raise PlivoValidationError(
            "auth_id does not look like a Plivo auth ID (20 characters: MA or SA followed by 18 upper-case letters or digits); "
            "copy it from the Plivo console and check that auth_id and auth_token are not swapped"
        )
    if not params.get("auth_token"):
        raise PlivoValidationError("auth_token is missing: set the auth_token option or the PLIVO_AUTH_TOKEN environment variable")
    if not params.get("api_url"):
        # An empty PLIVO_API_URL (an unset variable in a template or a credential injector) means the default.
        params["api_url"] = DEFAULT_API_URL
    check_api_url(params["api_url"])
    if params.get("timeout") is None or params["timeout"] <= 0:
        raise PlivoValidationError("timeout must be a number of seconds greater than 0")
    if params.get("max_retries") is None or params["max_retries"] < 0:
        raise PlivoValidationError("max_retries must be 0 (never retry) or more")
    if params.get("max_retry_delay") is None or params["max_retry_delay"] < 0:
        raise PlivoValidationError("max_retry_delay must be 0 or more seconds")


def check_api_url(api_url: str) -> None:
    bad_url = PlivoValidationError(
        "api_url must be an http(s) URL such as https://api.plivo.com (or the URL of a test simulator); "
        "set the api_url option or the PLIVO_API_URL environment variable"
    )
    try:
        parts = urlsplit(api_url)
        port = parts.port
    except ValueError:  # an unbalanced IPv6 bracket, a port that is not a number or out of range
        raise bad_url from None
    if parts.scheme not in ("https", "http") or not parts.hostname or port == 0:
        raise bad_url
    if parts.username is not None or parts.password is not None:
        raise PlivoValidationError("api_url must not hold credentials: set auth_id and auth_token instead")
    if parts.query or parts.fragment:
        raise PlivoValidationError("api_url must not have a query string or fragment: give the scheme, host and optional port, e.g. https://api.plivo.com")


def client_from_params(params: dict[str, Any]) -> PlivoClient:
    """Check the connection options and build the client; sends nothing."""
    check_connection_params(params)
    return PlivoClient(
        auth_id=params["auth_id"],
        auth_token=params["auth_token"],
        api_url=params["api_url"],
        validate_certs=params["validate_certs"],
        timeout=params["timeout"],
        max_retries=params["max_retries"],
        max_retry_delay=params["max_retry_delay"],
    )
