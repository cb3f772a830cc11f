# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: the powerpacks role against a hand-written ansible.builtin.uri playbook and against the floor.

Starts the simulator with a latency per request and an account renting P x M long codes, then measures in the
same run, side by side (see docs/dev/performance.md):

  role   tests/benchmarks/role.yml, plivo.messaging.powerpacks converging P Powerpacks of M long codes each;
  uri    tests/benchmarks/uri.yml, the same desired state with ansible.builtin.uri tasks;
  floor  tests/benchmarks/floor.yml, the module tasks of the role's no-change run (one listing, then the two
         loops, every item skipped) running ansible.builtin.ping, plus the least number of requests the API
         allows for a no-change run times the latency.

Each of role and uri converges a fresh account once (first run); then the no-change re-runs of role, uri and
floor are repeated, interleaved, and their medians compared. Request counts come from the simulator's request
log, TCP connections from its connection counter. Run it from the root of a collection copy (make bench does).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import pathlib
import statistics
import subprocess
import sys
import time
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PAGE = 20  # the API's largest page
APP_ID = "33660394121755210"
PRESET = ["longcode", "tollfree", "shortcode"]  # the role's local_first preset
COUNTRIES = ["US", "CA"]
SERVICES = ["sms", "mms"]
METHODS = ("GET", "POST", "DELETE")
# The acceptance bounds of the no-change re-run, checked against the medians of one run.
MAX_ROLE_OVER_URI = 1.0
MAX_ROLE_OVER_FLOOR = 1.3


