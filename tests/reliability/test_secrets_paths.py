# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The auth token never shows, and no input reaches another endpoint.

Secrets: API answers that echo the token and the Basic credentials back (the simulator's fault rules), whole or
past the cut of an excerpt, for every module and the role, and credentials given swapped. The token (raw,
URL-quoted, inside the Basic header, and any 8 characters of it) must appear nowhere in the output, the registered
results, the Ansible log or the request log. Runs without such answers are the token_secrecy integration target's.

Paths: identifiers with "/", "%2F", "..", "?" and "#" are refused before any request; names with them (sent in
bodies or compared locally) only ever produce requests on the collection's endpoints.
"""

from __future__ import annotations

import base64
import os
import re
from urllib.parse import quote

import pytest
import relhelpers as rh

HOSTILE = ["a/b", "a%2Fb", "..", "x?limit=1#frag", "%2e%2e", "a/../../Number/14155550101"]


def secrets_of(sim):
    basic = base64.b64encode((f"{sim.auth_id}:{sim.auth_token}").encode()).decode()
    return [sim.auth_token, quote(sim.auth_token, safe=""), basic]


def echo_body(sim):
    basic = base64.b64encode((f"{sim.auth_id}:{sim.auth_token}").encode()).decode()
    return {"error": f"denied for token {sim.auth_token} (Authorization: Basic {basic})"}


def test_an_echoed_token_is_never_shown(sim):
    """Error answers that echo the token and the Basic credentials back (JSON and HTML, 400, 401, a 503 retried to the
    end), for every module and the role: each task fails with the answer's text, the token masked; the token (raw,
    URL-quoted, and inside the Basic header) is nowhere in the -vvvv output, the registered results or the request
    log. What the modules and the role print without such an answer (every state, check and diff mode, refusals,
    the API's own errors) is the token_secrecy integration target's, which runs against the live API too."""
    echo = echo_body(sim)
    sim.add_fault(method="GET", path="/Powerpack/deadbeef-0001/$", status=400, body=echo)
    sim.add_fault(method="GET", path="/Powerpack/deadbeef-0002/$", status=401, body=echo)
    sim.add_fault(method="GET", path="/Powerpack/deadbeef-0003/$", status=503, body=echo, times=5)
    sim.add_fault(
        method="POST",
        path=rf"/NumberPool/[^/]+/Number/{rh.CA_2}/$",
        status=400,
        content_type="text/html",
        body=f"<html><body>bad request, token {sim.auth_token}</body></html>",
    )
    sim.add_fault(method="POST", path="/Powerpack/$", status=400, body={"error": f"auth token {sim.auth_token} is not valid for this request"})
    role_vars = {"powerpacks_auth_id": sim.auth_id, "powerpacks_auth_token": sim.auth_token, "powerpacks_api_url": sim.api_url}
    steps = [
        rh.module_step("pp-api-error", "powerpack", {"uuid": "deadbeef-0001", "sticky_sender": True}, diff=True),
        rh.module_step("info-api-error", "powerpack_info", {"uuid": "deadbeef-0002"}),
        rh.module_step("pool-api-error", "number_pool", {"powerpack_uuid": "deadbeef-0003", "numbers": [rh.US_3]}),
        rh.module_step("pool-html-error", "number_pool", {"powerpack": rh.EXISTING, "numbers": [rh.CA_2]}, diff=True),
        rh.role_step("role-api-error", [{"name": "reli-secret-echo"}], diff=True, role_vars=role_vars),
    ]
    run = rh.run_playbook(sim, steps, args=["-vvvv"])
    assert run.rc == 0, run.describe()
    assert sorted(step_id for step_id in run.steps if not run[step_id]["failed"]) == [] and len(run.steps) == len(steps), run.describe()
    assert sim.faults() == [], "a fault was not triggered: its step proves nothing"
    # The client masks the token in the answer's text (a second line of defence behind no_log).
    masked = {
        "pp-api-error": "failed with 400: denied for token ********",
        "info-api-error": "failed with 401: denied for token ********",
        "role-api-error": "failed with 400: auth token ******** is not valid for this request",
    }
    for step_id, text in masked.items():
        assert any(text in msg for msg in rh.messages(run[step_id]["result"])), (step_id, rh.messages(run[step_id]["result"]))
    # The credentials reached the modules: the auth id shows, the token is masked.
    assert sim.auth_id in run.output and "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.output
    with open(os.path.join(run.directory, "steps.json"), encoding="utf-8") as handle:
        registered = handle.read()
    for secret in secrets_of(sim):
        assert secret not in run.output, "the auth token (or its Basic form) is in the -vvvv output"
        assert secret not in registered, "the auth token (or its Basic form) is in a registered result"
        assert secret not in str(sim.requests())
    rh.record("secrets", runs=1, steps=len(steps), bytes=len(run.output.encode("utf-8")))


def pieces(secret, size=8):
    """Every run of ``size`` characters of secret (what _errors.redact() masks)."""
    return {secret[start : start + size] for start in range(len(secret) - size + 1)}


def leaks(text, secret):
    """The 8-character pieces of secret found in text (the whole secret shows as all of them)."""
    return sorted(piece for piece in pieces(secret) if piece in text)


def everything_written(run, log_path):
    """stdout (with -vvvv), the registered results and the Ansible log of a run, as one text."""
    with open(os.path.join(run.directory, "steps.json"), encoding="utf-8") as handle:
        registered = handle.read()
    with open(log_path, encoding="utf-8") as handle:
        ansible_log = handle.read()
    assert ansible_log, "ANSIBLE_LOG_PATH was not written: the test would prove nothing"
    return {"stdout": run.output, "registered results": registered, "ANSIBLE_LOG_PATH": ansible_log}


FILLER = "f" * 190  # past the 200 characters an excerpt of a non-JSON body keeps, so a cut would fall in the token


def test_token_past_the_excerpt_cut_is_never_shown(sim, tmp_path):
    """Issue 15 item 6: error bodies (JSON and HTML) echo the token after 190 characters, for every module and the role."""
    token = sim.auth_token
    json_body = {"error": FILLER + token + " trailing words"}
    html_body = f"<html><body><p>{FILLER}{token}</p><p>more text after the token</p></body></html>"
    faults = [
        (r"/Powerpack/deadbeef-0101/$", "GET", json_body, None),
        (r"/Powerpack/deadbeef-0102/$", "GET", html_body, "text/html"),
        (rf"/NumberPool/{rh.EXISTING_POOL}/Number/{rh.US_2}/$", "POST", json_body, None),
        (rf"/NumberPool/{rh.EXISTING_POOL}/Number/{rh.US_3}/$", "POST", html_body, "text/html"),
        (r"/Powerpack/$", "POST", json_body, None),
        (rf"/Account/[^/]+/Number/{rh.SPARE[0]}/$", "GET", html_body, "text/html"),
        (rf"/Account/[^/]+/Number/{rh.SPARE[1]}/$", "GET", json_body, None),
    ]
    for path, method, body, content_type in faults:
        rule = dict(method=method, path=path, status=400, body=body)
        if content_type:
            rule["content_type"] = content_type
        sim.add_fault(**rule)
    role_vars = {"powerpacks_auth_id": sim.auth_id, "powerpacks_auth_token": sim.auth_token, "powerpacks_api_url": sim.api_url}
    steps = [
        rh.module_step("pp-json", "powerpack", {"uuid": "deadbeef-0101", "sticky_sender": True}, diff=True),
        rh.module_step("info-html", "powerpack_info", {"uuid": "deadbeef-0102"}),
        rh.module_step("pool-json", "number_pool", {"powerpack": rh.EXISTING, "numbers": [rh.US_2]}, diff=True),
        rh.module_step("pool-html", "number_pool", {"powerpack": rh.EXISTING, "numbers": [rh.US_3]}),
        rh.module_step("engine-json", "powerpacks", {"powerpacks": [{"name": "reli-leak", "sticky_sender": False}]}, diff=True),
        rh.module_step("engine-html", "powerpacks", {"powerpacks": [{"name": rh.EXISTING, "numbers": [rh.SPARE[0]]}]}),
        rh.role_step("role-json", [{"name": rh.EXISTING, "numbers": [rh.SPARE[1]]}], diff=True, role_vars=role_vars),
    ]
    log_path = str(tmp_path / "ansible.log")
    run = rh.run_playbook(sim, steps, args=["-vvvv"], env={"ANSIBLE_LOG_PATH": log_path})
    assert run.rc == 0, run.describe()
    assert sorted(step_id for step_id in run.steps if not run[step_id]["failed"]) == [], run.describe()
    assert sim.faults() == [], "a fault was not triggered: its step proves nothing"
    for step_id in run.steps:
        found = rh.messages(run[step_id]["result"])
        assert any("400" in msg and FILLER[:20] in msg for msg in found), (step_id, found)  # the body's text did reach the message
    places = everything_written(run, log_path)
    places["simulator request log"] = str(sim.requests())
    for place, text in places.items():
        assert leaks(text, token) == [], f"8-character pieces of the token in the {place}"
    rh.record("secrets", runs=1, steps=len(steps), bytes=sum(len(text.encode("utf-8")) for text in places.values()))


@pytest.mark.parametrize("verbosity", ["-vvv", pytest.param("-vvvv", marks=pytest.mark.full)])
def test_swapped_credentials_never_shown(sim, tmp_path, verbosity):
    """Issue 15 item 7: auth_id and auth_token swapped. Each task fails saying so, and the token given as auth_id is
    never shown: not in the message, not in invocation.module_args at -vvv/-vvvv, not in the Ansible log."""
    token = sim.auth_token
    swapped = dict(api_url=sim.api_url, auth_id=token, auth_token=sim.auth_id, **rh.FAST_RETRIES)
    role_vars = {"powerpacks_auth_id": token, "powerpacks_auth_token": sim.auth_id, "powerpacks_api_url": sim.api_url}
    steps = [
        rh.module_step("pp", "powerpack", {"name": rh.EXISTING, "sticky_sender": True}),
        rh.module_step("pp-check", "powerpack", {"name": rh.EXISTING, "sticky_sender": True}, check=True, diff=True),
        rh.module_step("info", "powerpack_info", {"name": rh.EXISTING}),
        rh.module_step("pool", "number_pool", {"powerpack": rh.EXISTING, "numbers": [rh.US_2]}, diff=True),
        rh.module_step("engine", "powerpacks", {"powerpacks": [{"name": rh.EXISTING, "numbers": [rh.US_2]}]}),
        rh.role_step("role", [{"name": rh.EXISTING, "numbers": [rh.US_2]}], role_vars=role_vars),
    ]
    log_path = str(tmp_path / "ansible.log")
    run = rh.run_playbook(sim, steps, args=[verbosity], connection=swapped, env={"ANSIBLE_LOG_PATH": log_path})
    assert run.rc == 0, run.describe()
    for step_id in run.steps:
        assert run[step_id]["failed"], step_id
        found = rh.messages(run[step_id]["result"])
        assert any("auth_id" in msg and "swapped" in msg for msg in found), (step_id, found)
    assert len(run.steps) == len(steps)
    assert "invocation" in run.output, "no module_args shown: the verbosity did not apply"
    assert sim.requests() == [], "a request was sent with swapped credentials"
    for place, text in everything_written(run, log_path).items():
        assert leaks(text, token) == [], f"pieces of the token (given as auth_id) in the {place}"
    rh.record("secrets", runs=1, steps=len(steps), bytes=len(run.output.encode("utf-8")))


def endpoint_re(auth_id):
    segment = r"[A-Za-z0-9-]+"
    return re.compile(rf"^/v1/Account/{re.escape(auth_id)}/(Powerpack/({segment}/)?|NumberPool/{segment}/(Number|Tollfree|Shortcode)/(\d+/)?|Number/\d+/)$")


def test_hostile_identifiers_refused_before_any_request(sim):
    steps = []
    for index, value in enumerate(HOSTILE):
        steps.append(rh.module_step(f"pp-uuid-{index:d}", "powerpack", {"uuid": value}))
        steps.append(rh.module_step(f"info-uuid-{index:d}", "powerpack_info", {"uuid": value}))
        steps.append(rh.module_step(f"pool-uuid-{index:d}", "number_pool", {"powerpack_uuid": value, "numbers": [rh.US_2]}))
        steps.append(rh.module_step(f"pool-number-{index:d}", "number_pool", {"powerpack_uuid": rh.EXISTING_UUID, "numbers": ["1415555010" + value]}))
    run = rh.run_playbook(sim, steps)
    assert run.rc == 0, run.describe()
    assert sorted(step_id for step_id in run.steps if not run[step_id]["failed"]) == []
    assert sim.requests() == [], "a refused identifier must not cause any request"
    rh.record("paths", inputs=len(steps), requests=0)


def test_hostile_names_stay_on_their_endpoints(sim):
    steps = []
    for index, value in enumerate(HOSTILE):
        steps.append(rh.module_step(f"pp-name-{index:d}", "powerpack", {"name": "reli " + value}))
        steps.append(rh.module_step(f"info-name-{index:d}", "powerpack_info", {"name": value}))
        steps.append(rh.module_step(f"pool-name-{index:d}", "number_pool", {"powerpack": value, "numbers": [rh.US_2]}))
    steps.append(rh.role_step("role", [{"name": "reli role " + value, "numbers": ["1415555010" + value]} for value in HOSTILE[:3]]))
    run = rh.run_playbook(sim, steps)
    assert run.rc == 0, run.describe()
    created = [name for name in rh.powerpack_names(sim.state()) if name.startswith("reli ") and not name.startswith("reli role ")]
    assert sorted(created) == sorted("reli " + value for value in HOSTILE)
    pattern = endpoint_re(sim.auth_id)
    logged = sim.requests()
    assert logged
    strays = [entry["method"] + " " + entry["path"] for entry in logged if not pattern.match(entry["path"])]
    assert strays == []
    writes = sim.write_requests()
    assert all(entry["method"] == "POST" and entry["path"].endswith("/Powerpack/") for entry in writes), writes
    rh.record("paths", inputs=len(steps), requests=len(logged))
