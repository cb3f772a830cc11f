"""Command line: parse flags, load the seed and state, serve until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from .core import SimulatorCore
from .defaults import DEFAULT_AUTH_ID
from .defaults import DEFAULT_AUTH_TOKEN
from .defaults import DEFAULT_HOST
from .defaults import DEFAULT_PORT
from .defaults import DEFAULT_RATE_LIMIT
from .defaults import DEFAULT_RATE_WINDOW_SECONDS
from .errors import SeedError
from .persistence import read_json
from .persistence import write_atomically
from .server import SimulatorServer
from .settings import ASSUMPTIONS
from .settings import DEFAULT_PROFILE
from .settings import PROFILES
from .settings import RETRY_AFTER_DEFAULT
from .settings import SHAPES
from .settings import SWITCHES
from .settings import Settings
from .settings import parse_retry_after

ASSUMPTION_HELP = {
    "duplicate_name": "creating or renaming to a Powerpack name already in use: error (400), conflict (409) or allow",
    "name_match": "how names are compared for uniqueness: exact (case-sensitive) or ignore-case",
    "add_existing": "adding a number already in the same pool: error (400) or ok (200, service updated)",
    "remove_missing": "removing a number, toll-free or short code that is not in the pool: 404, 400 or ok (success answer)",
    "priority_update": "update with number_priority: replace the whole list or merge per (country_iso, service_type)",
    "default_priorities": "number_priority of a Powerpack created without one: us-ca (US/CA x SMS/MMS) or none",
    "delete_status": "status of successful deletes and removes: 200 or 202 with {api_id, response} or 204 without a body",
    "number_list_tollfree": "whether the Number endpoints (list/find/add/remove) also cover toll-free numbers",
    "plus_in_number": "a '+' in front of a number in a path: reject (400) or strip",
    "tollfree_field": "key naming the number in toll-free items: number, tollfree (Python SDK fixtures) or both",
}

SHAPE_HELP = {
    "number_priority_key": "number_priority in Powerpack get/create/update answers: include (docs, Java fixture) or omit (Python, Go, Node recordings)",
    "list_item_service": "service in pool list items (Number and Tollfree lists): include (docs) or omit (every recorded list item)",
    "pool_uuid_key": "key of the pool uuid in single-number answers (find, add): number_pool_uuid (docs), numberpool_uuid (Python/Go fixtures) or both",
    "meta_links": 'meta.next/previous when there is no such page: null, empty ("", most recordings) or absent (docs\' Powerpack list)',
    "account_number_type": "number_type of a long code in GET Number/{number}/: fixed or local (Python SDK fixture)",
    "auth_error_api_id": "api_id in 401 bodies: include or omit (a 401 body may lack api_id)",
    "pool_object": "keys of GET NumberPool/{uuid}/: simulator (its own), docs (api_id, numbers, shortcodes, uuid) or both",
}


def _non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive_float(text):
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _retry_after(text):
    try:
        return parse_retry_after(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def build_parser():
    parser = argparse.ArgumentParser(
        prog="plivo_simulator.py",
        description="Simulator of the Plivo Powerpack and number pool API (see tests/simulator/README.md).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=_non_negative_int, default=DEFAULT_PORT, help="port; 0 picks a free one (default %(default)s)")
    parser.add_argument("--auth-id", default=DEFAULT_AUTH_ID, help="account auth id (default %(default)s)")
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN, help="account auth token (default: a fixed 40-character token, see README)")
    parser.add_argument("--seed", metavar="FILE", help="JSON seed: numbers, toll-free, short codes, applications, Powerpacks")
    parser.add_argument("--state-file", metavar="FILE", help="keep the state in FILE: loaded at start when it exists, rewritten after every change")
    parser.add_argument("--ready-file", metavar="FILE", help="write the base URL to FILE once connections are accepted")
    parser.add_argument("--latency-ms", type=_non_negative_int, default=0, help="delay added to every API request (default 0)")
    parser.add_argument(
        "--rate-limit",
        type=_non_negative_int,
        default=DEFAULT_RATE_LIMIT,
        help="API requests per window per account before 429; 0 disables (default %(default)s)",
    )
    parser.add_argument(
        "--rate-window",
        type=_positive_float,
        default=DEFAULT_RATE_WINDOW_SECONDS,
        help="length of the sliding rate-limit window in seconds (default %(default)s)",
    )
    parser.add_argument(
        "--retry-after",
        type=_retry_after,
        default=RETRY_AFTER_DEFAULT,
        help="Retry-After on 429: none, auto (seconds until a slot frees) or a number of seconds (default %(default)s)",
    )
    parser.add_argument("--access-log", action="store_true", help="print one line per request on stderr")
    # The switches default to None so that --profile can tell which ones were given: those win over the profile.
    assumptions = parser.add_argument_group("assumptions about undocumented behaviour (see README)")
    for name, (choices, default) in ASSUMPTIONS.items():
        assumptions.add_argument("--" + name.replace("_", "-"), choices=choices, default=None, help=f"{ASSUMPTION_HELP[name]} (default {default})")
    shapes = parser.add_argument_group("answer shapes recorded in Plivo's SDK test suites (see README)")
    for name, (choices, default) in SHAPES.items():
        shapes.add_argument("--" + name.replace("_", "-"), choices=choices, default=None, help=f"{SHAPE_HELP[name]} (default {default})")
    parser.add_argument(
        "--profile",
        choices=tuple(PROFILES),
        default=DEFAULT_PROFILE,
        help="a named set of switches: recorded turns on every recorded answer shape; switches given explicitly win (default %(default)s)",
    )
    return parser


def settings_from_args(args):
    values = {name: getattr(args, name) for name in SWITCHES if getattr(args, name) is not None}
    return Settings(
        profile=args.profile,
        auth_id=args.auth_id,
        auth_token=args.auth_token,
        latency_ms=args.latency_ms,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        retry_after=args.retry_after,
        **values,
    )


def _load_document(path, what):
    try:
        return read_json(path)
    except (OSError, ValueError) as exc:
        raise SeedError(f"cannot read {what} {path}: {exc}") from exc


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from_args(args)
        seed = _load_document(args.seed, "seed") if args.seed else {}
        core = SimulatorCore(settings, seed, state_file=args.state_file)
        if args.state_file and os.path.exists(args.state_file):
            core.replace_account(_load_document(args.state_file, "state file"))
        else:
            core.persist()
    except (SeedError, ValueError) as exc:
        sys.stderr.write(f"plivo_simulator: {exc}\n")
        return 2

    try:
        server = SimulatorServer((args.host, args.port), core, access_log=args.access_log)
    except OSError as exc:
        sys.stderr.write(f"plivo_simulator: cannot listen on {args.host}:{args.port}: {exc}\n")
        return 1
    stop = threading.Event()

    def request_stop(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="serve", daemon=True)
    serving.start()
    sys.stdout.write(server.base_url + "\n")
    sys.stdout.flush()
    if args.ready_file:
        write_atomically(args.ready_file, server.base_url + "\n")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        core.persist()
    return 0
