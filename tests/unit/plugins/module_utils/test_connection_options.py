# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared connection and concurrency options: every problem found before any request, each naming the option and
the fix."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._connection import DEFAULT_MAX_WORKERS
from ansible_collections.plivo.messaging.plugins.module_utils._connection import api_url_problems
from ansible_collections.plivo.messaging.plugins.module_utils._connection import client_from_params
from ansible_collections.plivo.messaging.plugins.module_utils._connection import concurrency_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._connection import connection_problems
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import API_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_TOKEN

GOOD = dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url=API_URL, validate_certs=True, timeout=30.0, max_retries=5, max_retry_delay=30.0)
FIX = "give only the scheme, host and optional port, such as https://api.plivo.com (or the URL of a test simulator)"


def problems(**changes):
    return connection_problems(dict(GOOD, **changes))


def test_good_params_have_no_problem_and_build_a_client_without_sending(monkeypatch):
    from ansible_collections.plivo.messaging.plugins.module_utils import _client

    monkeypatch.setattr(_client, "new_session", lambda: pytest.fail("a request was sent"))
    client = client_from_params(dict(GOOD, max_workers=3, rate_limit=100))
    assert client.base_url == f"{API_URL}/v1/Account/{AUTH_ID}/"
    assert (client.timeout, client.max_retries, client.max_retry_delay, client.validate_certs) == (30.0, 5, 30.0, True)
    assert (client.workers.max_workers, client.limiter.limit) == (3, 100)
    client.close()


def test_a_client_without_the_concurrency_options_sends_one_request_at_a_time():
    client = client_from_params(dict(GOOD))
    assert (client.workers.max_workers, client.limiter.limit) == (1, 300)


def test_client_from_params_raises_every_problem_at_once():
    with pytest.raises(PlivoValidationError) as caught:
        client_from_params(dict(GOOD, auth_id=None, timeout=0, api_url="https://api.plivo.com/v1"))
    assert [problem.split(" ", 1)[0] for problem in caught.value.problems] == ["auth_id", "api_url", "timeout"]


def test_missing_auth_id_names_the_option_and_the_env_var():
    assert problems(auth_id=None) == ["auth_id is missing: set the auth_id option or the PLIVO_AUTH_ID environment variable"]


def test_missing_auth_token_names_the_option_and_the_env_var():
    assert problems(auth_token="") == ["auth_token is missing: set the auth_token option or the PLIVO_AUTH_TOKEN environment variable"]


@pytest.mark.parametrize("auth_id", ["MA123", "XA" + "1" * 18, "ma" + "A" * 18, "MA" + "a" * 18, AUTH_TOKEN])
def test_malformed_auth_id_is_refused_without_echoing_it(auth_id):
    assert problems(auth_id=auth_id) == [
        "auth_id does not look like a Plivo auth ID (20 characters: MA or SA followed by 18 upper-case letters or digits); "
        "copy it from the Plivo console and check that auth_id and auth_token are not swapped"
    ]


def test_swapped_credentials_never_echo_either_value():
    (message,) = problems(auth_id=AUTH_TOKEN, auth_token=AUTH_ID)
    assert "swapped" in message
    assert AUTH_TOKEN not in message and AUTH_TOKEN[:8] not in message and AUTH_ID not in message


def test_subaccount_auth_id_is_accepted():
    assert problems(auth_id="SA" + "Z9" * 9) == []


@pytest.mark.parametrize("api_url", ["api.plivo.com", "ftp://api.plivo.com", "https://", "https://host:0/"])
def test_api_url_must_be_http_or_https(api_url):
    assert problems(api_url=api_url) == [f"api_url {api_url!r} is not an http(s) URL: {FIX}"]


@pytest.mark.parametrize("api_url", ["https://host:notaport/", "http://[::1", "https://host:99999/"])
def test_api_url_that_is_no_url(api_url):
    assert problems(api_url=api_url) == [f"api_url {api_url!r} is not a valid URL: {FIX}"]


@pytest.mark.parametrize("path", ["/v1", "/v1/", "/plivo", "/v1/Account/MAODZKMDFJMJU3MTEYNG/"])
def test_api_url_with_a_path_is_refused_naming_the_path(path):
    api_url = "https://api.plivo.com" + path
    assert problems(api_url=api_url) == [f"api_url {api_url!r} has the path {path!r}; the modules add /v1/Account/... themselves: {FIX}"]


@pytest.mark.parametrize("api_url", ["https://api.plivo.com/?x=1", "https://api.plivo.com#top"])
def test_api_url_with_query_or_fragment_is_refused(api_url):
    assert problems(api_url=api_url) == [f"api_url {api_url!r} has a query string or fragment: {FIX}"]


def test_api_url_with_a_path_and_a_query_gives_both_problems():
    assert len(api_url_problems("https://api.plivo.com/v1?x=1")) == 2


def test_api_url_with_credentials_is_refused_without_echoing_them():
    assert problems(api_url="https://user:hunter2-secret@api.plivo.com") == ["api_url must not hold credentials: set auth_id and auth_token instead"]


@pytest.mark.parametrize("api_url", ["http://127.0.0.1:8089", "https://api.plivo.com/", "http://[::1]:8010", "https://API.Plivo.com"])
def test_documented_forms_are_accepted(api_url):
    assert problems(api_url=api_url) == []


@pytest.mark.parametrize("api_url", ["", None])
def test_empty_api_url_means_the_default(api_url):
    params = dict(GOOD, api_url=api_url)
    assert connection_problems(params) == []
    assert params["api_url"] == "https://api.plivo.com"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"timeout": 0}, "timeout must be a number of seconds greater than 0, got 0"),
        ({"timeout": None}, "timeout must be a number of seconds greater than 0, got None"),
        ({"max_retries": -1}, "max_retries must be 0 (never retry) or more, got -1"),
        ({"max_retry_delay": -1}, "max_retry_delay must be 0 or more seconds, got -1"),
        ({"max_workers": 0}, "max_workers must be 1 (one request at a time) or more, got 0"),
        ({"rate_limit": -5}, "rate_limit must be 0 (no limit of the module's own) or a number of requests per 5 seconds, got -5"),
    ],
)
def test_numeric_settings_are_checked(changes, message):
    assert problems(**changes) == [message]


def test_every_problem_is_reported_at_once():
    found = problems(auth_id=None, auth_token=None, api_url="https://api.plivo.com/v1?x=1", timeout=-1, max_retries=-1, max_workers=0, rate_limit=-1)
    options = [problem.split(" ", 1)[0] for problem in found]
    assert options == ["auth_id", "auth_token", "api_url", "api_url", "timeout", "max_retries", "max_workers", "rate_limit"]


def test_spec_reads_credentials_from_the_environment_and_hides_the_token():
    spec = connection_argument_spec()
    assert spec["auth_id"]["fallback"][1] == ["PLIVO_AUTH_ID"]
    assert spec["auth_token"]["fallback"][1] == ["PLIVO_AUTH_TOKEN"]
    assert spec["api_url"]["fallback"][1] == ["PLIVO_API_URL"]
    assert spec["auth_token"]["no_log"] is True
    spec["auth_id"]["type"] = "int"
    assert connection_argument_spec()["auth_id"]["type"] == "str"  # every call gives a fresh copy


def test_concurrency_spec_defaults():
    spec = concurrency_argument_spec()
    assert (spec["max_workers"]["default"], spec["rate_limit"]["default"]) == (DEFAULT_MAX_WORKERS, 300)
