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
        "- pytest exit status: %d" % summary["exit_status"],
        "- faults: %d cases (%d converged; %d of them expected to fail with a message naming the operation first), "
        "%d fault kinds x %d targets, %d module or role runs"
        % (
            faults["cases"],
            faults["survived"],
            faults["expected_failures_with_clear_message"],
            len(faults["kinds"]),
            len(faults["targets"]),
            faults["module_or_role_runs"],
        ),
    ]
    for item in summary["concurrency"]:
        lines.append(
            "- concurrency (%s): %d runs started together, %d succeeded, %d failed; %d requests answered 429; "
            "Powerpacks per name %s; follow-up run changed=%s"
            % (item["variant"], item["runs"], item["succeeded"], item["conflicts"], item.get("throttled", 0), item["per_name"], item["rerun_changed"])
        )
    for item in summary["rate_limit"]:
        lines.append(
            "- rate limit (%s): %d Powerpacks, limit %d per %s s, %d API requests, %d answered 429, %.0f s, failed tasks %d"
            % (item["variant"], item["powerpacks"], item["limit"], item["window"], item["requests"], item["throttled"], item["seconds"], item["failed_tasks"])
        )
    for item in summary["retry_after"]:
        lines.append(
            "- one 429 with Retry-After 2 among %d requests side by side: %d requests logged between it and its retry (8 workers)"
            % (item["requests"], item["gap"])
        )
    bad = summary["bad_input"]
    lines.append(
        "- bad inputs: %d (%s), write requests %d"
        % (bad["inputs"], ", ".join("%s %d" % pair for pair in sorted(bad["by_target"].items())), bad["write_requests"])
    )
    lines.append(
        "- secrets: %d ansible-playbook -vvv/-vvvv runs (%d steps), %d bytes of output, results, logs searched"
        % (summary["secrets"]["runs"], summary["secrets"]["steps"], summary["secrets"]["output_bytes_searched"])
    )
    accepted = summary["accepted_input"]
    lines.append("- odd but right inputs accepted as meant: %d, each run %d times (the last changed nothing)" % (accepted["inputs"], accepted["runs"]))
    lines.append("- paths: %d hostile path inputs, %d logged requests checked" % (summary["paths"]["inputs"], summary["paths"]["requests_checked"]))
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
