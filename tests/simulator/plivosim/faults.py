"""Injected faults: error answers, slow answers, dropped connections, answers lost after the change.

A rule matches a request by method and by a regular expression searched (``re.search``) in the full
request path without the query string, e.g. ``/v1/Account/MA.../Powerpack/``. The first matching rule
(in the order they were added) applies and uses up one of its ``times``.
"""

from __future__ import annotations

import json
import re
import threading
import uuid

RULE_KEYS = ("method", "path", "times", "status", "body", "content_type", "retry_after", "headers", "delay_ms", "drop", "after_apply")
ANSWER_KEYS = ("status", "body", "content_type", "retry_after", "headers")

KIND_STATUS = "status"
KIND_DROP = "drop"
KIND_DELAY = "delay"


class FaultRule:
    def __init__(self, spec, rule_id):
        self.id = rule_id
        self.spec = spec
        self.method = str(spec.get("method", "*")).upper()
        self.path_re = re.compile(spec.get("path", ""))
        self.remaining = spec.get("times", 1)
        self.delay_ms = spec.get("delay_ms", 0)
        self.after_apply = spec.get("after_apply", False)
        if spec.get("drop", False):
            self.kind = KIND_DROP
        elif any(key in spec for key in ANSWER_KEYS):
            self.kind = KIND_STATUS
        else:
            self.kind = KIND_DELAY
        self.status = spec.get("status", 503)

    def matches(self, method, path):
        return self.method in ("*", method.upper()) and self.path_re.search(path) is not None

    def answer(self, api_id):
        """``(status, headers, body bytes)`` of a status fault."""
        body = self.spec.get("body")
        if body is None:
            payload = json.dumps({"api_id": api_id, "error": f"simulated fault (HTTP {self.status:d})"}).encode("utf-8")
            content_type = "application/json"
        elif isinstance(body, str):
            payload = body.encode("utf-8")
            content_type = "text/plain; charset=utf-8"
        else:
            payload = json.dumps(body).encode("utf-8")
            content_type = "application/json"
        headers = [("Content-Type", self.spec.get("content_type", content_type))]
        if self.spec.get("retry_after") is not None:
            headers.append(("Retry-After", str(self.spec["retry_after"])))
        headers.extend((str(name), str(value)) for name, value in (self.spec.get("headers") or {}).items())
        return self.status, headers, payload

    def view(self):
        view = dict(self.spec)
        view.update(id=self.id, kind=self.kind, remaining=self.remaining)
        return view


def validate_rule(spec):
    """Raise ValueError with a readable message when ``spec`` is not a usable rule."""
    if not isinstance(spec, dict):
        raise ValueError("a fault rule is a JSON object")
    unknown = sorted(set(spec) - set(RULE_KEYS))
    if unknown:
        raise ValueError("unknown fault rule key(s) {}; allowed: {}".format(", ".join(unknown), ", ".join(RULE_KEYS)))
    if not isinstance(spec.get("method", "*"), str):
        raise ValueError("method must be a string such as POST or *")
    try:
        re.compile(spec.get("path", ""))
    except (re.error, TypeError) as exc:
        raise ValueError(f"path must be a regular expression: {exc}") from exc
    times = spec.get("times", 1)
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a whole number >= 1, or null for unlimited")
    status = spec.get("status", 503)
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError("status must be an HTTP status code (100-599)")
    delay = spec.get("delay_ms", 0)
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
        raise ValueError("delay_ms must be a number >= 0")
    for flag in ("drop", "after_apply"):
        if not isinstance(spec.get(flag, False), bool):
            raise ValueError(f"{flag} must be true or false")
    if spec.get("headers") is not None and not isinstance(spec["headers"], dict):
        raise ValueError("headers must be an object")
    if spec.get("content_type") is not None and not isinstance(spec["content_type"], str):
        raise ValueError("content_type must be a string")
    if not spec.get("drop") and not delay and not any(key in spec for key in ANSWER_KEYS):
        raise ValueError("a fault needs at least one of status, body, drop or delay_ms")


class FaultRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, spec):
        validate_rule(spec)
        rule = FaultRule(dict(spec), str(uuid.uuid4()))
        with self._lock:
            self._rules.append(rule)
        return rule

    def take(self, method, path):
        """The first rule matching the request, with one use consumed; None when no rule matches."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining <= 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def rules(self):
        with self._lock:
            return [rule.view() for rule in self._rules]

    def clear(self):
        with self._lock:
            self._rules = []
