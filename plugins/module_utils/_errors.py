# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every exception the collection raises on purpose, and the redaction of secrets in what it reports.

This module_utils is private to the collection: its names may change in any release.

One tree: a module turns any PlivoError into a failed task with err.to_result(); str(err) is the message.
Whether anything was changed is appended in one place, the module scaffolding (_module.py), which knows whether
a write request was sent.
"""

from __future__ import annotations

from typing import Any
from typing import Iterable

REDACTED = "********"
# A run of this many characters of a secret is redacted wherever it shows, also cut short at the end of an excerpt.
SECRET_PIECE = 8


def redact(text: str | None, secrets: Iterable[str]) -> str | None:
    """Mask every secret in text, and every piece of SECRET_PIECE or more characters of one.

    A second line of defence behind Ansible's no_log masking, which only knows whole values: an error body may
    echo part of a token, or an excerpt may cut a token short.
    """
    if not text:
        return text
    pieces: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        if len(secret) < SECRET_PIECE:
            if len(secret) >= 6:  # very short "secrets" would shred ordinary words
                text = text.replace(secret, REDACTED)
            continue
        pieces.update(secret[start : start + SECRET_PIECE] for start in range(len(secret) - SECRET_PIECE + 1))
    if not pieces:
        return text
    hidden = [False] * len(text)
    for start in range(len(text) - SECRET_PIECE + 1):
        if text[start : start + SECRET_PIECE] in pieces:
            hidden[start : start + SECRET_PIECE] = [True] * SECRET_PIECE
    if not any(hidden):
        return text
    out = []
    index = 0
    while index < len(text):
        if hidden[index]:
            while index < len(text) and hidden[index]:
                index += 1
            out.append(REDACTED)
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


class PlivoError(Exception):
    """Anything that fails a task. Extra keyword arguments become keys of the failed task's result."""

    def __init__(self, msg: str, **result: Any) -> None:
        super().__init__(msg)
        self.result = result

    def to_result(self) -> dict[str, Any]:
        """Keyword arguments for AnsibleModule.fail_json."""
        return dict(self.result, msg=str(self))


class PlivoValidationError(PlivoError):
    """The task's options are wrong; found before any request. Holds every problem found, each naming its option."""

    def __init__(self, problems: str | Iterable[str], **result: Any) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems), **result)


class PhoneNumberError(PlivoValidationError):
    """An entry of numbers, tollfree or shortcodes that cannot be used; ``where`` is its place (``numbers[3]``)."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


class PlivoConflictError(PlivoError):
    """What the account holds makes the task impossible (a name taken, a number in another pool); found by reads."""


class PlivoAmbiguousNameError(PlivoConflictError):
    """More than one Powerpack carries the name the task asked for."""

    def __init__(self, name: str, uuids: Iterable[str], choose: str = "set uuid to choose one") -> None:
        self.name = name
        self.uuids = sorted(uuids)
        super().__init__(
            f"Powerpack name {name!r} is not unique: {len(self.uuids)} Powerpacks carry it (uuids: {', '.join(self.uuids)}); {choose}",
            uuids=self.uuids,
        )


class PlivoApiError(PlivoError):
    """A request to the Plivo API failed: an error status, an unusable answer, or no answer at all (status None).

    ``url`` is the full URL of the request (it holds the auth id, never a credential); ``path`` is relative to
    the account (``/Powerpack/{uuid}/``).
    """

    def __init__(
        self,
        method: str,
        path: str,
        status: int | None = None,
        error: str | None = None,
        api_id: str | None = None,
        detail: str | None = None,
        url: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.url = url or path
        self.status = status
        self.error = error
        self.api_id = api_id
        self.detail = detail
        super().__init__(self._message(), status=status, api_id=api_id, method=method, path=path, url=self.url)

    def _message(self) -> str:
        if self.status is None:
            text = f"Plivo API: {self.method} {self.url} failed: {self.error or 'no response'}"
        else:
            text = f"Plivo API: {self.method} {self.url} failed with {self.status}: {self.error or 'no error message'}"
        if self.api_id:
            text += f" (api_id {self.api_id})"
        if self.detail:
            text += f"; {self.detail}"
        return text


class PlivoOutcomeUnknown(PlivoApiError):
    """A write whose answer was lost (5xx, read timeout, dropped connection): it may or may not have been applied.

    It is never repeated blindly; the caller reads the resource again and continues from what the API says.
    """


class PlivoPartialFailure(PlivoError):
    """A request failed after others had changed the account; the result says what was done and what is pending."""
