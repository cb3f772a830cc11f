"""Parameter checks shared by the API handlers and the seed loader; failures raise ApiError(400)."""

from __future__ import annotations

import re

from .errors import ApiError
from .numbering import is_country

DIGITS_RE = re.compile(r"^[0-9]+$")

PRIORITY_VALUES = frozenset(("longcode", "shortcode", "tollfree"))
PRIORITY_KEYS = ("priority1", "priority2", "priority3")
SERVICES = ("sms", "mms")
APPLICATION_TYPES = ("xml", "phlo")
DETACH_VALUES = ("none", "")


def bad_request(message):
    return ApiError(400, message)


def parse_bool(value, field):
    """A JSON boolean or the strings ``"true"``/``"false"`` (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad_request(f"{field} must be a boolean (true or false), not {_describe(value)}")


def optional_bool(body, field, default):
    if field not in body or body[field] is None:
        return default
    return parse_bool(body[field], field)


def parse_name(value):
    if not isinstance(value, str) or not value.strip():
        raise bad_request("name must be a non-empty string")
    return value


def parse_service(value, field="service"):
    if isinstance(value, str) and value.lower() in SERVICES:
        return value.lower()
    raise bad_request(f"{field} must be sms or mms, not {_describe(value)}")


def parse_application_type(value):
    if isinstance(value, str) and value.lower() in APPLICATION_TYPES:
        return value.upper()
    raise bad_request(f"application_type must be xml or phlo, not {_describe(value)}")


def parse_application_id(value):
    """The id as a string; ``""`` means detach (the API's ``"none"``)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise bad_request(f"application_id must be a string, not {_describe(value)}")
    text = str(value).strip()
    if text.lower() in DETACH_VALUES:
        return ""
    if not DIGITS_RE.match(text):
        raise bad_request(f'application_id must be an application id (digits) or "none", not {_describe(value)}')
    return text


def parse_country(value, field):
    if not is_country(value):
        raise bad_request(f"{field} must be a two-letter ISO country code, not {_describe(value)}")
    return value.upper()


def parse_number_priority(value):
    """Validate a ``number_priority`` list; returns it normalised (upper-case country and service type)."""
    if not isinstance(value, list):
        raise bad_request(f"number_priority must be a list, not {_describe(value)}")
    result = []
    seen = set()
    for index, item in enumerate(value):
        where = f"number_priority[{index:d}]"
        if not isinstance(item, dict):
            raise bad_request(f"{where} must be an object with country_iso, service_type and priority")
        for required in ("country_iso", "service_type", "priority"):
            if required not in item:
                raise bad_request(f"{where} lacks {required}")
        country = parse_country(item["country_iso"], where + ".country_iso")
        service = parse_service(item["service_type"], where + ".service_type").upper()
        key = (country, service)
        if key in seen:
            raise bad_request("number_priority has more than one entry for {} {}".format(*key))
        seen.add(key)
        result.append({"country_iso": country, "service_type": service, "priority": _parse_priority(item["priority"], where)})
    return result


def _parse_priority(value, where):
    if not isinstance(value, dict):
        raise bad_request(f"{where}.priority must be an object with priority1, priority2 and priority3")
    values = []
    for key in PRIORITY_KEYS:
        item = value.get(key)
        if not isinstance(item, str) or item not in PRIORITY_VALUES:
            raise bad_request(f"{where}.priority.{key} must be one of longcode, shortcode, tollfree, not {_describe(item)}")
        values.append(item)
    if len(set(values)) != len(values):
        raise bad_request(f"{where}.priority must name longcode, shortcode and tollfree once each")
    return dict(zip(PRIORITY_KEYS, values))


def parse_non_negative_int(value, field):
    text = str(value).strip()
    if not DIGITS_RE.match(text):
        raise bad_request(f"{field} must be a whole number >= 0, not {_describe(value)}")
    return int(text)


def _describe(value):
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    return type(value).__name__ if isinstance(value, (dict, list)) else repr(value)
