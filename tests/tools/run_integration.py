"""Run the integration targets with ansible-test against the Plivo API named by the environment.

The simulator harness (``tests/simulator/harness.py run -- ...``) exports PLIVO_API_URL,
PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_SIM_URL. ansible-test passes no environment
variables to the targets, so they reach the playbooks through
``tests/integration/integration_config.yml``, which this script writes and removes again.

Targets that need the simulator's control plane carry the alias ``needs/simulator``; they are
skipped when PLIVO_SIM_URL is not set (a run against the live API).

ansible-test's JUnit callback reports every task, including the ones a target expects to fail (and
rescues or ignores), so those reports are moved to ``tests/output/junit-tasks/`` for reading, and
``tests/output/junit/<suite>-targets.xml`` holds one testcase per target instead. The suite is
``integration``, or PLIVO_INTEGRATION_SUITE (``make integration`` runs some targets a second time,
as ``integration-recorded``, against the answer shapes recorded from the real API).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import uuid
from xml.sax.saxutils import quoteattr

CONFIG = pathlib.Path("tests/integration/integration_config.yml")
JUNIT_DIR = pathlib.Path("tests/output/junit")
TASK_REPORTS = pathlib.Path("tests/output/junit-tasks")


def list_targets(command: list[str]) -> list[str]:
    listed = subprocess.run([*command, "--list-targets"], check=True, capture_output=True, text=True)
    return [line.strip() for line in listed.stdout.splitlines() if line.strip()]


def write_target_report(targets: list[str], returncode: int, suite: str = "integration") -> None:
    """One testcase per target; ansible-test stops at the first failing target, so a failure fails them all."""
    failure = "" if returncode == 0 else "<failure message={}/>".format(quoteattr(f"ansible-test integration exited with {returncode:d}"))
    cases = "".join(f"<testcase classname={quoteattr(suite)} name={quoteattr(name)}>{failure}</testcase>" for name in targets)
    JUNIT_DIR.mkdir(parents=True, exist_ok=True)
    (JUNIT_DIR / f"{suite}-targets.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<testsuites><testsuite name={quoteattr(suite)}>{cases}</testsuite></testsuites>\n', encoding="utf-8"
    )


def set_task_reports_aside(before: set[pathlib.Path]) -> None:
    TASK_REPORTS.mkdir(parents=True, exist_ok=True)
    for report in set(JUNIT_DIR.glob("*.xml")) - before:
        report.replace(TASK_REPORTS / report.name)


def main(argv: list[str]) -> int:
    missing = [name for name in ("PLIVO_API_URL", "PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN") if not os.environ.get(name)]
    if missing:
        print("run_integration: set {} (the simulator harness does this)".format(", ".join(missing)), file=sys.stderr)
        return 2
    sim_url = os.environ.get("PLIVO_SIM_URL", "")
    config = {
        "plivo_api_url": os.environ["PLIVO_API_URL"],
        "plivo_auth_id": os.environ["PLIVO_AUTH_ID"],
        "plivo_auth_token": os.environ["PLIVO_AUTH_TOKEN"],
        "plivo_sim_url": sim_url,
        "plivo_name_prefix": os.environ.get("PLIVO_NAME_PREFIX", f"ansible-test-{uuid.uuid4().hex[:8]}-"),
    }
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-test"), "integration", "--local", "--color", "no"]
    if not sim_url:
        command += ["--exclude", "needs/simulator/"]
    command += argv
    # JSON is YAML; it keeps the file free of quoting surprises in tokens.
    CONFIG.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    try:
        targets = list_targets(command)
        before = set(JUNIT_DIR.glob("*.xml"))
        returncode = subprocess.run(command, check=False).returncode
        set_task_reports_aside(before)
        write_target_report(targets, returncode, os.environ.get("PLIVO_INTEGRATION_SUITE") or "integration")
        return returncode
    finally:
        CONFIG.unlink()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
