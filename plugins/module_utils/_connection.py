# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module shares (doc fragment plivo.messaging.connection) and the concurrency options
of the modules that send requests side by side (doc fragment plivo.messaging.concurrency).

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ansible_collections.plivo.messaging.plugins.module_utils._client import DEFAULT_API_URL
from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import API_RATE_LIMIT

AUTH_ID_PATTERN = re.compile(r"^(MA|SA)[A-Z0-9]{18}$")
DEFAULT_MAX_WORKERS = 8


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


def concurrency_argument_spec() -> dict[str, Any]:
    return dict(
        max_workers=dict(type="int", default=DEFAULT_MAX_WORKERS),
        rate_limit=dict(type="int", default=API_RATE_LIMIT),
    )


def auth_id_looks_valid(value: Any) -> bool:
    return isinstance(value, str) and bool(AUTH_ID_PATTERN.match(value))


def connection_problems(params: dict[str, Any]) -> list[str]:
    """Every problem of the connection (and concurrency) options, each naming the option and the fix."""
    problems = []
    auth_id = params.get("auth_id")
    if not auth_id:
        problems.append("auth_id is missing: set the auth_id option or the PLIVO_AUTH_ID environment variable")
    elif not auth_id_looks_valid(auth_id):
        # The value is never echoed: it might be the token, put in the wrong option.
        problems.append(
            "auth_id does not look like a Plivo auth ID (20 characters: MA or SA followed by 18 upper-case letters or digits); "
            "copy it from the Plivo console and check that auth_id and auth_token are not swapped"
        )
    if not params.get("auth_token"):
        problems.append("auth_token is missing: set the auth_token option or the PLIVO_AUTH_TOKEN environment variable")
    if not params.get("api_url"):
        # An empty PLIVO_API_URL (an unset variable in a template or a credential injector) means the default.
        params["api_url"] = DEFAULT_API_URL
    problems.extend(api_url_problems(params["api_url"]))
    if params.get("timeout") is None or params["timeout"] <= 0:
        problems.append(f"timeout must be a number of seconds greater than 0, got {params.get('timeout')!r}")
    if params.get("max_retries") is None or params["max_retries"] < 0:
        problems.append(f"max_retries must be 0 (never retry) or more, got {params.get('max_retries')!r}")
    if params.get("max_retry_delay") is None or params["max_retry_delay"] < 0:
        problems.append(f"max_retry_delay must be 0 or more seconds, got {params.get('max_retry_delay')!r}")
    if "max_workers" in params and (params["max_workers"] is None or params["max_workers"] < 1):
        problems.append(f"max_workers must be 1 (one request at a time) or more, got {params.get('max_workers')!r}")
    if "rate_limit" in params and (params["rate_limit"] is None or params["rate_limit"] < 0):
        problems.append(f"rate_limit must be 0 (no limit of the module's own) or a number of requests per 5 seconds, got {params.get('rate_limit')!r}")
    return problems


def api_url_problems(api_url: str) -> list[str]:
    """The documented forms only: scheme, host and optional port (https://api.plivo.com, http://127.0.0.1:8010)."""
    fix = "give only the scheme, host and optional port, such as https://api.plivo.com (or the URL of a test simulator)"
    try:
        parts = urlsplit(api_url)
        port = parts.port
    except ValueError:  # an unbalanced IPv6 bracket, a port that is not a number or out of range
        return [f"api_url {api_url!r} is not a valid URL: {fix}"]
    if parts.scheme not in ("https", "http") or not parts.hostname or port == 0:
        return [f"api_url {api_url!r} is not an http(s) URL: {fix}"]
    if parts.username is not None or parts.password is not None:
        return ["api_url must not hold credentials: set auth_id and auth_token instead"]
    problems = []
    if parts.path not in ("", "/"):
        # Every request would go to {api_url}/v1/Account/..., and a path such as /v1 makes each one a 404.
        problems.append(f"api_url {api_url!r} has the path {parts.path!r}; the modules add /v1/Account/... themselves: {fix}")
    if parts.query or parts.fragment:
        problems.append(f"api_url {api_url!r} has a query string or fragment: {fix}")
    return problems


def client_from_params(params: dict[str, Any]) -> PlivoClient:
    """Check the connection options and build the client; sends nothing."""
    problems = connection_problems(params)
    if problems:
        raise PlivoValidationError(problems)
    return PlivoClient(
        auth_id=params["auth_id"],
        auth_token=params["auth_token"],
        api_url=params["api_url"],
        validate_certs=params["validate_certs"],
        timeout=params["timeout"],
        max_retries=params["max_retries"],
        max_retry_delay=params["max_retry_delay"],
        max_workers=params.get("max_workers") or 1,
        rate_limit=params.get("rate_limit", API_RATE_LIMIT),
    )
