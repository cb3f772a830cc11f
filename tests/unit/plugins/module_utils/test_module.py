# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_module: ansible-core's validation errors in words a playbook author knows, and an auth_id that may be a token."""

from __future__ import annotations

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.plivo.messaging.plugins.module_utils._connection import concurrency_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._engine import ARGUMENT_SPEC as ENGINE_SPEC
from ansible_collections.plivo.messaging.plugins.module_utils._module import NOTHING_CHANGED
from ansible_collections.plivo.messaging.plugins.module_utils._module import _AnsibleModule
from ansible_collections.plivo.messaging.plugins.module_utils._module import readable_validation_error
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack_task import ARGUMENT_SPEC as POWERPACK_SPEC
from ansible_collections.plivo.messaging.tests.unit.module_runner import patch_module_args
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_TOKEN

POWERPACK = dict(connection_argument_spec(), **POWERPACK_SPEC)
ENGINE = dict(connection_argument_spec(), **concurrency_argument_spec(), **ENGINE_SPEC)


def messages(spec, params):
    """What the module reports for these arguments: the readable messages of ansible-core's errors, each once."""
    errors = ArgumentSpecValidator(spec).validate(params).errors
    assert errors, "ansible-core found no error"
    return list(dict.fromkeys(text for text in (readable_validation_error(error) for error in errors) if text))


@pytest.mark.parametrize("value", ["US:sms", ["US:sms"]])
def test_number_priority_of_strings_gives_one_message_naming_the_option_and_the_type(value):
    errors = ArgumentSpecValidator(POWERPACK).validate(dict(name="x", number_priority=value)).errors
    assert sorted(type(error).__name__ for error in errors) == ["ElementError", "NoLogError"]  # ansible-core says it twice
    assert messages(POWERPACK, dict(name="x", number_priority=value)) == [
        "number_priority must be a list whose entries are each a dictionary; an entry is a string"
    ]


def test_an_option_of_an_item_is_named_with_its_list():
    assert messages(ENGINE, dict(powerpacks=[{"name": "a", "number_priority": "US:sms"}])) == [
        "powerpacks.number_priority must be a list whose entries are each a dictionary; an entry is a string"
    ]


def test_a_list_of_dictionaries_given_a_string():
    assert messages(ENGINE, dict(powerpacks="alerts")) == ["powerpacks must be a list whose entries are each a dictionary; an entry is a string"]


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("timeout", "soon", "timeout must be a number, got a string"),
        ("max_retries", "x", "max_retries must be a whole number, got a string"),
        ("max_retries", [1], "max_retries must be a whole number, got list"),
        ("validate_certs", "maybe", "validate_certs must be true or false, got a string (The value 'maybe' is not a valid boolean. Valid booleans include: "),
    ],
)
def test_type_errors_name_the_option_and_the_type_wanted(option, value, message):
    (found,) = messages(POWERPACK, {"name": "x", option: value})
    assert found.startswith(message), found


def test_a_bool_of_an_item_names_the_item_option():
    (found,) = messages(ENGINE, dict(powerpacks=[{"name": "a", "purge": "maybe"}]))
    assert found.startswith("powerpacks.purge must be true or false, got a string (The value 'maybe' is not a valid boolean.")


def test_every_error_is_reported():
    found = messages(ENGINE, dict(powerpacks=[{"name": "a", "purge": "maybe"}], max_workers="many", timeout="soon"))
    assert [text.split(" ", 1)[0] for text in found] == ["timeout", "max_workers", "powerpacks.purge"]


def test_unsupported_parameters_say_so():
    (found,) = messages(POWERPACK, dict(name="x", bogus=1))
    assert found.startswith("Unsupported parameters: bogus. Supported parameters include: api_url, application_id")


def test_other_errors_keep_ansible_cores_words():
    assert messages(ENGINE, dict(powerpacks=[{"name": "a", "state": "gone"}])) == [
        "value of state must be one of: present, absent, got: gone found in powerpacks"
    ]
    assert messages(ENGINE, dict(powerpacks=[{"sticky_sender": True}])) == ["missing required arguments: name found in powerpacks"]


# The scaffolding's AnsibleModule


class Failed(Exception):
    pass


def fail_json(self, msg, **kwargs):
    raise Failed(msg)


def test_the_module_fails_with_every_message_once_and_says_nothing_was_changed(monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    with patch_module_args(dict(name="x", number_priority="US:sms", timeout="soon", auth_id=AUTH_ID, auth_token=AUTH_TOKEN)), pytest.raises(Failed) as caught:
        _AnsibleModule(argument_spec=dict(POWERPACK))
    assert str(caught.value) == (
        f"timeout must be a number, got a string; number_priority must be a list whose entries are each a dictionary; an entry is a string; {NOTHING_CHANGED}"
    )


@pytest.mark.parametrize(
    "auth_id, auth_token, hidden",
    [
        # auth_id and auth_token swapped: the "auth_id" is the token, which ansible-core does not know to hide
        pytest.param(AUTH_TOKEN, AUTH_ID, {AUTH_TOKEN, AUTH_ID}, id="an auth_id that is not shaped like one is never shown"),
        pytest.param(AUTH_ID, AUTH_TOKEN, {AUTH_TOKEN}, id="a real auth_id stays visible"),
    ],
)
def test_the_auth_id_is_hidden_only_when_it_may_be_a_token(monkeypatch, auth_id, auth_token, hidden):
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    with patch_module_args(dict(name="x", auth_id=auth_id, auth_token=auth_token)):
        module = _AnsibleModule(argument_spec=dict(POWERPACK))
    with pytest.raises(Failed):
        module.fail_json(msg="later")
    assert {AUTH_ID, AUTH_TOKEN} & set(module.no_log_values) == hidden
