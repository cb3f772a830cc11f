# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error tree a failed task is built from, and the redaction of secrets in what the collection reports."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._errors import REDACTED
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PhoneNumberError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoAmbiguousNameError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoConflictError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoPartialFailure
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import redact

TOKEN = "QlrFBNZJGTiQx7Kw2mPq9sVb4nYc3dEf"
URL = "https://api.plivo.com/v1/Account/MAODZKMDFJMJU3MTEYNG/Powerpack/"


def pieces(secret, size=8):
    return [secret[start : start + size] for start in range(len(secret) - size + 1)]


# redact


def test_a_whole_secret_is_masked():
    assert redact(f"token {TOKEN} is wrong", [TOKEN]) == f"token {REDACTED} is wrong"


@pytest.mark.parametrize("piece", pieces(TOKEN))
def test_every_eight_character_piece_of_a_secret_is_masked(piece):
    text = redact(f"echo: {piece}!", [TOKEN])
    assert piece not in text
    assert text == f"echo: {REDACTED}!"


def test_the_start_of_a_secret_cut_short_by_an_excerpt_is_masked():
    # The issue: an excerpt cut a token short and "QlrFBNZJGTiQ..." reached the task's message.
    assert redact(f"body: {TOKEN[:12]}...", [TOKEN]) == f"body: {REDACTED}..."


def test_seven_characters_of_a_secret_are_left_alone():
    assert redact(f"x {TOKEN[:7]} y", [TOKEN]) == f"x {TOKEN[:7]} y"


def test_overlapping_and_adjacent_pieces_become_one_mask():
    assert redact(TOKEN[:10] + TOKEN[5:20] + " end", [TOKEN]) == f"{REDACTED} end"


def test_several_secrets():
    other = "another-secret-value"
    assert redact(f"{TOKEN} and {other}", [TOKEN, other, ""]) == f"{REDACTED} and {REDACTED}"


@pytest.mark.parametrize(
    "secret, text, expected",
    [
        ("s3cr3t", "x s3cr3t y", f"x {REDACTED} y"),  # 6 or 7 characters: masked whole
        ("ok", "an ok message", "an ok message"),  # shorter secrets would shred ordinary words
        ("", "nothing to hide", "nothing to hide"),
    ],
)
def test_short_secrets(secret, text, expected):
    assert redact(text, [secret]) == expected


@pytest.mark.parametrize("text", [None, ""])
def test_nothing_to_redact(text):
    assert redact(text, [TOKEN]) == text


def test_text_without_a_secret_is_returned_unchanged():
    text = "Plivo API: GET https://api.plivo.com/v1/ failed with 500: oops"
    assert redact(text, [TOKEN]) == text


# The error tree


def test_every_error_is_a_plivo_error():
    for error_class in (PlivoValidationError, PhoneNumberError, PlivoConflictError, PlivoAmbiguousNameError, PlivoApiError, PlivoOutcomeUnknown):
        assert issubclass(error_class, PlivoError)
    assert issubclass(PlivoOutcomeUnknown, PlivoApiError)
    assert issubclass(PlivoAmbiguousNameError, PlivoConflictError)
    assert issubclass(PhoneNumberError, PlivoValidationError)
    assert issubclass(PlivoPartialFailure, PlivoError)


def test_to_result_is_the_message_and_the_extra_keys():
    err = PlivoPartialFailure("half done", changed=True, pending={"add": []})
    assert err.to_result() == {"msg": "half done", "changed": True, "pending": {"add": []}}


def test_validation_error_holds_every_problem():
    err = PlivoValidationError(["auth_id is missing", "timeout must be a number of seconds greater than 0, got 0"])
    assert err.problems == ["auth_id is missing", "timeout must be a number of seconds greater than 0, got 0"]
    assert str(err) == "auth_id is missing; timeout must be a number of seconds greater than 0, got 0"


def test_validation_error_of_one_problem():
    err = PlivoValidationError("name must not be empty")
    assert err.problems == ["name must not be empty"] and str(err) == "name must not be empty"


def test_phone_number_error_names_its_entry():
    err = PhoneNumberError("numbers[3]", "'ABC' is not a phone number")
    assert (err.where, err.message, str(err), err.problems) == (
        "numbers[3]",
        "'ABC' is not a phone number",
        "numbers[3]: 'ABC' is not a phone number",
        [str(err)],
    )


def test_ambiguous_name_lists_the_sorted_uuids_and_how_to_choose():
    err = PlivoAmbiguousNameError("alerts", ["b-2", "a-1"])
    assert str(err) == "Powerpack name 'alerts' is not unique: 2 Powerpacks carry it (uuids: a-1, b-2); set uuid to choose one"
    assert err.to_result()["uuids"] == ["a-1", "b-2"]
    assert str(PlivoAmbiguousNameError("alerts", ["x", "y"], "set powerpack_uuid")).endswith("; set powerpack_uuid")


def test_api_error_names_the_full_url_status_error_and_api_id():
    err = PlivoApiError("POST", "/Powerpack/", 400, "name is required", "b2e2", url=URL)
    assert str(err) == f"Plivo API: POST {URL} failed with 400: name is required (api_id b2e2)"
    assert err.to_result() == {"msg": str(err), "status": 400, "api_id": "b2e2", "method": "POST", "path": "/Powerpack/", "url": URL}


def test_api_error_without_an_answer_and_with_a_detail():
    err = PlivoOutcomeUnknown("POST", "/Powerpack/", None, "no answer within 30 seconds", detail="it may or may not have been applied", url=URL)
    assert str(err) == f"Plivo API: POST {URL} failed: no answer within 30 seconds; it may or may not have been applied"
    assert err.status is None


def test_api_error_without_a_url_names_the_path():
    assert str(PlivoApiError("GET", "/Powerpack/", 500)) == "Plivo API: GET /Powerpack/ failed with 500: no error message"
    assert str(PlivoApiError("GET", "/Powerpack/")) == "Plivo API: GET /Powerpack/ failed: no response"
