# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the reliability suite: the seed, playbooks run by real ansible-playbook processes, the account's
state in a comparable form, and the figures every test records for docs/dev/reliability.md."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.dirname(os.path.dirname(HERE))
SIMULATOR_DIR = os.path.join(COLLECTION_ROOT, "tests", "simulator")
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)

from harness import simulator_fixtures  # noqa: E402, F401  # pylint: disable=wrong-import-position,unused-import  # conftest.py uses it

XML_APP = "33660394121755210"
EXISTING = "existing"
EXISTING_UUID = "86bbb125-97bb-4d72-89fd-81d5c515b015"
EXISTING_POOL = "659c7f88-c819-46e2-8af4-2d8a84249099"
US_1 = "14155550101"
US_2 = "14155550102"
US_3 = "14155550103"
CA_1 = "14165550190"
CA_2 = "16045550127"
TOLLFREE_1 = "18005550199"
TOLLFREE_2 = "18885550142"
SHORTCODE = "444444"
NOT_RENTED = "14155550177"
# More long codes rented in no pool, for inputs big enough that the engine's writes run side by side.
SPARE = [f"1415777{index:04d}" for index in range(12)]

# A small account: one Powerpack holding two long codes, a toll-free number and a short code; more numbers rented.
SEED = {
    "applications": [{"app_id": XML_APP, "type": "xml", "name": "inbound"}],
    "numbers": [US_1, US_2, US_3, CA_1, CA_2, *SPARE],
    "tollfree": [TOLLFREE_1, TOLLFREE_2],
    "shortcodes": [{"shortcode": SHORTCODE, "country_iso2": "US"}],
    "powerpacks": [
        {
            "name": EXISTING,
            "uuid": EXISTING_UUID,
            "number_pool_uuid": EXISTING_POOL,
            "sticky_sender": True,
            "local_connect": False,
            "application_id": XML_APP,
            "numbers": [{"number": US_1, "service": "sms"}, {"number": CA_1, "service": "mms"}],
            "tollfree": [TOLLFREE_1],
            "shortcodes": [SHORTCODE],
        }
    ],
}

# Quick retries: every test sets these through module_defaults of the collection's action group.
FAST_RETRIES = {"timeout": 1.5, "max_retries": 4, "max_retry_delay": 1}

# A message that names the operation, as PlivoApiError words it ("Plivo API: GET /Powerpack/ failed ...").
# The path may follow the full URL of the request ("GET http://127.0.0.1:8010/v1/Account/MA.../Powerpack/").
OPERATION_RE = re.compile(r"\b(GET|POST|DELETE) (?:https?://[^/\s]+)?/[A-Za-z]\S*")

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")


def output_dir():
    """Where the records and the summary go (RELIABILITY_OUTPUT, else tests/output/reliability)."""
    path = os.environ.get("RELIABILITY_OUTPUT") or os.path.join(COLLECTION_ROOT, "tests", "output", "reliability")
    os.makedirs(path, exist_ok=True)
    return path


