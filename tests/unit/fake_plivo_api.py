# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-process fakes of the Plivo API, mounted on the client's requests.Session as transport adapters.

The client's real code path runs (session, adapter, response parsing); only the network is replaced.
- ScriptedTransport answers requests from a script, in order, and records them.
- FakePlivoApi keeps Powerpacks in memory and answers the Powerpack endpoints (1-5) like the API, with
  injectable faults (a reply or an exception, optionally after applying the request: a lost answer).
  It also keeps each Powerpack's number pool and the numbers the account rents, and answers the pool
  endpoints (6-17) and GET Number/{number}/ (200 when the account rents the number, 404 otherwise)
  with the account rules of the simulator (tests/simulator/README.md): rent guard, one pool per
  number, no adding short codes, toll-free only through the Tollfree endpoints, unrent releases.
"""

from __future__ import annotations

import collections
import http.client
import io
import json
import pathlib
import re
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

AUTH_ID = "MAODZKMDFJMJU3MTEYNG"
AUTH_TOKEN = "Zk9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkw"
API_URL = "https://api.plivo.test"
BASE_URL = f"{API_URL}/v1/Account/{AUTH_ID}/"


class Sent:
    """One request as it left the client."""

    def __init__(self, request: requests.PreparedRequest, timeout: Any, verify: Any) -> None:
        self.method = request.method
        self.url = request.url
        parts = urlsplit(request.url)
        self.raw_path = parts.path
        prefix = urlsplit(BASE_URL).path
        self.path = parts.path[len(prefix) :] if parts.path.startswith(prefix) else parts.path
        self.query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        body = request.body
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        self.body = json.loads(body) if body else None
        self.headers = dict(request.headers)
        self.timeout = timeout
        self.verify = verify

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} {self.body if self.body is not None else self.query}>"


class Reply:
    """A scripted answer."""

    def __init__(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None, text: str | None = None) -> None:
        self.status = status
        self.headers = dict(headers or {})
        if text is not None:
            self.content = text.encode("utf-8")
        elif body is not None:
            self.content = json.dumps(body).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        else:
            self.content = b""


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None, text: str | None = None) -> Reply:
    return Reply(status, body, headers, text)


def connection_refused() -> requests.exceptions.ConnectionError:
    connection = urllib3.connection.HTTPSConnection("api.plivo.test")  # not connected: only its repr shows in the message
    reason = urllib3.exceptions.NewConnectionError(connection, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/v1/", reason))


def connection_dropped() -> requests.exceptions.ConnectionError:
    reason = urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))
    return requests.exceptions.ConnectionError(reason)


def read_timeout() -> requests.exceptions.ReadTimeout:
    return requests.exceptions.ReadTimeout("HTTPSConnectionPool(host='api.plivo.test', port=443): Read timed out. (read timeout=30)")


def connect_timeout() -> requests.exceptions.ConnectTimeout:
    return requests.exceptions.ConnectTimeout("HTTPSConnectionPool(host='api.plivo.test', port=443): connect timed out")


class _RecordingAdapter(HTTPAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Sent] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # pylint: disable=arguments-differ
        sent = Sent(request, timeout, verify)
        self.sent.append(sent)
        outcome = self.answer(sent)
        if isinstance(outcome, BaseException):
            raise outcome
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(outcome.content),
            headers=outcome.headers,
            status=outcome.status,
            reason=http.client.responses.get(outcome.status, ""),
            preload_content=False,
            decode_content=False,
        )
        return self.build_response(request, raw)

    def answer(self, sent: Sent) -> Any:
        raise NotImplementedError

    def session(self) -> requests.Session:
        """A session with this adapter for every URL."""
        session = requests.Session()
        session.mount("https://", self)
        session.mount("http://", self)
        return session

    def writes(self) -> list[Sent]:
        return [sent for sent in self.sent if sent.method != "GET"]


class ScriptedTransport(_RecordingAdapter):
    """Answers each request with the next scripted Reply or exception (or callable(sent) giving one)."""

    def __init__(self, *script: Any) -> None:
        super().__init__()
        self.script = collections.deque(script)
        self.sessions: list[requests.Session] = []  # filled by scripted_client

    def answer(self, sent: Sent) -> Any:
        if not self.script:
            raise AssertionError(f"unexpected request: {sent!r}")
        outcome = self.script.popleft()
        return outcome(sent) if callable(outcome) else outcome


def priority_entry(country: str, service: str, first: str, second: str, third: str) -> dict[str, Any]:
    """An API-shaped number_priority entry."""
    return {"country_iso": country, "service_type": service, "priority": {"priority1": first, "priority2": second, "priority3": third}}


# What one documentation example shows on a new Powerpack; the real defaults are unknown.
DEFAULT_NUMBER_PRIORITY = [
    priority_entry("US", "SMS", "shortcode", "tollfree", "longcode"),
    priority_entry("US", "MMS", "shortcode", "tollfree", "longcode"),
    priority_entry("CA", "SMS", "shortcode", "longcode", "tollfree"),
    priority_entry("CA", "MMS", "shortcode", "longcode", "tollfree"),
]


class Fault:
    def __init__(self, method: str, path: str, outcome: Any, apply: bool, times: int) -> None:
        self.method = method
        self.path = re.compile(path)
        self.outcome = outcome
        self.apply = apply
        self.times = times


TOLLFREE_AREA_CODES = ("800", "833", "844", "855", "866", "877", "888")
POOL_KINDS = {"Number": "numbers", "Tollfree": "tollfree", "Shortcode": "shortcodes"}


def is_tollfree(number: str) -> bool:
    return len(number) == 11 and number.startswith("1") and number[1:4] in TOLLFREE_AREA_CODES


def _error(status: int, message: str) -> Reply:
    return reply(status, {"api_id": "fake", "error": message})


class FakePlivoApi(_RecordingAdapter):
    """The Powerpack and number pool endpoints over an in-memory account.

    number_priority_update: "replace" (an update's list replaces the stored one) or "merge" (per key); the real
    behaviour is unknown, and the modules must give the same result with both.
    """

    def __init__(self, number_priority_update: str = "replace", default_number_priority: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.powerpacks: collections.OrderedDict[str, dict[str, Any]] = collections.OrderedDict()
        self.number_priority_update = number_priority_update
        self.default_number_priority = list(DEFAULT_NUMBER_PRIORITY if default_number_priority is None else default_number_priority)
        self.faults: list[Fault] = []
        self.sleeps: list[float] = []
        self._serial = 0
        # number -> number_type ("fixed", "mobile" or "tollfree"): the numbers the account rents
        self.rented: dict[str, str] = {}
        self.shortcodes: set[str] = set()
        self.unavailable: set[str] = set()
        # pool uuid -> {"numbers"|"tollfree"|"shortcodes": {member: service}}, members in the order they were added
        self.pools: dict[str, dict[str, dict[str, str]]] = {}

    # --- test set-up -------------------------------------------------------------------------------

    def add_powerpack(self, name: str, **fields: Any) -> dict[str, Any]:
        """Store a Powerpack (API shape) and return it."""
        self._serial += 1
        uuid = fields.pop("uuid", f"{self._serial:08d}-0000-4000-8000-000000000000")
        powerpack = {
            "uuid": uuid,
            "name": name,
            "sticky_sender": True,
            "local_connect": True,
            "application_type": "",
            "application_id": "",
            "number_pool": f"/v1/Account/{AUTH_ID}/NumberPool/{self._serial:08d}-1111-4111-8111-111111111111/",
            "number_priority": [dict(entry) for entry in self.default_number_priority],
            "created_on": f"2025-01-{1 + self._serial % 28:02d}T08:50:09.510692Z",
        }
        powerpack.update(fields)
        self.powerpacks[uuid] = powerpack
        self.pools[self.pool_uuid(powerpack)] = {"numbers": {}, "tollfree": {}, "shortcodes": {}}
        return powerpack

    @staticmethod
    def pool_uuid(powerpack: dict[str, Any]) -> str:
        return powerpack["number_pool"].split("/")[5]

    def rent(self, *numbers: str, number_type: str | None = None) -> None:
        """Let the account rent numbers (toll-free ones are recognised by their area code)."""
        for number in numbers:
            self.rented[number] = number_type or ("tollfree" if is_tollfree(number) else "fixed")

    def put_in_pool(self, powerpack: dict[str, Any], numbers: Any = (), tollfree: Any = (), shortcodes: Any = ()) -> None:
        """Put members into a Powerpack's pool (renting the numbers); numbers are strings or (number, service) pairs."""
        pool = self.pools[self.pool_uuid(powerpack)]
        for entry in numbers:
            number, service = (entry, "sms") if isinstance(entry, str) else entry
            self.rented.setdefault(number, "fixed")
            pool["numbers"][number] = service
        for number in tollfree:
            self.rented[number] = "tollfree"
            pool["tollfree"][number] = "sms"
        for code in shortcodes:
            self.shortcodes.add(code)
            pool["shortcodes"][code] = "sms"

    def members(self, powerpack: dict[str, Any]) -> dict[str, Any]:
        """The pool of a Powerpack: {"numbers": {number: service}, "tollfree": [...], "shortcodes": [...]}, sorted."""
        pool = self.pools[self.pool_uuid(powerpack)]
        return {
            "numbers": dict(sorted(pool["numbers"].items())),
            "tollfree": sorted(pool["tollfree"]),
            "shortcodes": sorted(pool["shortcodes"]),
        }

    def holder(self, member: str) -> str | None:
        """The uuid of the pool holding member, if any."""
        for pool_uuid, pool in self.pools.items():
            if any(member in members for members in pool.values()):
                return pool_uuid
        return None

    def powerpack_of_pool(self, pool_uuid: str) -> dict[str, Any]:
        return next(item for item in self.powerpacks.values() if self.pool_uuid(item) == pool_uuid)

    def fail(self, method: str, path: str, outcome: Any, apply: bool = False, times: int = 1) -> None:
        """Answer the next `times` requests matching method and path (a regex on the account-relative path)
        with outcome (a Reply, an exception, or a callable(sent) giving one); with apply, the request takes
        effect first (a lost answer)."""
        self.faults.append(Fault(method, path, outcome, apply, times))

    # --- transport ---------------------------------------------------------------------------------

    def answer(self, sent: Sent) -> Any:
        for fault in self.faults:
            if fault.times > 0 and fault.method == sent.method and fault.path.fullmatch(sent.path):
                fault.times -= 1
                if fault.apply:
                    self.route(sent)
                return fault.outcome(sent) if callable(fault.outcome) else fault.outcome
        return self.route(sent)

    def route(self, sent: Sent) -> Reply:
        if sent.path.startswith("NumberPool/"):
            return self.route_pool(sent)
        match = re.fullmatch(r"Number/([^/]+)/", sent.path)
        if match:
            return self.get_account_number(sent, match.group(1))
        match = re.fullmatch(r"Powerpack/(?:([^/]+)/)?", sent.path)
        if not match:
            return reply(404, {"api_id": "fake", "error": "not found"})
        uuid = match.group(1)
        if uuid is None:
            handler = {"GET": self.list_powerpacks, "POST": self.create_powerpack}.get(sent.method)
            return handler(sent) if handler else reply(405, {"api_id": "fake", "error": "method not allowed"})
        if uuid not in self.powerpacks:
            return reply(404, {"api_id": "fake", "error": "Powerpack not found"})
        handler = {"GET": self.get_powerpack, "POST": self.update_powerpack, "DELETE": self.delete_powerpack}.get(sent.method)
        return handler(sent, uuid) if handler else reply(405, {"api_id": "fake", "error": "method not allowed"})

    def list_powerpacks(self, sent: Sent) -> Reply:
        limit = int(sent.query.get("limit", 20))
        offset = int(sent.query.get("offset", 0))
        if not 1 <= limit <= 20 or offset < 0:
            return reply(400, {"api_id": "fake", "error": "invalid limit or offset"})
        items = list(self.powerpacks.values())
        page = [{key: value for key, value in item.items() if key != "number_priority"} for item in items[offset : offset + limit]]
        meta = {"limit": limit, "offset": offset, "total_count": len(items), "next": None, "previous": None}
        return reply(200, {"api_id": "fake-list", "meta": meta, "objects": page})

    def get_powerpack(self, sent: Sent, uuid: str) -> Reply:
        return reply(200, dict(self.powerpacks[uuid], api_id="fake-get"))

    def create_powerpack(self, sent: Sent) -> Reply:
        body = sent.body or {}
        if not body.get("name"):
            return reply(400, {"api_id": "fake", "error": "name is required"})
        if any(item["name"] == body["name"] for item in self.powerpacks.values()):
            return reply(400, {"api_id": "fake", "error": "Powerpack with this name already exists"})
        powerpack = self.add_powerpack(body["name"])
        self.apply_fields(powerpack, body)
        return reply(200, dict(powerpack, api_id="fake-create"))

    def update_powerpack(self, sent: Sent, uuid: str) -> Reply:
        self.apply_fields(self.powerpacks[uuid], sent.body or {})
        return reply(200, dict(self.powerpacks[uuid], api_id="fake-update"))

    def delete_powerpack(self, sent: Sent, uuid: str) -> Reply:
        pool = self.pools.pop(self.pool_uuid(self.powerpacks.pop(uuid)))
        if (sent.body or {}).get("unrent_numbers") is True:
            for number in list(pool["numbers"]) + list(pool["tollfree"]):
                self.rented.pop(number, None)
        return reply(200, {"api_id": "fake-delete", "response": "success"})

    # --- the account's Number resource and the number pool endpoints (6-17) -------------------------

    def get_account_number(self, sent: Sent, number: str) -> Reply:
        if sent.method != "GET":
            return _error(405, "method not allowed")
        if number not in self.rented:
            return _error(404, f"number {number} is not rented by this account")
        resource = f"/v1/Account/{AUTH_ID}/Number/{number}/"
        return reply(
            200,
            {
                "api_id": "fake-number",
                "number": number,
                "number_type": self.rented[number],
                "country_iso2": "US",
                "added_on": "2025-01-01T00:00:00.000000Z",
                "resource_uri": resource,
            },
        )

    def route_pool(self, sent: Sent) -> Reply:
        match = re.fullmatch(r"NumberPool/([^/]+)/(?:(Number|Tollfree|Shortcode)/(?:([^/]+)/)?)?", sent.path)
        if not match:
            return _error(404, "not found")
        pool_uuid, resource, member = match.groups()
        if pool_uuid not in self.pools:
            return _error(404, "number pool not found")
        if resource is None:
            return _error(405, "method not allowed")
        kind = POOL_KINDS[resource]
        if member is None:
            return self.list_members(sent, pool_uuid, kind) if sent.method == "GET" else _error(405, "method not allowed")
        handler = {"GET": self.find_member, "POST": self.add_member, "DELETE": self.remove_member}.get(sent.method)
        if handler is None or (kind == "shortcodes" and sent.method == "POST"):
            return _error(405, "method not allowed")
        return handler(sent, pool_uuid, kind, member)

    def member_view(self, pool_uuid: str, kind: str, member: str) -> dict[str, Any]:
        if kind == "shortcodes":
            return {"shortcode": member, "country_iso2": "US", "added_on": "2025-01-01", "number_pool_uuid": pool_uuid}
        return {
            "number": member,
            "type": self.rented.get(member, "fixed"),
            "service": self.pools[pool_uuid][kind][member],
            "country_iso2": "US",
            "added_on": "2025-01-01T00:00:00.000000Z",
            "account_phone_number_resource": f"/v1/Account/{AUTH_ID}/Number/{member}/",
            "number_pool_uuid": pool_uuid,
        }

    def list_members(self, sent: Sent, pool_uuid: str, kind: str) -> Reply:
        limit = int(sent.query.get("limit", 20))
        offset = int(sent.query.get("offset", 0))
        if not 1 <= limit <= 20 or offset < 0:
            return _error(400, "invalid limit or offset")
        members = list(self.pools[pool_uuid][kind])
        page = [self.member_view(pool_uuid, kind, member) for member in members[offset : offset + limit]]
        meta = {"limit": limit, "offset": offset, "total_count": len(members), "next": None, "previous": None}
        return reply(200, {"api_id": "fake-list", "meta": meta, "objects": page})

    def find_member(self, sent: Sent, pool_uuid: str, kind: str, member: str) -> Reply:
        if member not in self.pools[pool_uuid][kind]:
            return _error(404, f"{member} is not in this number pool")
        return reply(200, dict(self.member_view(pool_uuid, kind, member), api_id="fake-find"))

    def add_member(self, sent: Sent, pool_uuid: str, kind: str, number: str) -> Reply:
        body = sent.body or {}
        if number in self.shortcodes:
            return _error(400, f"{number} is a short code: short codes cannot be added to a number pool")
        number_type = self.rented.get(number)
        if kind == "tollfree":
            if number_type != "tollfree":
                return _error(400, f"toll-free number {number} is not rented by this account")
        elif number_type == "tollfree":
            return _error(400, f"{number} is a toll-free number: add it with the Tollfree endpoint")
        elif number_type is None:
            if str(body.get("rent")).lower() != "true":
                return _error(400, f"number {number} is not rented by this account")
            if number in self.unavailable or is_tollfree(number):
                return _error(400, f"number {number} is not available for rent")
        holder = self.holder(number)
        if holder == pool_uuid:
            return _error(400, f"{number} is already in this number pool")
        if holder is not None:
            other = self.powerpack_of_pool(holder)
            return _error(400, "{} is already in the number pool of another Powerpack ({!r}, uuid {})".format(number, other["name"], other["uuid"]))
        if number_type is None:
            self.rented[number] = "fixed"
        self.pools[pool_uuid][kind][number] = body.get("service") or "sms"
        return reply(200, dict(self.member_view(pool_uuid, kind, number), api_id="fake-add"))

    def remove_member(self, sent: Sent, pool_uuid: str, kind: str, member: str) -> Reply:
        if member not in self.pools[pool_uuid][kind]:
            return _error(404, f"{member} is not in this number pool")
        del self.pools[pool_uuid][kind][member]
        if kind != "shortcodes" and (sent.body or {}).get("unrent") is True:
            self.rented.pop(member, None)
        return reply(200, {"api_id": "fake-remove", "response": "success"})

    def apply_fields(self, powerpack: dict[str, Any], body: dict[str, Any]) -> None:
        for key in ("name", "sticky_sender", "local_connect"):
            if key in body:
                powerpack[key] = body[key]
        if "application_id" in body:
            if str(body["application_id"]).lower() == "none":
                powerpack.update(application_id="", application_type="")
            else:
                powerpack.update(application_id=body["application_id"], application_type=str(body.get("application_type", "")).upper())
        if "number_priority" in body:
            if self.number_priority_update == "replace":
                powerpack["number_priority"] = body["number_priority"]
            else:
                merged = {(entry["country_iso"], entry["service_type"]): entry for entry in powerpack["number_priority"]}
                merged.update(((entry["country_iso"], entry["service_type"]), entry) for entry in body["number_priority"])
                powerpack["number_priority"] = list(merged.values())

    # --- assertions --------------------------------------------------------------------------------

    def requests_made(self) -> list[tuple[str, str]]:
        return [(sent.method, sent.path) for sent in self.sent]


FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "plivo_api"


def load_fixture(name: str) -> Any:
    """A response body recorded from an official Plivo SDK's test suite (tests/fixtures/plivo_api)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeClock:
    """Time that passes only when something sleeps: every sleep is recorded, not slept (safe to share between threads)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)


def scripted_client(monkeypatch: Any, *script: Any, **options: Any) -> tuple[Any, ScriptedTransport, list[float]]:
    """A PlivoClient whose every connection, made through _client.new_session, goes to one ScriptedTransport:
    (client, transport, sleeps). Sleeps (the client's and its rate limiter's) are recorded on a FakeClock, not
    slept; jitter is fixed at its middle (rand 0.5). transport.sessions lists the sessions the client opened."""
    from ansible_collections.plivo.messaging.plugins.module_utils import _client
    from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient

    transport = ScriptedTransport(*script)

    def new_session() -> requests.Session:
        transport.sessions.append(transport.session())
        return transport.sessions[-1]

    monkeypatch.setattr(_client, "new_session", new_session)
    clock = options.pop("clock", None) or FakeClock()
    settings = dict(api_url=API_URL, sleep=clock.sleep, clock=clock, rand=lambda: 0.5)
    settings.update(options)
    return PlivoClient(AUTH_ID, AUTH_TOKEN, **settings), transport, clock.sleeps
