"""An HTTP answer independent of the server: status, headers and body bytes."""

from __future__ import annotations

import json


class Response:
    def __init__(self, status, headers=(), body=b""):
        self.status = status
        self.headers = list(headers)
        self.body = body


def json_response(status, document, headers=()):
    if document is None:
        return Response(status, headers, b"")
    body = json.dumps(document).encode("utf-8")
    return Response(status, [("Content-Type", "application/json"), *list(headers)], body)
