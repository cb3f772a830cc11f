# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: the powerpacks role against a hand-written ansible.builtin.uri playbook and against floors.

For each size P x M (P Powerpacks of M long codes, rented by the account in no pool), against the simulator with a
latency per request and its 300 per 5 s rate limit, measured in the same run, side by side (docs/dev/performance.md):

  role   tests/benchmarks/role.yml, the role plivo.messaging.powerpacks (one task of the powerpacks module);
  uri    tests/benchmarks/uri.yml, the same desired state with ansible.builtin.uri tasks, one request at a time;
  start  tests/benchmarks/floor.yml, ansible-playbook running one ping: what every playbook pays before its work.

Each repetition converges a fresh account with role and with uri (first run, both must leave the same account),
re-runs each on its own result (no-change run) and runs the ping playbook; every run starts with the simulator's
rate-limit window empty, as runs an hour apart find it; the order of the variants rotates from
one repetition to the next, and the tables give medians. The floors use the requests the role sent in that run (from
the simulator's request log) and the median start:

  sequential   requests x latency + start (one request at a time, as a uri playbook sends them);
  rate limit   requests / 60 per second (300 per 5 s) + start;
  concurrent   the least time the API allows those requests with 8 connections within 300 per 5 s, + start.

The bounds (issue 14) are checked on the medians; --strict exits 1 when one is missed. Run it from the root of a
collection copy (make bench does). Writes WORK_DIR/bench.md, bench.json and bench.png (the chart).
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
API_LIMIT = 300  # requests per window: Plivo's documented limit, the simulator's default and the module's
API_WINDOW = 5.0
WORKERS = 8  # the module's default max_workers
DEFAULT_SIZES = "5x3,10x5,20x5,40x10"
MAIN_SIZE = (40, 10)  # the issue-14 acceptance size
SMALL_SIZE = (10, 5)
VARIANTS = ("role", "uri", "start")

# The bounds of issue 14, as (description, size or None for every size, check on a size's summary).
FIRST_OVER_RATE_FLOOR = 1.3
FIRST_OVER_URI = 0.15
RERUN_OVER_SEQUENTIAL = {MAIN_SIZE: 0.6, SMALL_SIZE: 1.0}


def load_harness() -> Any:
    spec = importlib.util.spec_from_file_location("plivo_sim_harness", str(ROOT / "tests" / "simulator" / "harness.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def long_code(index: int) -> str:
    return "1415%07d" % (2000000 + index)  # noqa: UP031  # digits as the API writes them


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


def api_minimum(powerpacks: int, numbers: int, kind: str) -> int:
    """The fewest requests the API allows for the run.

    first: the one page of an empty Powerpack list, P creates (each answer carries the new pool), P x M additions.
    rerun: the list pages, each Powerpack (the list leaves out number_priority), each pool's long-code pages.
    """
    if kind == "first":
        return 1 + powerpacks + powerpacks * numbers
    return math.ceil(powerpacks / PAGE) + powerpacks + powerpacks * max(1, math.ceil(numbers / PAGE))


def concurrent_seconds(requests: int, latency: float, workers: int = WORKERS, limit: int = API_LIMIT, window: float = API_WINDOW) -> float:
    """The least time ``requests`` take with ``workers`` connections, each request ``latency`` long, at most
    ``limit`` started in any ``window`` seconds: each starts as soon as a connection is free and the window allows."""
    starts: list[float] = []
    for index in range(requests):
        start = 0.0
        if index >= workers:
            start = max(start, starts[index - workers] + latency)
        if index >= limit:
            start = max(start, starts[index - limit] + window)
        starts.append(start)
    return starts[-1] + latency if starts else 0.0


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


def parse_size(text: str) -> tuple[int, int]:
    powerpacks, _x, numbers = text.lower().partition("x")
    size = (int(powerpacks), int(numbers))
    if size[0] < 1 or size[1] < 1:
        raise ValueError(text)
    return size


def label(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


class Bench:
    """The runs of one size against one simulator."""

    def __init__(self, sim: Any, options: argparse.Namespace, work: pathlib.Path, size: tuple[int, int]) -> None:
        self.sim = sim
        self.options = options
        self.size = size
        self.work = work
        self.env = dict(os.environ)
        self.env.update(sim.environment())
        self.env.setdefault("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
        self.env.update(ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false")
        self.inventory = work / "inventory.ini"
        self.inventory.write_text("localhost ansible_connection=local\n", encoding="utf-8")
        self.vars_file = work / f"desired-{label(size)}.json"
        self.vars_file.write_text(json.dumps(desired(*size)), encoding="utf-8")
        self.runs: list[dict[str, Any]] = []
        self.converged: dict[str, Any] = {}

    def playbook(self, variant: str, kind: str, index: int) -> dict[str, Any]:
        """Run one playbook; its wall time, requests by method, 429 answers and TCP connections."""
        self.sim.clear_requests()
        self.sim.reset_connections()
        log = self.work / f"{label(self.size)}-{variant}-{kind}-{index}.log"
        playbook = "floor" if variant == "start" else variant
        command = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-i",
            str(self.inventory),
            "-e",
            "@" + str(self.vars_file),
            str(HERE / f"{playbook}.yml"),
        ]
        started = time.monotonic()
        with open(log, "w", encoding="utf-8") as output:
            returncode = subprocess.run(command, env=self.env, stdout=output, stderr=subprocess.STDOUT, check=False).returncode
        seconds = time.monotonic() - started
        if returncode != 0:
            raise SystemExit(f"bench: {variant} ({kind} run, {label(self.size)}) failed with status {returncode}, see {log}")
        requests = self.sim.requests()
        run = dict(
            size=label(self.size),
            variant=variant,
            kind=kind,
            index=index,
            seconds=round(seconds, 3),
            requests={method: sum(1 for entry in requests if entry["method"] == method) for method in METHODS},
            throttled=sum(1 for entry in requests if entry["status"] == 429),
            connections=self.sim.connections()["accepted"],
        )
        run["requests"]["total"] = len(requests)
        if kind == "rerun" and run["requests"]["total"] != run["requests"]["GET"]:
            raise SystemExit("bench: the no-change re-run of {} sent writes: {}, see {}".format(variant, run["requests"], log))
        self.runs.append(run)
        print(
            "  %-6s %-5s %-5s #%d %8.2f s %5d requests %4d x 429 %4d connections"  # noqa: UP031
            % (label(self.size), variant, kind, index, seconds, len(requests), run["throttled"], run["connections"]),
            flush=True,
        )
        return run

    def repetition(self, index: int, order: list[str], first_too: bool, uri_rerun: bool) -> None:
        """One repetition: each variant in order. role and uri converge a fresh account (first_too), then re-run on
        it; without first runs, they re-run on the account the role converged before. The uri no-change run, in no
        bound and 20 to 50 s long, only when uri_rerun."""
        states = {}
        for variant in order:
            if variant == "start":
                self.playbook("start", "start", index)
                continue
            if variant == "uri" and not (first_too or uri_rerun):
                continue
            self.sim.reset()
            if first_too:
                self.playbook(variant, "first", index)
                if variant == "role":
                    self.converged = self.sim.state()
                self.empty_window()
            else:
                self.sim.load_state(self.converged)
            states[variant] = pool_view(self.sim.state())
            if variant == "role" or uri_rerun:
                self.playbook(variant, "rerun", index)
        if len(states) == 2 and states["uri"] != states["role"]:
            raise SystemExit(f"bench: the role and the uri playbook did not converge to the same account ({label(self.size)})")

    def empty_window(self) -> None:
        """Start the next run with the simulator's rate-limit window empty, as runs an hour apart find it: the same
        account, a reset simulator (its window, request log and counters) loaded with it. A run started right after
        the 841 requests of a first run at 40x10 would share their 300 per 5 s and meet 429s that are not its own."""
        state = self.sim.state()
        self.sim.reset()
        self.sim.load_state(state)


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median wall time, and the request counts (the same in every run) of the first run; 429s summed."""
    summary = dict(runs[0])
    summary["seconds"] = round(statistics.median(run["seconds"] for run in runs), 3)
    summary["all_seconds"] = [run["seconds"] for run in runs]
    summary["runs"] = len(runs)
    summary["throttled"] = sum(run["throttled"] for run in runs)
    summary["request_counts"] = sorted({run["requests"]["total"] for run in runs})
    summary.pop("index")
    return summary


def summarise_size(runs: list[dict[str, Any]], size: tuple[int, int], latency: float) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for variant, kind in (("role", "first"), ("uri", "first"), ("role", "rerun"), ("uri", "rerun"), ("start", "start")):
        chosen = [run for run in runs if (run["variant"], run["kind"]) == (variant, kind)]
        if chosen:
            rows[f"{variant}-{kind}"] = median_of(chosen)
    start = rows["start-start"]["seconds"]
    floors = {}
    for kind in ("first", "rerun"):
        role = rows.get(f"role-{kind}")
        if role is None:
            continue
        requests = max(role["request_counts"])  # the worst run's count: the floors never flatter the role
        floors[kind] = dict(
            requests=requests,
            api_minimum=api_minimum(*size, kind),
            sequential=round(requests * latency + start, 3),
            rate_limit=round(requests / (API_LIMIT / API_WINDOW) + start, 3),
            concurrent=round(concurrent_seconds(requests, latency) + start, 3),
        )
    return dict(size=label(size), powerpacks=size[0], numbers=size[1], start=start, rows=rows, floors=floors)


def bounds(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Every bound of issue 14 that applies to this size, with the measured value."""
    size = (summary["powerpacks"], summary["numbers"])
    rows, floors = summary["rows"], summary["floors"]
    checks = []

    def check(name: str, value: float, limit: float, text: str) -> None:
        checks.append(dict(size=summary["size"], bound=name, value=round(value, 3), limit=limit, met=value <= limit, text=text))

    for key in ("role-first", "role-rerun"):
        if key in rows:
            check(f"{key}: 429 answers", rows[key]["throttled"], 0, "no 429 in any role run (simulator's request log)")
    if "first" in floors:
        first = floors["first"]
        allowed = first["api_minimum"] + size[0] * size[1]  # plus one read per number added (is it rented?)
        check("role first: requests", first["requests"], allowed, f"at most the API minimum {first['api_minimum']} + one read per number added")
    if size == MAIN_SIZE and "first" in floors:
        check(
            "role first / rate-limit floor",
            rows["role-first"]["seconds"] / floors["first"]["rate_limit"],
            FIRST_OVER_RATE_FLOOR,
            "first run within 1.3 x the rate-limit floor of its requests",
        )
        if "uri-first" in rows:
            check("role first / uri first", rows["role-first"]["seconds"] / rows["uri-first"]["seconds"], FIRST_OVER_URI, "first run within 0.15 x uri")
    if size in RERUN_OVER_SEQUENTIAL and "rerun" in floors:
        limit = RERUN_OVER_SEQUENTIAL[size]
        check(
            "role no-change / sequential floor",
            rows["role-rerun"]["seconds"] / floors["rerun"]["sequential"],
            limit,
            f"no-change run within {limit} x the sequential floor",
        )
    return checks


def table(result: dict[str, Any]) -> str:
    settings = result["settings"]
    lines = [
        f"{settings['latency_ms']} ms per request, simulator limit {API_LIMIT} per {API_WINDOW:g} s, role at max_workers {WORKERS}; "
        f"medians of the runs counted in the last column (sizes {', '.join(settings['repeated'])}: {settings['repeat']} interleaved runs)",
        "",
        "| size P x M | variant | run | wall s | GET | POST | requests | 429 | TCP connections | runs |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for summary in result["sizes"]:
        for key, (variant, kind) in (
            ("role-first", ("role", "first")),
            ("uri-first", ("uri", "first")),
            ("role-rerun", ("role", "no-change")),
            ("uri-rerun", ("uri", "no-change")),
            ("start-start", ("start (ping)", "-")),
        ):
            row = summary["rows"].get(key)
            if row is None:
                continue
            requests = row["requests"]
            lines.append(
                f"| {summary['size']} | {variant} | {kind} | {row['seconds']:.2f} | {requests['GET']} | {requests['POST']} | "
                f"{requests['total']} | {row['throttled']} | {row['connections']} | {row['runs']} |"
            )
    lines += [
        "",
        "Floors, from the requests the role sent (API minimum beside them) and the median start:",
        "",
        "| size P x M | run | role requests | API minimum | sequential s | rate-limit s | concurrent s | role s | role / sequential | role / rate-limit | role / concurrent | role / uri |",  # noqa: E501
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for summary in result["sizes"]:
        for kind, name in (("first", "first"), ("rerun", "no-change")):
            floor = summary["floors"].get(kind)
            role = summary["rows"].get(f"role-{kind}")
            uri = summary["rows"].get(f"uri-{kind}")
            if floor is None or role is None:
                continue
            seconds = role["seconds"]
            over_uri = f"{seconds / uri['seconds']:.3f}" if uri else "-"
            lines.append(
                f"| {summary['size']} | {name} | {floor['requests']} | {floor['api_minimum']} | {floor['sequential']:.2f} | {floor['rate_limit']:.2f} | "
                f"{floor['concurrent']:.2f} | {seconds:.2f} | {seconds / floor['sequential']:.3f} | {seconds / floor['rate_limit']:.3f} | "
                f"{seconds / floor['concurrent']:.3f} | {over_uri} |"
            )
    lines += ["", "Bounds (issue 14):", ""]
    for item in result["bounds"]:
        lines.append(f"- {'met' if item['met'] else 'MISSED'}: {item['size']} {item['bound']} = {item['value']:g} (bound {item['limit']:g}; {item['text']})")
    lines += ["", f"machine: {result['machine']['cpus']} CPUs, load average {result['machine']['load_before']} before, {result['machine']['load_after']} after"]
    return "\n".join(lines)


def chart(result: dict[str, Any], path: pathlib.Path) -> bool:
    """Wall time against size: role, uri, the sequential and concurrent floors, first and no-change runs."""
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
        import matplotlib.ticker  # pylint: disable=import-outside-toplevel
    except ImportError:
        print("bench: matplotlib is not installed (pip install -r tests/requirements-bench.txt): no chart", file=sys.stderr)
        return False
    sizes = result["sizes"]
    x = [summary["powerpacks"] * summary["numbers"] for summary in sizes]
    labels = [f"{summary['size']}" for summary in sizes]
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    for axis, kind, title in ((axes[0], "first", "first run (fresh account)"), (axes[1], "rerun", "no-change run")):
        series = [
            ("uri", [s["rows"].get(f"uri-{kind}", {}).get("seconds") for s in sizes], dict(color="tab:red", marker="o")),
            ("role", [s["rows"].get(f"role-{kind}", {}).get("seconds") for s in sizes], dict(color="tab:blue", marker="o", linewidth=2.5)),
            ("sequential floor", [s["floors"].get(kind, {}).get("sequential") for s in sizes], dict(color="tab:gray", linestyle="--", marker=".")),
            ("rate-limit floor", [s["floors"].get(kind, {}).get("rate_limit") for s in sizes], dict(color="tab:orange", linestyle=":", marker=".")),
            ("concurrent floor", [s["floors"].get(kind, {}).get("concurrent") for s in sizes], dict(color="tab:green", linestyle="-.", marker=".")),
        ]
        for name, values, style in series:
            points = [(px, value) for px, value in zip(x, values) if value is not None]
            if points:
                axis.plot([p[0] for p in points], [p[1] for p in points], label=name, **style)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xticks(x)
        axis.set_xticklabels(labels)
        axis.minorticks_off()
        low, high = axis.get_ylim()
        axis.set_yticks([tick for tick in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if low <= tick <= high])
        axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _pos: f"{value:g}"))
        axis.set_xlabel("size: P Powerpacks x M long codes")
        axis.set_ylabel("wall time, s (median)")
        axis.set_title(title)
        axis.grid(True, which="major", alpha=0.3)
        axis.legend(fontsize="small")
    settings = result["settings"]
    figure.suptitle(f"make bench: role vs uri playbook vs floors ({settings['latency_ms']} ms per request, limit 300 per 5 s)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"sizes P x M to measure, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--powerpacks", "-P", type=int, help="measure only this number of Powerpacks (with -M) instead of --sizes")
    parser.add_argument("--numbers", "-M", type=int, help="long codes per Powerpack (with -P)")
    parser.add_argument("--latency-ms", type=int, default=50, help="the simulator's latency per request (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs at the sizes the bounds apply to, and at -P x -M (default 3)")
    parser.add_argument("--chart-repeat", type=int, default=1, help="runs at the other sizes (chart points only; default 1: the uri first runs are long)")
    parser.add_argument("--uri-reruns", type=int, default=1, help="uri no-change runs at each size (in no bound; default 1)")
    parser.add_argument("--work-dir", default="tests/output/bench", help="logs, desired state and results (default tests/output/bench)")
    parser.add_argument("--json", help="also write the results here (default WORK_DIR/bench.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a bound is missed (timings are noisy)")
    options = parser.parse_args(argv)
    try:
        if options.powerpacks or options.numbers:
            options.size_list = [parse_size(f"{options.powerpacks or MAIN_SIZE[0]}x{options.numbers or MAIN_SIZE[1]}")]
        else:
            options.size_list = [parse_size(text) for text in options.sizes.split(",") if text.strip()]
    except ValueError:
        parser.error("sizes are P x M with P and M at least 1, such as 40x10")
    if options.repeat < 1 or options.chart_repeat < 1 or options.uri_reruns < 1 or options.latency_ms < 0 or not options.size_list:
        parser.error("--repeat, --chart-repeat and --uri-reruns must be at least 1, --latency-ms at least 0")
    return options


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str]) -> int:
    options = parse(argv)
    work = pathlib.Path(options.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    harness = load_harness()
    latency = options.latency_ms / 1000.0
    repeated = {MAIN_SIZE, SMALL_SIZE} & set(options.size_list) if len(options.size_list) > 1 else set(options.size_list)
    load_before = load()
    began = time.monotonic()
    print(
        f"bench: sizes {', '.join(label(size) for size in options.size_list)}, latency {options.latency_ms} ms, "
        f"{options.repeat} runs at {', '.join(sorted(label(size) for size in repeated))}, {options.chart_repeat} elsewhere; "
        f"load average {load_before}; logs in {work}",
        flush=True,
    )
    summaries = []
    all_runs = []
    for size in options.size_list:
        # The first runs at the main size are the bounds' (and uri's are long); elsewhere the first runs are chart points.
        first_runs = options.repeat if size in repeated and size != SMALL_SIZE else options.chart_repeat
        reruns = options.repeat if size in repeated else options.chart_repeat
        with harness.Simulator(seed=seed(*size), latency_ms=options.latency_ms) as sim:
            bench = Bench(sim, options, work, size)
            order = list(VARIANTS)
            for index in range(1, max(first_runs, reruns) + 1):
                bench.repetition(index, order, first_too=index <= first_runs, uri_rerun=index <= options.uri_reruns)
                order = order[1:] + order[:1]
        summaries.append(summarise_size(bench.runs, size, latency))
        all_runs.extend(bench.runs)
    result: dict[str, Any] = dict(
        settings=dict(
            latency_ms=options.latency_ms,
            repeat=options.repeat,
            chart_repeat=options.chart_repeat,
            uri_reruns=options.uri_reruns,
            sizes=[label(size) for size in options.size_list],
            repeated=sorted(label(size) for size in repeated),
            rate_limit=f"{API_LIMIT} per {API_WINDOW:g} s",
            max_workers=WORKERS,
        ),
        sizes=summaries,
    )
    result["bounds"] = [item for summary in summaries for item in bounds(summary)]
    result["machine"] = dict(
        cpus=os.cpu_count(),
        python=sys.version.split()[0],
        when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        load_before=load_before,
        load_after=load(),
        total_seconds=round(time.monotonic() - began, 1),
    )
    result["runs"] = all_runs
    text = table(result)
    print("\n" + text)
    paths = [work / "bench.json"]
    if options.json and pathlib.Path(options.json).resolve() != paths[0]:
        paths.append(pathlib.Path(options.json).resolve())
    for path in paths:
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"results: {path}")
    (work / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(f"table: {work / 'bench.md'}")
    if chart(result, work / "bench.png"):
        print(f"chart: {work / 'bench.png'}")
    print(f"bench: {result['machine']['total_seconds']:.0f} s in all")
    if options.strict and not all(item["met"] for item in result["bounds"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
