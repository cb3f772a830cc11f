"""Run-time settings, including one switch per behaviour of the real API that is not documented."""

from __future__ import annotations

from .defaults import DEFAULT_AUTH_ID
from .defaults import DEFAULT_AUTH_TOKEN
from .defaults import DEFAULT_RATE_LIMIT
from .defaults import DEFAULT_RATE_WINDOW_SECONDS

# Each assumption: name -> (allowed values, default). The README explains every one of them.
ASSUMPTIONS = {
    "duplicate_name": (("error", "conflict", "allow"), "error"),
    "name_match": (("exact", "ignore-case"), "exact"),
    "add_existing": (("error", "ok"), "error"),
    "remove_missing": (("404", "400", "ok"), "404"),
    "priority_update": (("replace", "merge"), "replace"),
    "default_priorities": (("us-ca", "none"), "us-ca"),
    "delete_status": (("200", "202", "204"), "200"),
    "number_list_tollfree": (("exclude", "include"), "exclude"),
    "plus_in_number": (("reject", "strip"), "reject"),
    "tollfree_field": (("number", "tollfree", "both"), "number"),
}

# Each recorded answer shape: name -> (allowed values, default). The default is the documented shape (pool_object:
# the simulator's own); the other values are shapes recorded in Plivo's SDK test suites or, for pool_object, the
# docs' shape (the README names the source of each one).
SHAPES = {
    "number_priority_key": (("include", "omit"), "include"),
    "list_item_service": (("include", "omit"), "include"),
    "pool_uuid_key": (("number_pool_uuid", "numberpool_uuid", "both"), "number_pool_uuid"),
    "meta_links": (("null", "empty", "absent"), "null"),
    "account_number_type": (("fixed", "local"), "fixed"),
    "auth_error_api_id": (("include", "omit"), "include"),
    "pool_object": (("simulator", "docs", "both"), "simulator"),
}

# Every switch that takes one of a few named values; a profile may set any of them.
SWITCHES = dict(ASSUMPTIONS, **SHAPES)

# Named sets of switch values. "recorded" turns on every recorded shape at once (switches given explicitly win).
PROFILES = {
    "default": {},
    "recorded": {
        "number_priority_key": "omit",
        "list_item_service": "omit",
        "pool_uuid_key": "numberpool_uuid",
        "meta_links": "empty",
        "account_number_type": "local",
        "auth_error_api_id": "omit",
        "pool_object": "docs",
        "tollfree_field": "tollfree",
    },
}
DEFAULT_PROFILE = "default"

RETRY_AFTER_DEFAULT = "none"


def parse_retry_after(value):
    """``none``, ``auto`` (seconds until the window frees a slot) or a whole number of seconds."""
    text = str(value).strip().lower()
    if text in ("none", "auto"):
        return text
    if text.isdigit():
        return text
    raise ValueError(f"retry-after must be none, auto or a whole number of seconds, not {value!r}")


class Settings:
    """Everything that shapes the simulator's behaviour; one instance per server.

    ``profile`` (a name of ``PROFILES``) sets several switches at once; a switch given as a keyword wins over it.
    """

    def __init__(self, profile=DEFAULT_PROFILE, **overrides):
        if profile not in PROFILES:
            raise ValueError("profile must be one of {}, not {!r}".format(", ".join(PROFILES), profile))
        self.profile = profile
        self.auth_id = DEFAULT_AUTH_ID
        self.auth_token = DEFAULT_AUTH_TOKEN
        self.latency_ms = 0
        self.rate_limit = DEFAULT_RATE_LIMIT
        self.rate_window = DEFAULT_RATE_WINDOW_SECONDS
        self.retry_after = RETRY_AFTER_DEFAULT
        for name, (_choices, default) in SWITCHES.items():
            setattr(self, name, default)
        for name, value in PROFILES[profile].items():
            setattr(self, name, value)
        for name, value in overrides.items():
            if not hasattr(self, name):
                raise TypeError(f"unknown setting {name!r}")
            setattr(self, name, value)
        self.validate()

    def validate(self):
        for name, (choices, _default) in SWITCHES.items():
            if getattr(self, name) not in choices:
                raise ValueError("{} must be one of {}".format(name, ", ".join(choices)))
        self.retry_after = parse_retry_after(self.retry_after)
        if self.latency_ms < 0 or self.rate_limit < 0 or self.rate_window <= 0:
            raise ValueError("latency and rate limit must not be negative, the rate window must be positive")

    def as_dict(self):
        """Public view for ``GET /_sim/config``; the token is not shown."""
        view = {
            "profile": self.profile,
            "auth_id": self.auth_id,
            "latency_ms": self.latency_ms,
            "rate_limit": self.rate_limit,
            "rate_window": self.rate_window,
            "retry_after": self.retry_after,
        }
        for name in SWITCHES:
            view[name] = getattr(self, name)
        return view
