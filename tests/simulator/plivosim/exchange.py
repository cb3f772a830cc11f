"""One API request from its arrival to its answer, whatever carries it (the HTTP server or the in-process adapter).

Latency, fault rules, the real handler and the request log are applied here, in this order, so that a client sees
the same answers over a socket (``server.py``) and in-process (``inprocess.py``).
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from urllib.parse import parse_qs

from .faults import KIND_DELAY
from .faults import KIND_DROP
from .request import new_api_id
from .requestlog import redact
from .responses import Response
from .responses import json_response


def parse_query(query_string):
    """The query as a dict: one value per name (the last one when a name repeats)."""
    return {name: values[-1] for name, values in parse_qs(query_string, keep_blank_values=True).items()}


def loggable_body(raw_body):
    """The JSON body for the request log, secrets redacted; None when empty or not JSON."""
    if not raw_body.strip():
        return None
    try:
        return redact(json.loads(raw_body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        return None


class DroppedConnection(Exception):
    """A fault closes the connection without answering."""


def serve_api(core, method, path, query, headers, raw_body, connection_id, started=None, sleep=time.sleep):
    """Answer one API request: the Response to send, or None when a fault drops the connection.

    The request is logged before this returns, so a client that reads the log right after its answer finds the
    entry. ``started`` is when the request arrived (``time.monotonic()``, default now); ``sleep`` is called for the
    latency (``--latency-ms``) and fault delays, or not at all when it is None.
    """
    if started is None:
        started = time.monotonic()
    entry = {
        "method": method,
        "path": path,
        "query": query,
        "body": loggable_body(raw_body),
        "status": None,
        "applied_status": None,
        "fault": None,
        "connection_id": connection_id,
    }
    try:
        response = _answer(core, method, path, query, headers, raw_body, entry, sleep)
    except DroppedConnection:
        response = None
    entry["status"] = response.status if response is not None else 0
    entry["duration_ms"] = round((time.monotonic() - started) * 1000.0, 3)
    core.log.append(entry)
    return response


def _answer(core, method, path, query, headers, raw_body, entry, sleep):
    if core.settings.latency_ms and sleep is not None:
        sleep(core.settings.latency_ms / 1000.0)
    rule = core.faults.take(method, path)
    if rule is not None:
        entry["fault"] = rule.kind
    if rule is not None and not rule.after_apply:
        _fault_delay(rule, sleep)
        if rule.kind != KIND_DELAY:
            return _fault_answer(rule)
    response = _handle(core, method, path, query, headers, raw_body)
    entry["applied_status"] = response.status
    if rule is not None and rule.after_apply:
        _fault_delay(rule, sleep)
        if rule.kind != KIND_DELAY:
            return _fault_answer(rule)
    return response


def _handle(core, method, path, query, headers, raw_body):
    try:
        return core.handle_api(method, path, query, headers, raw_body)
    except Exception:  # a simulator bug: answer 500 instead of killing the connection
        traceback.print_exc(file=sys.stderr)
        return json_response(500, {"api_id": new_api_id(), "error": "internal simulator error"})


def _fault_delay(rule, sleep):
    if rule.delay_ms and sleep is not None:
        sleep(rule.delay_ms / 1000.0)


def _fault_answer(rule):
    if rule.kind == KIND_DROP:
        raise DroppedConnection()
    status, headers, payload = rule.answer(new_api_id())
    return Response(status, headers, payload)