def record(section, **figures):
    """Append one record (one line of JSON) for the summary; safe from several pytest-xdist workers."""
    line = json.dumps(dict(section=section, **figures), sort_keys=True) + "\n"
    fd = os.open(os.path.join(output_dir(), "records.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def comparable_state(state):
    """The account as a clean run leaves it, without what differs from run to run (uuids, timestamps).

    Powerpacks are listed by name (a duplicate shows up twice), with their settings and pool members.
    """
    powerpacks = []
    for item in state["powerpacks"]:
        priority = sorted(
            (entry["country_iso"].upper(), entry["service_type"].lower(), tuple(entry["priority"][key] for key in sorted(entry["priority"])))
            for entry in item.get("number_priority") or []
        )
        powerpacks.append(
            (
                item["name"],
                item["sticky_sender"],
                item["local_connect"],
                (item.get("application_type") or "").lower(),
                item.get("application_id") or "",
                tuple(priority),
                tuple(sorted((member["number"], member.get("service")) for member in item.get("numbers") or [])),
                tuple(sorted(member["number"] for member in item.get("tollfree") or [])),
                tuple(sorted(member["shortcode"] for member in item.get("shortcodes") or [])),
            )
        )
    return dict(
        powerpacks=sorted(powerpacks),
        numbers=sorted(entry["number"] for entry in state["numbers"]),
        tollfree=sorted(entry["number"] for entry in state["tollfree"]),
        shortcodes=sorted(entry["shortcode"] for entry in state["shortcodes"]),
    )


def powerpack_names(state):
    return sorted(item["name"] for item in state["powerpacks"])


def module_step(step_id, module, args, check=False, diff=False):
    """A step running one module of the collection; its result is recorded under step_id."""
    task = {"name": "run " + step_id, "plivo.messaging." + module: args, "register": "reli_r"}
    if check:
        task["check_mode"] = True
    if diff:
        task["diff"] = True
    return (step_id, task, "reli_r")


def role_step(step_id, powerpacks, check=False, diff=False, role_vars=None):
    """A step running the role plivo.messaging.powerpacks with plivo_powerpacks=powerpacks."""
    variables = {"plivo_powerpacks": powerpacks}
    variables.update(role_vars or {})
    task = {"name": "run " + step_id, "ansible.builtin.include_role": {"name": "plivo.messaging.powerpacks"}, "vars": variables}
    keywords = {}
    if check:
        keywords["check_mode"] = True
    if diff:
        keywords["diff"] = True
    if keywords:
        task["ansible.builtin.include_role"]["apply"] = keywords
    # The role is one task of the plivo.messaging.powerpacks module, registered as powerpacks_result.
    outcome = "{'changed': powerpacks_result.changed | default(false), 'powerpacks': powerpacks_result}"
    return (step_id, task, outcome)


def _wrap(step):
    step_id, task, outcome = step
    ok = f"{{{{ reli_log + [{{'id': '{step_id}', 'failed': false, 'result': {outcome}}}] }}}}"
    failed = f"{{{{ reli_log + [{{'id': '{step_id}', 'failed': true, 'result': ansible_failed_result | default({{}})}}] }}}}"
    return {
        "name": "step " + step_id,
        "block": [task, {"name": "record " + step_id, "ansible.builtin.set_fact": {"reli_log": ok}}],
        "rescue": [{"name": "record failure of " + step_id, "ansible.builtin.set_fact": {"reli_log": failed}}],
    }


@dataclasses.dataclass
class PlaybookRun:
    """The outcome of one ansible-playbook process: rc, output, and the result of each step by id."""

    rc: int
    output: str
    steps: dict
    seconds: float
    directory: str

    def __getitem__(self, step_id):
        return self.steps[step_id]

    def describe(self):
        return f"rc={self.rc}\n{self.output[-6000:]}"


def messages(result):
    """Every msg in a (loop) result, failed items first."""
    found = []
    if isinstance(result, dict):
        if result.get("msg"):
            found.append(str(result["msg"]))
        for item in result.get("results") or []:
            found.extend(messages(item))
    return found


def connection_vars(sim, **overrides):
    settings = dict(api_url=sim.api_url, auth_id=sim.auth_id, auth_token=sim.auth_token)
    settings.update(FAST_RETRIES)
    settings.update(overrides)
    return settings


def write_playbook(directory, steps, connection, record_file):
    play = {
        "name": "reliability",
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/plivo.messaging.plivo": connection},
        "vars": {"reli_log": []},
        "tasks": [_wrap(step) for step in steps]
        + [
            {
                "name": "write the results",
                "ansible.builtin.copy": {"content": "{{ reli_log | to_json }}", "dest": record_file, "mode": "0600"},
                "check_mode": False,
                "diff": False,
            }
        ],
    }
    path = os.path.join(directory, "playbook.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([play], handle, indent=1)
    return path


def ansible_env(extra=None):
    env = dict(os.environ)
    env.update(
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_PIPELINING="1",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        ANSIBLE_PYTHON_INTERPRETER=os.environ.get("ANSIBLE_PYTHON_INTERPRETER", sys.executable),
        ANSIBLE_COLLECTIONS_PATH=os.environ.get("ANSIBLE_COLLECTIONS_PATH", os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))),
    )
    for name in ("PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN", "PLIVO_API_URL", "PLIVO_SIM_URL"):
        env.pop(name, None)
    env.update(extra or {})
    return env


def start_playbook(sim, steps, directory=None, args=(), connection=None, env=None):
    """Start ansible-playbook on the steps; returns (process, finish) where finish() waits and gives a PlaybookRun."""
    directory = directory or tempfile.mkdtemp(prefix="reli-")
    record_file = os.path.join(directory, "steps.json")
    playbook = write_playbook(directory, steps, connection or connection_vars(sim), record_file)
    log_path = os.path.join(directory, "output.log")
    started = time.monotonic()
    # The process writes through its own copy of the log's descriptor; finish() reads the file back.
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(  # pylint: disable=consider-using-with  # waited for by finish()
            [ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", playbook, *list(args)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=ansible_env(env),
            cwd=directory,
        )

    def finish(timeout=900):
        rc = process.wait(timeout=timeout)
        seconds = time.monotonic() - started
        with open(log_path, encoding="utf-8") as handle:
            output = handle.read()
        steps_found = {}
        if os.path.exists(record_file):
            with open(record_file, encoding="utf-8") as handle:
                for entry in json.load(handle):
                    steps_found[entry["id"]] = entry
        return PlaybookRun(rc, output, steps_found, seconds, directory)

    return process, finish


def run_playbook(sim, steps, **kwargs):
    return start_playbook(sim, steps, **kwargs)[1]()
