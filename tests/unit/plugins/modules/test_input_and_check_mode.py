# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input and check-mode fixes of issue 13 (changelogs/fragments/input-and-check-mode.yml, numbers-libphonenumber.yml)
at module level, against the simulator's core.

Numbers are read with libphonenumber (national forms only with default_country); a number under the wrong kind is
refused before any request; state=absent removes a number whichever kind the pool holds it as; check mode plans the
pool of a Powerpack an earlier task would create, and refuses what the real run refuses before its first write; a
refused connection fails after one short retry.
"""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import NOT_RENTED
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import seed_powerpacks
from ansible_collections.plivo.messaging.tests.unit.sample_account import sms

BERLIN = "4930123456"
LONDON = "442079460958"  # a London long code to libphonenumber
UK_FREEPHONE = "448001234567"  # a UK toll-free number to libphonenumber


def start(simulated_api, *powerpacks_, numbers=(A, B, BERLIN), tollfree=(TF,), **settings):
    seed = {"numbers": list(numbers), "tollfree": list(tollfree), "powerpacks": seed_powerpacks(powerpacks_)}
    return simulated_api(seed=seed, **settings)


def pool_run(args, **modes):
    return run_module(number_pool.main, args, **modes)


# --- national numbers and default_country ---------------------------------------------------------------


@pytest.mark.parametrize("written", ["(415) 555-0101", "415-555-0101", "4155550101", "415.555.0101"])
def test_a_national_number_is_refused_without_default_country(simulated_api, written):
    api = start(simulated_api, "sales")
    result = pool_run(dict(powerpack="sales", numbers=[written], rent=True))
    assert result["failed"] is True
    refusal = f"numbers[0]: {written!r} has no country code: write it in international form starting with + (for a North American number: +1 415-555-0101)"
    assert refusal in result["msg"]
    assert api.requests() == []


@pytest.mark.parametrize(
    "written, country, digits",
    [("(415) 555-0101", "US", A), ("415.555.0101", "us", A), ("030 123456", "DE", BERLIN), ("+49 (0)30 123456", "US", BERLIN), ("0014155550101", None, A)],
)
def test_a_national_number_is_read_in_default_country(simulated_api, written, country, digits):
    api = start(simulated_api, dict(name="sales", numbers=[digits]))
    args = dict(powerpack="sales", numbers=[written])
    if country is not None:
        args["default_country"] = country
    result = pool_run(args)
    assert result.get("failed") is None, result["msg"]
    assert result["changed"] is False and result["number_pool"]["numbers"] == [dict(number=digits, service="sms")]
    assert api.write_requests() == []


def test_an_unquoted_number_read_as_octal_is_refused(simulated_api):
    api = start(simulated_api, "sales")
    result = pool_run(dict(powerpack="sales", numbers=[int("0014155550101", 8)]))  # what YAML 1.1 makes of 0014155550101
    assert result["failed"] is True and "numbers[0]: 1639370817 has no country code" in result["msg"]
    assert api.requests() == []


def test_the_powerpacks_engine_reads_national_numbers_with_its_defaults(simulated_api):
    api = start(simulated_api)
    items = [
        dict(name="us", numbers=["(415) 555-0101"]),
        dict(name="de", numbers=["030 123456"], default_country="DE"),
        dict(name="bad", numbers=["415 555 0102"]),
    ]
    refused = run_module(powerpacks.main, dict(powerpacks=items))
    assert refused["failed"] is True and "powerpacks[0] ('us').numbers[0]: '(415) 555-0101' has no country code" in refused["msg"]
    assert api.requests() == []
    result = run_module(powerpacks.main, dict(powerpacks=items[:2], defaults=dict(default_country="US")))
    assert result.get("failed") is None, result["msg"]
    assert api.members("us")["numbers"] == {A: "sms"} and api.members("de")["numbers"] == {BERLIN: "sms"}


# --- toll-free numbers under numbers (and long codes under tollfree) ----------------------------------------


@pytest.mark.parametrize("state", ["present", "absent"])
@pytest.mark.parametrize("rent", [False, True])
def test_a_toll_free_number_under_numbers_is_refused_with_no_request(simulated_api, state, rent):
    api = start(simulated_api, dict(name="sales", tollfree=[TF]))
    args = dict(powerpack="sales", numbers=["+1 (800) 555-0199"], state=state)
    if rent:
        args["rent" if state == "present" else "unrent"] = True
    result = pool_run(args)
    assert result["failed"] is True and "numbers[0]: +1 800-555-0199 is a toll-free number: list it under tollfree" in result["msg"]
    assert api.requests() == [] and api.members("sales")["tollfree"] == [TF]


def test_a_long_code_under_tollfree_is_refused_with_no_request(simulated_api):
    api = start(simulated_api, "sales")
    result = run_module(powerpacks.main, dict(powerpacks=[dict(name="sales", tollfree=["+1 415 555 0101"])]))
    assert result["failed"] is True and "powerpacks[0] ('sales').tollfree[0]: +1 415-555-0101 is not a toll-free number" in result["msg"]
    assert api.requests() == []


# --- a number the pool holds under the other kind -------------------------------------------------------------


def test_absent_removes_a_number_the_pool_holds_as_toll_free(simulated_api):
    # The account rents a London number as toll-free (seeded so): libphonenumber calls it a long code.
    api = start(simulated_api, dict(name="sales", tollfree=[LONDON, TF]), tollfree=(TF, LONDON))
    result = pool_run(dict(powerpack="sales", numbers=["+44 20 7946 0958"], state="absent"))
    assert result["changed"] is True and result["removed"] == {"numbers": [], "tollfree": [LONDON], "shortcodes": []}
    assert api.writes_made() == [("DELETE", api.pool_path("sales", "Tollfree", LONDON), {"unrent": False})]
    assert api.members("sales")["tollfree"] == [TF]
    assert pool_run(dict(powerpack="sales", numbers=["+44 20 7946 0958"], state="absent"))["changed"] is False


def test_absent_removes_a_number_the_pool_holds_as_a_long_code(simulated_api):
    # A UK freephone number the account rents as a long code (seeded so): libphonenumber calls it toll-free.
    api = start(simulated_api, dict(name="sales", numbers=[UK_FREEPHONE, A]), numbers=(A, UK_FREEPHONE))
    result = pool_run(dict(powerpack="sales", tollfree=["+44 800 123 4567"], state="absent", unrent=True))
    assert result["changed"] is True and result["removed"]["numbers"] == [dict(number=UK_FREEPHONE, service="sms")]
    assert result["unrented"] == [UK_FREEPHONE] and UK_FREEPHONE not in api.rented()
    assert api.members("sales")["numbers"] == {A: "sms"}


def test_present_never_adds_a_number_under_the_other_kind(simulated_api):
    api = start(simulated_api, dict(name="sales", tollfree=[LONDON]), tollfree=(TF, LONDON))
    result = pool_run(dict(powerpack="sales", numbers=["+44 20 7946 0958"]))
    assert result["failed"] is True
    # Only the long codes are read (the task lists no toll-free number): the account's Number API tells the kind.
    assert "numbers: the account's Number API says 442079460958 is toll-free: list it under tollfree" in result["msg"]
    tollfree_too = pool_run(dict(powerpack="sales", numbers=["+44 20 7946 0958"], tollfree=[TF]))  # both kinds read
    refusal = "numbers: 442079460958 is in the pool as a toll-free number (tollfree), not as a long code (numbers); list it under tollfree"
    assert refusal in tollfree_too["msg"]
    assert api.write_requests() == []


# --- check mode: a Powerpack an earlier task would create ------------------------------------------------------


def test_check_mode_plans_an_empty_pool_for_a_powerpack_that_does_not_exist_yet(simulated_api):
    api = start(simulated_api)
    created = run_module(powerpack.main, dict(name="new", sticky_sender=False), check_mode=True)
    assert created["changed"] is True and created["powerpack"]["uuid"] is None
    result = pool_run(dict(powerpack="new", numbers=[A, "+1 415 555 0102"], tollfree=[TF]), check_mode=True, diff=True)
    assert result.get("failed") is None and result["changed"] is True
    assert any("there is no Powerpack named 'new' yet" in warning and "planned as a new, empty pool" in warning for warning in result["warnings"])
    assert result["added"] == {"numbers": sms(A, B), "tollfree": [TF]}
    assert result["number_pool"] == {"uuid": None, "numbers": sms(A, B), "tollfree": [TF], "shortcodes": None}
    assert result["diff"]["before"] == {"numbers": [], "tollfree": []}
    assert api.write_requests() == [] and api.names() == []
    # Its numbers are still checked against the account, and short codes still cannot be added.
    refused = pool_run(dict(powerpack="new", numbers=[NOT_RENTED], shortcodes=["444444"]), check_mode=True)
    assert refused["failed"] is True
    assert "the account does not rent 14155550177" in refused["msg"] and "shortcodes: 444444 is not in the pool" in refused["msg"]
    # The real run, without the earlier task, fails.
    real = pool_run(dict(powerpack="new", numbers=[A]))
    assert real["failed"] is True and "there is no Powerpack named 'new'" in real["msg"] and api.write_requests() == []


# --- check-mode refusals the real run also makes ----------------------------------------------------------------


def refusals(api):
    renamed = api.powerpack("alerts")["uuid"]
    return {
        "rename to a taken name": (
            powerpack.main,
            dict(uuid=renamed, name="taken"),
            f"cannot rename Powerpack {renamed} to 'taken': the Powerpack {api.powerpack('taken')['uuid']} already carries that name",
        ),
        "a number in another pool": (
            number_pool.main,
            dict(powerpack="alerts", numbers=[B]),
            "+1 415-555-0102 (14155550102) is in the pool of the Powerpack 'taken': a number is in one pool only",
        ),
        "not rented without rent": (
            number_pool.main,
            dict(powerpack="alerts", numbers=[NOT_RENTED]),
            "numbers: the account does not rent 14155550177: set rent: true to buy it and add it to the pool",
        ),
    }


@pytest.mark.parametrize("refusal", ["rename to a taken name", "a number in another pool", "not rented without rent"])
def test_check_mode_refuses_what_the_real_run_refuses(simulated_api, refusal):
    api = start(simulated_api, "alerts", dict(name="taken", numbers=[B]))
    main, args, message = refusals(api)[refusal]
    check = run_module(main, args, check_mode=True)
    real = run_module(main, args)
    assert check["failed"] is True and real["failed"] is True
    assert message in check["msg"] and check["msg"] == real["msg"]
    assert check["msg"].endswith("nothing was changed") and check["changed"] is False
    assert api.write_requests() == [] and api.names() == ["alerts", "taken"]


# --- a refused connection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "main, args",
    [
        (number_pool.main, dict(powerpack="sales", numbers=[A])),
        (powerpacks.main, dict(powerpacks=[dict(name="sales")])),
        (powerpack.main, dict(name="sales", state="absent")),
    ],
)
def test_a_refused_connection_fails_after_one_short_retry(simulated_api, main, args):
    api = start(simulated_api, "sales")
    elsewhere = dict(api.connection, api_url="http://127.0.0.1:9")
    result = run_module(main, dict(args, max_retries=5), connection=elsewhere)
    assert result["failed"] is True and result["changed"] is False
    assert "could not connect to http://127.0.0.1:9" in result["msg"] and "Connection refused" in result["msg"]
    assert "check api_url and the network; nothing was changed" in result["msg"]
    assert api.sleeps == [0.5]  # one short retry, not max_retries of backoff
    assert api.requests() == [] and api.names() == ["sales"]
