# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the reliability suite: simulators, and the summary written at the end of the session.

Tests marked ``full`` form the heavy tier (``make test-reliability``); ``make test`` runs the others
(``-m "not full"``), a representative part of every suite.
"""

from __future__ import annotations

import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import relhelpers  # noqa: E402  # pylint: disable=wrong-import-position


def pytest_configure(config):
    config.addinivalue_line("markers", "full: heavy tier, run by make test-reliability only")
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist) starts from no record
        records = os.path.join(relhelpers.output_dir(), "records.jsonl")
        if os.path.exists(records):
            os.unlink(records)


# One simulator per test module, reset before every test, and extra ones with their own flags.
module_sim, sim, launch = relhelpers.simulator_fixtures(lambda: relhelpers.SEED)


def _summary(records, exitstatus):
    by_section = collections.defaultdict(list)
    for item in records:
        by_section[item["section"]].append(item)
    faults = by_section["fault"]
    summary = {
        "exit_status": int(exitstatus),
        "faults": {
            "cases": len(faults),
            "survived": sum(1 for item in faults if item["outcome"] == "converged"),
            "kinds": sorted({item["fault"] for item in faults}),
            "targets": sorted({item["target"] for item in faults}),
            "expected_failures_with_clear_message": sum(1 for item in faults if item["expected"] == "fail"),
            "module_or_role_runs": sum(item["runs"] for item in faults),
        },
        "concurrency": by_section["concurrency"],
        "rate_limit": by_section["rate_limit"],
        "bad_input": {
            "inputs": sum(item["inputs"] for item in by_section["bad_input"]),
            "by_target": dict(collections.Counter(target for item in by_section["bad_input"] for target in item["targets"])),
            "write_requests": sum(item["write_requests"] for item in by_section["bad_input"]),
        },
        "secrets": {
            "runs": len(by_section["secrets"]),
            "output_bytes_searched": sum(item["bytes"] for item in by_section["secrets"]),
            "steps": sum(item["steps"] for item in by_section["secrets"]),
        },
        "retry_after": by_section["retry_after"],
        "accepted_input": {
            "inputs": sum(item["inputs"] for item in by_section["accepted_input"]),
            "runs": sum(item["runs"] for item in by_section["accepted_input"]),
        },
        "paths": {
            "inputs": sum(item["inputs"] for item in by_section["paths"]),
            "requests_checked": sum(item["requests"] for item in by_section["paths"]),
        },
    }
    return summary


def _markdown(summary):
    faults = summary["faults"]
    lines = [
        "# Reliability run summary",
        "",
        f"- pytest exit status: {summary['exit_status']:d}",
        f"- faults: {faults['cases']:d} cases ({faults['survived']:d} converged; {faults['expected_failures_with_clear_message']:d} of them expected to "
        f"fail with a message naming the operation first), {len(faults['kinds']):d} fault kinds x {len(faults['targets']):d} targets, "
        f"{faults['module_or_role_runs']:d} module or role runs",
    ]
    for item in summary["concurrency"]:
        lines.append(
            f"- concurrency ({item['variant']}): {item['runs']:d} runs started together, {item['succeeded']:d} succeeded, {item['conflicts']:d} failed; "
            f"{item.get('throttled', 0):d} requests answered 429; Powerpacks per name {item['per_name']}; follow-up run changed={item['rerun_changed']}"
        )
    for item in summary["rate_limit"]:
        lines.append(
            f"- rate limit ({item['variant']}): {item['powerpacks']:d} Powerpacks, limit {item['limit']:d} per {item['window']} s, "
            f"{item['requests']:d} API requests, {item['throttled']:d} answered 429, {item['seconds']:.0f} s, failed tasks {item['failed_tasks']:d}"
        )
    for item in summary["retry_after"]:
        lines.append(
            f"- one 429 with Retry-After 2 among {item['requests']:d} requests side by side: {item['gap']:d} requests logged between it and its retry "
            "(8 workers)"
        )
    bad = summary["bad_input"]
    by_target = ", ".join(f"{target} {count:d}" for target, count in sorted(bad["by_target"].items()))
    lines.append(f"- bad inputs: {bad['inputs']:d} ({by_target}), write requests {bad['write_requests']:d}")
    secrets = summary["secrets"]
    lines.append(
        f"- secrets: {secrets['runs']:d} ansible-playbook -vvv/-vvvv runs ({secrets['steps']:d} steps), {secrets['output_bytes_searched']:d} bytes of "
        "output, results, logs searched"
    )
    accepted = summary["accepted_input"]
    lines.append(f"- odd but right inputs accepted as meant: {accepted['inputs']:d}, each run {accepted['runs']:d} times (the last changed nothing)")
    lines.append(f"- paths: {summary['paths']['inputs']:d} hostile path inputs, {summary['paths']['requests_checked']:d} logged requests checked")
    return "\n".join(lines) + "\n"


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return
    directory = relhelpers.output_dir()
    path = os.path.join(directory, "records.jsonl")
    records = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    if not records:
        return
    summary = _summary(records, exitstatus)
    with open(os.path.join(directory, "summary.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2, sort_keys=True)
    with open(os.path.join(directory, "summary.md"), "w", encoding="utf-8") as handle:
        handle.write(_markdown(summary))
