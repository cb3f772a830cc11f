"""The control plane under ``/_sim/``: reset, state, request log, faults, connection counter, config.

No authentication, no rate limit, no latency, not logged. JSON in and out; errors are ``{"error": ...}``.
"""

from __future__ import annotations

import json

from .errors import SeedError
from .responses import json_response

CONTROL_PREFIX = "/_sim"


def is_control_path(path):
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


class ControlError(Exception):
    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)


def _json_body(raw, allow_empty=True):
    if not raw.strip():
        if allow_empty:
            return None
        raise ControlError(400, "a JSON body is required")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ControlError(400, f"the body is not valid JSON: {exc}") from exc


def _since(query):
    raw = query.get("since", "0")
    if not raw.isdigit():
        raise ControlError(400, "since must be a sequence number (a whole number >= 0)")
    return int(raw)


def _load(core, document, reset):
    if document is not None and not isinstance(document, dict):
        raise ControlError(400, "a seed or state must be a JSON object")
    try:
        if reset:
            core.reset(document)
        else:
            core.replace_account(document or {})
    except SeedError as exc:
        raise ControlError(400, f"invalid seed: {exc}") from exc
    return core.dump()


def _reset(core, query, raw):
    return 200, _load(core, _json_body(raw), reset=True)


def _get_state(core, query, raw):
    return 200, core.dump()


def _put_state(core, query, raw):
    return 200, _load(core, _json_body(raw, allow_empty=False), reset=False)


def _get_requests(core, query, raw):
    return 200, core.log.entries(_since(query))


def _clear_requests(core, query, raw):
    core.log.clear()
    return 200, {"cleared": True}


def _add_fault(core, query, raw):
    try:
        rule = core.faults.add(_json_body(raw, allow_empty=False))
    except ValueError as exc:
        raise ControlError(400, str(exc)) from exc
    return 200, rule.view()


def _get_faults(core, query, raw):
    return 200, core.faults.rules()


def _clear_faults(core, query, raw):
    core.faults.clear()
    return 200, {"cleared": True}


def _get_connections(core, query, raw):
    return 200, core.connections.snapshot()


def _reset_connections(core, query, raw):
    core.connections.reset()
    return 200, core.connections.snapshot()


def _get_config(core, query, raw):
    return 200, core.settings.as_dict()


ROUTES = {
    "reset": {"POST": _reset},
    "state": {"GET": _get_state, "PUT": _put_state},
    "requests": {"GET": _get_requests, "DELETE": _clear_requests},
    "faults": {"GET": _get_faults, "POST": _add_fault, "DELETE": _clear_faults},
    "connections": {"GET": _get_connections, "DELETE": _reset_connections},
    "config": {"GET": _get_config},
}


def handle_control(core, method, path, query, raw_body):
    name = path[len(CONTROL_PREFIX) :].strip("/")
    try:
        methods = ROUTES.get(name)
        if methods is None:
            raise ControlError(404, "unknown control endpoint {}; known: {}".format(path, ", ".join(sorted(ROUTES))))
        handler = methods.get(method)
        if handler is None:
            allowed = ", ".join(sorted(methods))
            raise ControlError(405, f"{method} {path} is not supported (allowed: {allowed})", [("Allow", allowed)])
        status, document = handler(core, query, raw_body)
        return json_response(status, document)
    except ControlError as exc:
        return json_response(exc.status, {"error": exc.message}, exc.headers)
