# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input across the modules and the role: every one fails naming the option, and nothing is written.

All cases run in one ansible-playbook process (one step each); afterwards the request log must hold no
write request and the account must be as seeded.
"""

from __future__ import annotations

import pytest
import relhelpers as rh
import yaml

LONG = "x" * 10000
FULLWIDTH_NUMBER = "".join(chr(0xFF10 + int(digit)) for digit in "14155550102")  # unicode digits that are not ASCII
PRIORITY = ["longcode", "tollfree", "shortcode"]


def pool_args(**args):
    """number_pool options on the seeded Powerpack: args and its name."""
    return {"powerpack": rh.EXISTING, **args}


def powerpack_args(**args):
    """Options of the powerpack module (or an item of the role) for the seeded Powerpack: its name and args."""
    return {"name": rh.EXISTING, **args}


def priority(**entry):
    base = {"country_iso": "US", "service_type": "sms", "priority": PRIORITY}
    base.update(entry)
    return [base]


# (id, target, args, text the message must hold: the option or entry it names)
MODULE_CASES = [
    ("pp-empty-name", "powerpack", {"name": ""}, "name"),
    ("pp-blank-name", "powerpack", {"name": "   "}, "name"),
    ("pp-10000-char-name", "powerpack", {"name": LONG}, "name is 10000 characters"),
    ("pp-uuid-slash", "powerpack", {"uuid": "86bbb125/../x"}, "uuid"),
    ("pp-uuid-dotdot", "powerpack", {"uuid": ".."}, "uuid"),
    ("pp-uuid-encoded-slash", "powerpack", {"uuid": "a%2F..%2FNumberPool"}, "uuid"),
    ("pp-uuid-query-fragment", "powerpack", {"uuid": "abc?x=1#y"}, "uuid"),
    ("pp-uuid-unicode", "powerpack", {"uuid": "86bbb125-\u00e9t\u00e9"}, "uuid"),
    ("pp-unrent-on-present", "powerpack", powerpack_args(unrent_numbers=True), "unrent_numbers"),
    ("pp-priority-unknown-value", "powerpack", powerpack_args(number_priority=priority(priority=["cheapest", "longcode", "tollfree"])), "priority"),
    (
        "pp-priority-repeated-value",
        "powerpack",
        powerpack_args(number_priority=priority(priority=["longcode", "longcode", "tollfree"])),
        "number_priority[0].priority",
    ),
    ("pp-priority-two-values", "powerpack", powerpack_args(number_priority=priority(priority=["longcode", "tollfree"])), "number_priority[0].priority"),
    ("pp-country-three-letters", "powerpack", powerpack_args(number_priority=priority(country_iso="USA")), "number_priority[0].country_iso"),
    ("pp-country-unicode", "powerpack", powerpack_args(number_priority=priority(country_iso="\u00dc\u00df")), "number_priority[0].country_iso"),
    ("pp-service-voice", "powerpack", powerpack_args(number_priority=priority(service_type="voice")), "service_type"),
    ("pp-sticky-sender-not-bool", "powerpack", powerpack_args(sticky_sender="perhaps"), "sticky_sender"),
    ("pp-application-type-unknown", "powerpack", powerpack_args(application_id=rh.XML_APP, application_type="soap"), "application_type"),
    ("pp-application-id-without-type", "powerpack", powerpack_args(application_id=rh.XML_APP), "application_type"),
    ("pp-state-unknown", "powerpack", powerpack_args(state="deleted"), "state"),
    ("pp-unknown-option", "powerpack", powerpack_args(stiky_sender=True), "stiky_sender"),
    ("pp-timeout-zero", "powerpack", powerpack_args(timeout=0), "timeout"),
    ("pp-max-retries-negative", "powerpack", powerpack_args(max_retries=-1), "max_retries"),
    ("pp-api-url-ftp", "powerpack", powerpack_args(api_url="ftp://api.plivo.com"), "api_url"),
    ("info-uuid-dotdot", "powerpack_info", {"uuid": "../Powerpack"}, "uuid"),
    ("info-uuid-and-name", "powerpack_info", {"uuid": rh.EXISTING_UUID, "name": rh.EXISTING}, "uuid"),
    ("info-include-numbers-not-bool", "powerpack_info", {"include_numbers": "often"}, "include_numbers"),
    ("info-max-retry-delay-not-float", "powerpack_info", {"max_retry_delay": "soon"}, "max_retry_delay"),
    ("pool-number-with-letters", "number_pool", pool_args(numbers=["+1415555CALL"]), "numbers[0]"),
    # "/" separates digits like "-" (1415/555/0102 is +1 415 555 0102, docs of _numbers); a backslash does not.
    ("pool-number-backslash", "number_pool", pool_args(numbers=["1415\\5550102"]), "numbers[0]"),
    ("pool-number-encoded-slash", "number_pool", pool_args(numbers=["1415%2F5550102"]), "numbers[0]"),
    ("pool-number-fullwidth-digits", "number_pool", pool_args(numbers=[FULLWIDTH_NUMBER]), "numbers[0]"),
    ("pool-number-10000-digits", "number_pool", pool_args(numbers=["1" * 10000]), "numbers[0]"),
    ("pool-number-list", "number_pool", pool_args(numbers=[[rh.US_2]]), "numbers[0]"),
    ("pool-service-fax", "number_pool", pool_args(numbers=[{"number": rh.US_2, "service": "fax"}]), "numbers[0]"),
    ("pool-tollfree-letters", "number_pool", pool_args(tollfree=["18OO5550199"]), "tollfree[0]"),
    ("pool-shortcode-too-short", "number_pool", pool_args(shortcodes=["12"]), "shortcodes[0]"),
    ("pool-shortcode-dotdot", "number_pool", pool_args(shortcodes=["../44"]), "shortcodes[0]"),
    ("pool-powerpack-uuid-slash", "number_pool", {"powerpack_uuid": "a/../b", "numbers": [rh.US_2]}, "powerpack_uuid"),
    ("pool-empty-powerpack", "number_pool", {"powerpack": "", "numbers": [rh.US_2]}, "powerpack"),
    ("pool-name-and-uuid", "number_pool", pool_args(powerpack_uuid=rh.EXISTING_UUID, numbers=[rh.US_2]), "powerpack"),
    ("pool-purge-on-absent", "number_pool", pool_args(numbers=[rh.US_1], state="absent", purge=True), "purge"),
    ("pool-rent-on-absent", "number_pool", pool_args(numbers=[rh.US_1], state="absent", rent=True), "rent"),
    ("pool-unrent-without-purge", "number_pool", pool_args(numbers=[rh.US_2], unrent=True), "unrent"),
]

# Issue 13: numbers as people write them, and options that look right but are not. The text is a tuple when the
# message must name the option and the value.
OCTAL_NUMBER = yaml.safe_load("n: 0014155550101")["n"]  # what YAML 1.1 makes of an unquoted 0014155550101: octal
MODULE_CASES += [
    ("pool-national-parens", "number_pool", pool_args(numbers=["(415) 555 0102"]), ("numbers[0]", "(415) 555 0102")),
    ("pool-national-dashes", "number_pool", pool_args(numbers=["415-555-0102"]), ("numbers[0]", "415-555-0102")),
    ("pool-national-int", "number_pool", pool_args(numbers=[4155550102]), ("numbers[0]", "4155550102")),
    ("pool-trunk-zero-in-nanp", "number_pool", pool_args(numbers=["+1 (0)415 555 0102"]), ("numbers[0]", "+1 (0)415 555 0102")),
    ("pool-invalid-area-code", "number_pool", pool_args(numbers=["+1 999 555 0100"]), ("numbers[0]", "+1 999 555 0100")),
    ("pool-yaml-octal", "number_pool", pool_args(numbers=[OCTAL_NUMBER]), ("numbers[0]", str(OCTAL_NUMBER))),
    ("pool-tollfree-under-numbers", "number_pool", pool_args(numbers=[rh.TOLLFREE_2]), ("numbers[0]", "+1 888-555-0142", "tollfree")),
    ("pool-tollfree-under-numbers-absent", "number_pool", pool_args(numbers=[rh.TOLLFREE_1], state="absent"), ("numbers[0]", "+1 800-555-0199", "tollfree")),
    ("pool-tollfree-under-numbers-rent", "number_pool", pool_args(numbers=["+1 888 555 0177"], rent=True), ("numbers[0]", "tollfree")),
    (
        "pool-tollfree-under-numbers-purge",
        "number_pool",
        pool_args(numbers=[rh.US_1, rh.TOLLFREE_2], purge=True),
        ("numbers[1]", "+1 888-555-0142", "tollfree"),
    ),
    ("pool-longcode-under-tollfree", "number_pool", pool_args(tollfree=[rh.US_2]), ("tollfree[0]", "+1 415-555-0102", "numbers")),
    ("pp-country-zz", "powerpack", powerpack_args(number_priority=priority(country_iso="ZZ")), ("number_priority[0].country_iso", "ZZ")),
    ("pp-country-usa", "powerpack", powerpack_args(number_priority=priority(country_iso="USA")), ("number_priority[0].country_iso", "USA")),
    ("pp-api-url-v1", "powerpack", powerpack_args(api_url="http://127.0.0.1:1/v1"), ("api_url", "/v1")),
    ("pp-priority-a-string", "powerpack", powerpack_args(number_priority="US"), "number_priority"),
    ("pp-300-char-name", "powerpack", {"name": "n" * 300}, ("name", "300")),
    ("info-api-url-v1", "powerpack_info", {"api_url": "http://127.0.0.1:1/v1"}, ("api_url", "/v1")),
    (
        "pool-every-problem-at-once",
        "number_pool",
        pool_args(numbers=["415-555-0102", "+1415555CALL"], tollfree=[rh.US_2], timeout=0),
        ("numbers[0]", "numbers[1]", "tollfree[0]", "timeout"),
    ),
]

ROLE_CASES = [
    ("role-unknown-key", [powerpack_args(purgee=True)], "purgee"),
    ("role-unknown-preset", [powerpack_args(preset={"name": "cheapest_first", "countries": ["US"]})], "preset"),
    ("role-preset-and-priority", [powerpack_args(preset={"name": "local_first", "countries": ["US"]}, number_priority=priority())], "number_priority|preset"),
    ("role-sticky-sender-not-bool", [powerpack_args(sticky_sender="perhaps")], "sticky_sender"),
    ("role-missing-name", [{"sticky_sender": True}], "name"),
    ("role-state-unknown", [powerpack_args(state="gone")], "state"),
    ("role-empty-name", [{"name": ""}], "name"),
    ("role-number-with-letters", [powerpack_args(numbers=["+1415555CALL"])], "numbers[0]"),
    ("role-unrent-numbers-not-bool", [powerpack_args(unrent="sometimes")], "unrent"),
    # A new Powerpack: the role must refuse its numbers before the powerpack task creates it.
    ("role-new-powerpack-bad-number", [{"name": "reli-bad", "numbers": ["+1415555CALL"]}], "numbers[0]"),
]

# Issue 14: the engine (module powerpacks) and the role, each given the same list; every problem is named at once.
GOOD = {"name": "reli-good", "numbers": [rh.US_3]}
LIST_CASES = [
    ("one-bad-item-among-good", [GOOD, {"name": "reli-bad", "numbers": ["+1415555CALL"]}, {"name": "reli-good-2"}], ("[1]", "numbers[0]", "+1415555CALL")),
    ("application-id-without-type", [{"name": "reli-app", "application_id": rh.XML_APP}], ("application_id", "application_type")),
    ("300-character-name", [GOOD, {"name": "n" * 300}], ("name", "300")),
    ("same-name-twice", [GOOD, {"name": "reli-good", "sticky_sender": False}], ("reli-good", "[0]", "[1]")),
    ("number-under-numbers-and-tollfree", [{"name": "reli-twice", "numbers": [rh.TOLLFREE_2], "tollfree": [rh.TOLLFREE_2]}], ("+1 888-555-0142", "numbers[0]")),
    ("number-in-two-items", [GOOD, {"name": "reli-other", "numbers": [rh.US_3]}], (rh.US_3, "[0]", "[1]")),
    ("rented-tollfree-under-numbers", [{"name": "reli-tf", "numbers": [rh.TOLLFREE_2]}], ("numbers[0]", "+1 888-555-0142", "tollfree")),
    ("national-number-no-default-country", [{"name": "reli-nat", "numbers": ["(415) 555 0102"]}], ("numbers[0]", "(415) 555 0102")),
    ("country-zz-in-preset", [{"name": "reli-zz", "preset": {"name": "local_first", "countries": ["ZZ"]}}], ("countries", "ZZ")),
    (
        "every-problem-at-once",
        [{"name": "", "numbers": ["1"]}, {"name": "reli-x", "application_id": "42", "preset": {"name": "local_first", "countries": ["USA"]}}],
        ("[0]", "name", "numbers[0]", "[1]", "application_type", "USA"),
    ),
]


def list_cases(cases):
    """Each issue-14 case twice: for the engine module and for the role."""
    module_cases = [("engine-" + case_id, "powerpacks", {"powerpacks": items}, text) for case_id, items, text in cases]
    role_cases = [("role-" + case_id, items, text) for case_id, items, text in cases]
    return module_cases, role_cases


def steps_for(module_cases, role_cases):
    steps = [rh.module_step(case_id, module, args) for case_id, module, args, dummy in module_cases]
    steps += [rh.role_step(case_id, powerpacks) for case_id, powerpacks, dummy in role_cases]
    return steps


def check_failures(run, expectations):
    """Each case failed, with one message holding every expected text (the option, the value, ...)."""
    problems = []
    for case_id, text in expectations:
        texts = (text,) if isinstance(text, str) else tuple(text)
        entry = run.steps.get(case_id)
        if entry is None:
            problems.append(f"{case_id}: did not run")
            continue
        found = rh.messages(entry["result"])
        if not entry["failed"]:
            problems.append("{}: succeeded ({})".format(case_id, entry["result"].get("changed")))
        elif not any(all(part in msg or any(alt in msg for alt in part.split("|")) for part in texts) for msg in found):
            problems.append(f"{case_id}: no message names {texts!r}: {[msg[:600] for msg in found]}")
    return problems


def bad_input_run(sim, module_cases, role_cases):
    run = rh.run_playbook(sim, steps_for(module_cases, role_cases))
    assert run.rc == 0, run.describe()
    expectations = [(case[0], case[3]) for case in module_cases] + [(case[0], case[2]) for case in role_cases]
    problems = check_failures(run, expectations)
    assert problems == [], "\n".join(problems)
    writes = sim.write_requests()
    assert [entry["method"] + " " + entry["path"] for entry in writes] == []
    assert rh.comparable_state(sim.state()) == rh.comparable_state(sim.reset())
    return run, expectations, writes


@pytest.mark.parametrize("share", [pytest.param(0, id="even"), pytest.param(1, marks=pytest.mark.full, id="odd")])
def test_bad_inputs(sim, share):
    """make test tries every other case (half of each target's), make test-reliability the other half too."""
    module_cases = MODULE_CASES[share::2]
    role_cases = ROLE_CASES[share::2]
    run, expectations, writes = bad_input_run(sim, module_cases, role_cases)
    targets = [case[1] for case in module_cases] + ["role"] * len(role_cases)
    rh.record("bad_input", inputs=len(expectations), targets=targets, write_requests=len(writes), seconds=round(run.seconds, 1))


@pytest.mark.parametrize("share", [pytest.param(0, id="even"), pytest.param(1, marks=pytest.mark.full, id="odd")])
def test_bad_lists_engine_and_role(sim, share):
    """Issue 14: a whole list refused before any request, for the engine and for the role."""
    module_cases, role_cases = list_cases(LIST_CASES[share::2])
    run, expectations, writes = bad_input_run(sim, module_cases, role_cases)
    targets = ["powerpacks"] * len(module_cases) + ["role"] * len(role_cases)
    rh.record("bad_input", inputs=len(expectations), targets=targets, write_requests=len(writes), seconds=round(run.seconds, 1))


def test_inputs_accepted_as_meant(sim):
    """Issue 13 and 14: what looks odd but is right is accepted, read as meant, and a second run changes nothing."""
    role_vars = {"powerpacks_preset_services": "sms"}
    steps = []
    for round_id in ("first", "second"):
        steps += [
            # Spaces around an application id are ignored: it must not be sent again on every run.
            rh.module_step(
                f"app-id-spaces-{round_id}",
                "powerpack",
                {"name": "reli-app-spaces", "application_type": "xml", "application_id": f"  {rh.XML_APP} "},
            ),
            # YAML reads an unquoted name: 2024 as an integer; it is the Powerpack named "2024".
            rh.module_step(f"name-int-{round_id}", "powerpack", {"name": 2024, "sticky_sender": False}),
            # +49 (0)30 123456: the trunk 0 in parentheses is dropped; the account does not rent it, which only a
            # read can tell, so the run fails there (check mode: no write), having read it as 4930123456.
            rh.module_step(f"de-trunk-zero-{round_id}", "number_pool", pool_args(numbers=["+49 (0)30 123456"]), check=True),
            # A comma-separated string of countries is split; preset services given as a string are one service.
            rh.role_step(
                f"countries-string-{round_id}",
                [{"name": "reli-countries", "preset": {"name": "local_first", "countries": "US,CA"}}],
                role_vars=role_vars,
            ),
            rh.module_step(
                f"engine-countries-string-{round_id}",
                "powerpacks",
                {"powerpacks": [{"name": "reli-countries-2", "preset": {"name": "tollfree_first", "countries": "US,CA", "services": "sms"}}]},
            ),
        ]
    run = rh.run_playbook(sim, steps)
    assert run.rc == 0, run.describe()
    for step_id in ("app-id-spaces", "name-int", "countries-string", "engine-countries-string"):
        assert not run[step_id + "-first"]["failed"], (step_id, rh.messages(run[step_id + "-first"]["result"]))
        assert not run[step_id + "-second"]["failed"], (step_id, rh.messages(run[step_id + "-second"]["result"]))
        assert run[step_id + "-second"]["result"]["changed"] is False, (step_id, run[step_id + "-second"]["result"])
    for round_id in ("first", "second"):
        trunk = run["de-trunk-zero-" + round_id]
        assert trunk["failed"] and any("4930123456" in msg and "does not rent" in msg for msg in rh.messages(trunk["result"])), trunk
    state = sim.state()
    by_name = {item["name"]: item for item in state["powerpacks"]}
    assert by_name["reli-app-spaces"]["application_id"] == rh.XML_APP
    assert "2024" in by_name and by_name["2024"]["sticky_sender"] is False
    for name in ("reli-countries", "reli-countries-2"):
        entries = sorted((entry["country_iso"].upper(), entry["service_type"].lower()) for entry in by_name[name]["number_priority"])
        assert entries == [("CA", "sms"), ("US", "sms")], (name, by_name[name]["number_priority"])
    assert rh.powerpack_names(state).count("2024") == 1
    rh.record("accepted_input", inputs=5, runs=2, seconds=round(run.seconds, 1))
