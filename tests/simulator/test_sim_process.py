"""The simulator as a process: ready file, stdout, signals, state file, credentials, the harness CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from harness import DEFAULT_AUTH_ID
from harness import DEFAULT_AUTH_TOKEN
from harness import HERE
from harness import SIMULATOR_SCRIPT
from harness import Simulator
from harness import SimulatorError
from harness import basic_auth_header
from harness import http_request
from simhelpers import HARNESS_SCRIPT
from simhelpers import POOL_UUID
from simhelpers import US_FIXED_2
from simhelpers import create_powerpack
from simhelpers import pool_path
from simhelpers import pool_uuid_of
from simhelpers import run_script

EXAMPLE_SEED = os.path.join(HERE, "seeds", "example.json")


def wait_for_file(path, process, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no ready file"
        time.sleep(0.02)
    with open(path, encoding="utf-8") as stream:
        return stream.read().strip()


@pytest.fixture
def raw_process(tmp_path):
    """Start plivo_simulator.py directly (no harness flags); returns (process, base URL)."""
    processes = []

    def start(*args):
        ready = str(tmp_path / f"ready-{len(processes):d}")
        process = subprocess.Popen(
            [sys.executable, SIMULATOR_SCRIPT, "--port", "0", "--ready-file", ready, *list(args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        processes.append(process)
        return process, wait_for_file(ready, process)

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_ready_file_stdout_and_clean_exit(raw_process, signum):
    process, url = raw_process()
    assert url.startswith("http://127.0.0.1:") and int(url.rsplit(":", 1)[1]) > 0
    assert process.stdout.readline().strip() == url
    assert http_request(url, "GET", "/_sim/config").status == 200
    process.send_signal(signum)
    assert process.wait(10) == 0
    assert process.stderr.read() == ""


def test_default_credentials_look_real_and_work(raw_process):
    assert len(DEFAULT_AUTH_ID) == 20 and DEFAULT_AUTH_ID.startswith("MA") and DEFAULT_AUTH_ID.isalnum()
    assert len(DEFAULT_AUTH_TOKEN) == 40 and DEFAULT_AUTH_TOKEN.isalnum()
    _process, url = raw_process()
    path = f"/v1/Account/{DEFAULT_AUTH_ID}/Powerpack/"
    assert http_request(url, "GET", path, headers={"Authorization": basic_auth_header(DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN)}).status == 200


def test_custom_credentials(launch):
    simulator = launch(auth_id="SA0123456789ABCDEFGH", auth_token="another-token")
    assert simulator.api("GET", "Powerpack/").status == 200
    assert simulator.api("GET", "Powerpack/", auth=(DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN)).status == 401
    assert simulator.api("GET", f"/v1/Account/{DEFAULT_AUTH_ID}/Powerpack/").status == 401


def test_state_file_survives_a_restart(tmp_path, launch):
    state_file = str(tmp_path / "state.json")
    first = launch(args=["--state-file", state_file])
    created = create_powerpack(first, "persisted", sticky_sender=False)
    assert first.api("POST", pool_path(POOL_UUID, "Number", US_FIXED_2), {"service": "mms"}).status == 200
    assert first.api("POST", pool_path(pool_uuid_of(created), "Number", "14155550188"), {"rent": True}).status == 200
    with open(state_file, encoding="utf-8") as stream:
        on_disk = json.load(stream)
    assert on_disk == first.state()
    first.stop()
    assert first.returncode == 0
    assert os.listdir(str(tmp_path)) == ["state.json"]  # no temporary files left behind

    second = launch(args=["--state-file", state_file])
    assert second.state() == on_disk
    again = second.api("GET", "Powerpack/{}/".format(created["uuid"])).json()
    assert again["sticky_sender"] is False and again["number_pool"] == created["number_pool"]
    assert second.api("GET", pool_path(POOL_UUID, "Number", US_FIXED_2), query={"service": "mms"}).status == 200
    # Reset goes back to the seed, and the state file follows.
    second.reset()
    with open(state_file, encoding="utf-8") as stream:
        assert "persisted" not in [item["name"] for item in json.load(stream)["powerpacks"]]


def test_state_file_is_created_at_start(tmp_path, launch):
    state_file = tmp_path / "fresh.json"
    simulator = launch(args=["--state-file", str(state_file)])
    assert json.loads(state_file.read_text(encoding="utf-8")) == simulator.state()


def test_invalid_state_file_stops_the_start(tmp_path):
    state_file = tmp_path / "broken.json"
    state_file.write_text('{"powerpacks": [{"nam": 1}]}', encoding="utf-8")
    with pytest.raises(SimulatorError) as error:
        Simulator(args=["--state-file", str(state_file)]).start()
    assert "exited with status 2" in str(error.value) and "unknown key" in str(error.value)


@pytest.mark.parametrize(
    "seed, fragment",
    [
        ({"powerpacks": [{"name": "a", "numbers": ["14155550101"]}, {"name": "b", "numbers": ["14155550101"]}]}, "already in the pool"),
        ({"numbers": ["12"]}, "not a phone number"),
        ({"powerpacks": [{"name": "a", "application_id": "42"}]}, "not in the seed"),
        ({"rented": []}, "unknown key"),
    ],
)
def test_invalid_seeds_are_reported(seed, fragment):
    with pytest.raises(SimulatorError) as error:
        Simulator(seed=seed).start()
    assert fragment in str(error.value)


def test_unknown_flag_is_reported_with_stderr():
    with pytest.raises(SimulatorError) as error:
        Simulator(args=["--no-such-flag"]).start()
    assert "unrecognized arguments" in str(error.value)


def test_example_seed(launch):
    simulator = launch(seed=EXAMPLE_SEED)
    state = simulator.state()
    assert len(state["tollfree"]) == 2 and len(state["powerpacks"]) == 1
    assert {item["country_iso2"] for item in state["numbers"]} == {"US", "CA"}
    assert [item["country_iso2"] for item in state["shortcodes"]] == ["CA"]
    assert sorted(item["type"] for item in state["applications"]) == ["phlo", "xml"]
    [powerpack] = simulator.api("GET", "Powerpack/").json()["objects"]
    pool = pool_uuid_of(powerpack)
    assert simulator.api("GET", pool_path(pool, "Shortcode")).json()["meta"]["total_count"] == 1


CHILD_SCRIPT = textwrap.dedent("""
    import base64, json, os, sys, urllib.request
    url = os.environ["PLIVO_API_URL"]
    auth = base64.b64encode(("%s:%s" % (os.environ["PLIVO_AUTH_ID"], os.environ["PLIVO_AUTH_TOKEN"])).encode()).decode()
    request = urllib.request.Request(url + "/v1/Account/%s/Powerpack/" % os.environ["PLIVO_AUTH_ID"],
                                     headers={"Authorization": "Basic " + auth})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    body = json.load(opener.open(request))
    config = json.load(opener.open(os.environ["PLIVO_SIM_URL"] + "/config"))
    print(json.dumps({"count": body["meta"]["total_count"], "rate_limit": config["rate_limit"]}))
    sys.exit(int(sys.argv[1]))
""")


def test_harness_run_exports_the_environment_and_exit_code():
    completed = run_script(HARNESS_SCRIPT, "run", "--seed", EXAMPLE_SEED, "--rate-limit", "42", "--", sys.executable, "-c", CHILD_SCRIPT, "7")
    assert completed.returncode == 7, completed.stderr
    assert json.loads(completed.stdout) == {"count": 1, "rate_limit": 42}


def test_harness_run_usage_errors():
    for args in (["run"], ["run", "--"], ["start", "--", "true"]):
        completed = run_script(HARNESS_SCRIPT, *args)
        assert completed.returncode == 2 and "usage" in completed.stderr


def test_harness_run_reports_a_failed_start():
    completed = run_script(HARNESS_SCRIPT, "run", "--seed", "/nonexistent/seed.json", "--", "true")
    assert completed.returncode == 1 and "cannot read seed" in completed.stderr


def test_harness_stop_is_idempotent_and_terminates():
    simulator = Simulator().start()
    process = simulator.process
    simulator.stop()
    simulator.stop()
    assert process.poll() == 0
    with pytest.raises(OSError):
        http_request(simulator.base_url, "GET", "/_sim/config", timeout=2)
