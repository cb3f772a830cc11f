# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared connection options: checked before any request, with a message naming the option and the fix."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.connection import (
    check_connection_params,
    client_from_params,
    connection_argument_spec,
)
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import API_URL, AUTH_ID, AUTH_TOKEN

GOOD = dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url=API_URL, validate_certs=True, timeout=30.0, max_retries=5, max_retry_delay=30.0)


def problem(**changes):
    with pytest.raises(PlivoValidationError) as caught:
        check_connection_params(dict(GOOD, **changes))
    return str(caught.value)


def test_good_params_pass_and_build_a_client_without_sending():
    client = client_from_params(GOOD)
    assert client.base_url == f"{API_URL}/v1/Account/{AUTH_ID}/"
    assert (client.timeout, client.max_retries, client.max_retry_delay, client.validate_certs) == (30.0, 5, 30.0, True)
    client.close()


def test_missing_auth_id_names_the_option_and_the_env_var():
    assert problem(auth_id=None) == "auth_id is missing: set the auth_id option or the PLIVO_AUTH_ID environment variable"


def test_missing_auth_token_names_the_option_and_the_env_var():
    assert "PLIVO_AUTH_TOKEN" in problem(auth_token="")


@pytest.mark.parametrize("auth_id", ["MA123", "XA" + "1" * 18, "ma" + "A" * 18, "MA" + "a" * 18, AUTH_TOKEN])
def test_malformed_auth_id_is_refused_without_echoing_it(auth_id):
    message = problem(auth_id=auth_id)
    assert "MA or SA followed by 18" in message and auth_id not in message


def test_subaccount_auth_id_is_accepted():
    check_connection_params(dict(GOOD, auth_id="SA" + "Z9" * 9))


@pytest.mark.parametrize("api_url", ["api.plivo.com", "ftp://api.plivo.com", "https://", "https://host:notaport/", "http://[::1"])
def test_api_url_must_be_http_or_https(api_url):
    assert "api_url must be an http(s) URL" in problem(api_url=api_url)


def test_empty_api_url_means_the_default():
    params = dict(GOOD, api_url="")
    check_connection_params(params)
    assert params["api_url"] == "https://api.plivo.com"


def test_api_url_with_credentials_is_refused_without_echoing_them():
    message = problem(api_url="https://user:hunter2-secret@api.plivo.com")
    assert "must not hold credentials" in message and "hunter2" not in message


def test_api_url_with_query_is_refused():
    assert "query string" in problem(api_url="https://api.plivo.com/?x=1")


def test_http_simulator_url_with_port_is_accepted():
    check_connection_params(dict(GOOD, api_url="http://127.0.0.1:8089"))


@pytest.mark.parametrize("changes, option", [({"timeout": 0}, "timeout"), ({"max_retries": -1}, "max_retries"), ({"max_retry_delay": -1}, "max_retry_delay")])
def test_numeric_settings_are_checked(changes, option):
    assert problem(**changes).startswith(option)


def test_spec_reads_credentials_from_the_environment_and_hides_the_token():
    spec = connection_argument_spec()
    assert spec["auth_id"]["fallback"][1] == ["PLIVO_AUTH_ID"]
    assert spec["auth_token"]["fallback"][1] == ["PLIVO_AUTH_TOKEN"]
    assert spec["api_url"]["fallback"][1] == ["PLIVO_API_URL"]
    assert spec["auth_token"]["no_log"] is True
    spec["auth_id"]["type"] = "int"
    assert connection_argument_spec()["auth_id"]["type"] == "str"  # every call gives a fresh copy