def load_harness() -> Any:
    spec = importlib.util.spec_from_file_location("plivo_sim_harness", str(ROOT / "tests" / "simulator" / "harness.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def long_code(index: int) -> str:
    return f"1415{2000000 + index:07d}"


def seed(powerpacks: int, numbers: int) -> dict[str, Any]:
    """The account: one XML application and the P x M long codes, rented, in no Powerpack."""
    return dict(
        applications=[dict(app_id=APP_ID, type="xml", name="bench-webhook")],
        numbers=[long_code(index) for index in range(powerpacks * numbers)],
    )


def desired(powerpacks: int, numbers: int) -> dict[str, Any]:
    """The desired state twice: plivo_powerpacks for the role, bench_powerpacks (API-shaped) for uri.yml."""
    priority = {f"priority{rank}": kind for rank, kind in enumerate(PRESET, start=1)}
    api_priority = sorted(
        (dict(country_iso=country, service_type=service.upper(), priority=priority) for country in COUNTRIES for service in SERVICES),
        key=lambda entry: (entry["country_iso"], entry["service_type"]),
    )
    role, uri = [], []
    for index in range(powerpacks):
        name = f"bench-{index:03d}"
        members = [long_code(index * numbers + offset) for offset in range(numbers)]
        role.append(
            dict(
                name=name,
                sticky_sender=True,
                local_connect=False,
                application_type="xml",
                application_id=APP_ID,
                preset=dict(name="local_first", countries=COUNTRIES),
                numbers=members,
            )
        )
        body = dict(sticky_sender=True, local_connect=False, application_type="xml", application_id=APP_ID, number_priority=api_priority)
        uri.append(dict(name=name, body=body, numbers=members))
    return dict(plivo_powerpacks=role, bench_powerpacks=uri)


def least_requests(powerpacks: int, numbers: int) -> int:
    """The fewest requests a no-change run can send: the list pages, each Powerpack (the list lacks
    number_priority), and the pages of each pool's long codes."""
    return math.ceil(powerpacks / PAGE) + powerpacks + powerpacks * max(1, math.ceil(numbers / PAGE))


def pool_view(state: dict[str, Any]) -> list[Any]:
    """What both playbooks must agree on: each Powerpack's settings and long codes, without uuids and times."""
    view = []
    for item in state.get("powerpacks", []):
        priority = sorted(
            (entry["country_iso"], entry["service_type"], json.dumps(entry["priority"], sort_keys=True)) for entry in item.get("number_priority") or []
        )
        numbers = sorted(member["number"] if isinstance(member, dict) else member for member in item.get("numbers") or [])
        view.append(
            [
                item["name"],
                item.get("sticky_sender"),
                item.get("local_connect"),
                str(item.get("application_type")).lower(),
                item.get("application_id"),
                priority,
                numbers,
            ]
        )
    return sorted(view)


class Bench:
    def __init__(self, sim: Any, options: argparse.Namespace, work: pathlib.Path) -> None:
        self.sim = sim
        self.options = options
        self.work = work
        self.env = dict(os.environ)
        self.env.update(sim.environment())
        self.env.setdefault("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
        self.env.update(ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false")
        self.inventory = work / "inventory.ini"
        self.inventory.write_text("localhost ansible_connection=local\n", encoding="utf-8")
        self.vars_file = work / "desired.json"
        self.vars_file.write_text(json.dumps(desired(options.powerpacks, options.numbers)), encoding="utf-8")
        self.runs: list[dict[str, Any]] = []

    def playbook(self, variant: str, kind: str, index: int) -> dict[str, Any]:
        """Run one playbook; its wall time, requests by method and TCP connections."""
        self.sim.clear_requests()
        self.sim.reset_connections()
        log = self.work / f"{variant}-{kind}-{index}.log"
        command = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-i",
            str(self.inventory),
            "-e",
            "@" + str(self.vars_file),
            str(HERE / (f"{variant}.yml")),
        ]
        started = time.monotonic()
        with open(log, "w", encoding="utf-8") as output:
            returncode = subprocess.run(command, env=self.env, stdout=output, stderr=subprocess.STDOUT, check=False).returncode
        seconds = time.monotonic() - started
        if returncode != 0:
            raise SystemExit(f"bench: {variant} ({kind} run) failed with status {returncode}, see {log}")
        requests = self.sim.requests()
        run = dict(
            variant=variant,
            kind=kind,
            index=index,
            seconds=round(seconds, 3),
            requests={method: sum(1 for entry in requests if entry["method"] == method) for method in METHODS},
            connections=self.sim.connections()["accepted"],
        )
        run["requests"]["total"] = len(requests)
        if kind == "rerun" and variant != "floor" and run["requests"]["total"] != run["requests"]["GET"]:
            raise SystemExit("bench: the no-change re-run of {} sent writes: {}, see {}".format(variant, run["requests"], log))
        self.runs.append(run)
        print(f"  {variant:<5} {kind:<6} #{index}  {seconds:7.2f} s  {len(requests):4d} requests  {run['connections']:4d} connections", flush=True)
        return run

    def first_runs(self) -> None:
        states = {}
        for variant in ("uri", "role"):
            self.sim.reset()
            self.playbook(variant, "first", 1)
            states[variant] = pool_view(self.sim.state())
        if states["uri"] != states["role"]:
            raise SystemExit("bench: the role and the uri playbook did not converge to the same account")

    def reruns(self) -> None:
        order = ["role", "uri", "floor"]
        for index in range(1, self.options.repeat + 1):
            for variant in order:
                self.playbook(variant, "rerun", index)
            order = order[1:] + order[:1]


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median wall time, and the request and connection counts (the same in every run) of the first."""
    summary = dict(runs[0])
    summary["seconds"] = round(statistics.median(run["seconds"] for run in runs), 3)
    summary["all_seconds"] = [run["seconds"] for run in runs]
    summary["runs"] = len(runs)
    summary.pop("index")
    return summary


def summarise(bench: Bench, options: argparse.Namespace) -> dict[str, Any]:
    rows = {}
    for variant, kind in (("role", "first"), ("uri", "first"), ("role", "rerun"), ("uri", "rerun"), ("floor", "rerun")):
        rows[f"{variant}-{kind}"] = median_run([run for run in bench.runs if (run["variant"], run["kind"]) == (variant, kind)])
    least = least_requests(options.powerpacks, options.numbers)
    floor = rows["floor-rerun"]
    floor["ping_seconds"] = floor["seconds"]
    floor["seconds"] = round(floor["seconds"] + least * options.latency_ms / 1000.0, 3)
    floor["requests"] = dict(GET=least, POST=0, DELETE=0, total=least)
    floor["connections"] = None
    role, uri = rows["role-rerun"]["seconds"], rows["uri-rerun"]["seconds"]
    ratios = dict(
        rerun_role_over_uri=round(role / uri, 3),
        rerun_role_over_floor=round(role / floor["seconds"], 3),
        first_role_over_uri=round(rows["role-first"]["seconds"] / rows["uri-first"]["seconds"], 3),
    )
    verdict = dict(
        role_faster_than_uri=ratios["rerun_role_over_uri"] < MAX_ROLE_OVER_URI,
        role_within_1_3_of_floor=ratios["rerun_role_over_floor"] <= MAX_ROLE_OVER_FLOOR,
    )
    return dict(
        settings=dict(powerpacks=options.powerpacks, numbers=options.numbers, latency_ms=options.latency_ms, repeat=options.repeat),
        least_requests=least,
        rows=rows,
        ratios=ratios,
        verdict=verdict,
        machine=dict(cpus=os.cpu_count(), python=sys.version.split()[0], when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
    )


def table(result: dict[str, Any]) -> str:
    settings = result["settings"]
    lines = [
        "P={powerpacks:d} Powerpacks x M={numbers:d} long codes, {latency_ms:d} ms per request, medians of {repeat:d} no-change re-runs".format(**settings),
        "",
        "| variant | run | wall s | GET | POST | DELETE | requests | TCP connections |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "role-first": ("role", "first"),
        "uri-first": ("uri", "first"),
        "role-rerun": ("role", "no-change"),
        "uri-rerun": ("uri", "no-change"),
        "floor-rerun": ("floor", "no-change"),
    }
    for key, (variant, kind) in labels.items():
        row = result["rows"][key]
        requests = row["requests"]
        connections = "-" if row["connections"] is None else str(row["connections"])
        seconds = "{:.2f}".format(row["seconds"])
        if key == "floor-rerun":
            seconds += " ({:.2f} + {:d} x {:d} ms)".format(row["ping_seconds"], result["least_requests"], settings["latency_ms"])
        lines.append(
            "| {} | {} | {} | {:d} | {:d} | {:d} | {:d} | {} |".format(
                variant, kind, seconds, requests["GET"], requests["POST"], requests["DELETE"], requests["total"], connections
            )
        )
    ratios = result["ratios"]
    verdict = result["verdict"]
    lines += [
        "",
        "no-change re-run: role/uri = {:.2f} ({}), role/floor = {:.2f} ({})".format(
            ratios["rerun_role_over_uri"],
            "faster" if verdict["role_faster_than_uri"] else "NOT faster",
            ratios["rerun_role_over_floor"],
            "within 1.3" if verdict["role_within_1_3_of_floor"] else "NOT within 1.3",
        ),
        "first run: role/uri = {:.2f}".format(ratios["first_role_over_uri"]),
    ]
    return "\n".join(lines)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--powerpacks", "-P", type=int, default=40, help="Powerpacks to converge (default 40)")
    parser.add_argument("--numbers", "-M", type=int, default=10, help="long codes per Powerpack (default 10)")
    parser.add_argument("--latency-ms", type=int, default=50, help="the simulator's latency per request (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="no-change re-runs of each variant (default 3)")
    parser.add_argument("--work-dir", default="tests/output/bench", help="logs, desired state and results (default tests/output/bench)")
    parser.add_argument("--json", help="also write the results here (default WORK_DIR/bench.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the re-run misses a bound (timings are noisy)")
    options = parser.parse_args(argv)
    if options.powerpacks < 1 or options.numbers < 1 or options.repeat < 1 or options.latency_ms < 0:
        parser.error("--powerpacks, --numbers and --repeat must be at least 1, --latency-ms at least 0")
    return options


def main(argv: list[str]) -> int:
    options = parse(argv)
    work = pathlib.Path(options.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    harness = load_harness()
    print(
        f"bench: {options.powerpacks:d} Powerpacks x {options.numbers:d} long codes, latency {options.latency_ms:d} ms,"
        f" {options.repeat:d} re-runs each; logs in {work}",
        flush=True,
    )
    with harness.Simulator(seed=seed(options.powerpacks, options.numbers), latency_ms=options.latency_ms) as sim:
        bench = Bench(sim, options, work)
        bench.first_runs()
        bench.reruns()
    result = summarise(bench, options)
    result["runs"] = bench.runs
    text = table(result)
    print("\n" + text)
    paths = [work / "bench.json"]
    if options.json and pathlib.Path(options.json).resolve() != paths[0]:
        paths.append(pathlib.Path(options.json).resolve())
    for path in paths:
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"results: {path}")
    (work / "bench.md").write_text(text + "\n", encoding="utf-8")
    if options.strict and not all(result["verdict"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
