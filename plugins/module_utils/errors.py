# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every exception the collection raises on purpose; str() of each is the message shown to the user."""

from __future__ import annotations

from typing import Any, Iterable

REDACTED = "********"


def redact(text: str | None, secrets: Iterable[str]) -> str | None:
    """Replace every secret found in text; a second line of defence behind Ansible's own no_log masking."""
    if not text:
        return text
    for secret in secrets:
        # Very short "secrets" would shred ordinary words; real tokens are long.
        if secret and len(secret) >= 6:
            text = text.replace(secret, REDACTED)
    return text


class PlivoError(Exception):
    """Base class: anything the modules turn into a failed task."""


class PlivoValidationError(PlivoError):
    """The task's options are wrong; raised before any request is sent."""


class PlivoAmbiguousNameError(PlivoError):
    """More than one object carries the name the task asked for."""

    def __init__(self, kind: str, name: str, uuids: Iterable[str]) -> None:
        self.uuids = sorted(uuids)
        super().__init__(
            "{0} name {1!r} is not unique: {2} {0}s carry it (uuids: {3}); set uuid to choose one".format(kind, name, len(self.uuids), ", ".join(self.uuids))
        )


class PlivoApiError(PlivoError):
    """A request to the Plivo API failed: an error status, an unusable answer, or no answer at all (status None).

    path is relative to the account (``/Powerpack/{uuid}/``) and never holds credentials.
    """

    def __init__(
        self,
        method: str,
        path: str,
        status: int | None = None,
        error: str | None = None,
        api_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.error = error
        self.api_id = api_id
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        if self.status is None:
            text = "Plivo API: {} {} failed: {}".format(self.method, self.path, self.error or "no response")
        else:
            text = "Plivo API: {} {} failed with {}: {}".format(self.method, self.path, self.status, self.error or "no error message")
        if self.api_id:
            text += f" (api_id {self.api_id})"
        if self.detail:
            text += f"; {self.detail}"
        return text

    def to_result(self) -> dict[str, Any]:
        """Keyword arguments for AnsibleModule.fail_json: a structured failure a playbook can test."""
        return dict(msg=str(self), status=self.status, api_id=self.api_id, method=self.method, path=self.path)


class PlivoOutcomeUnknown(PlivoApiError):
    """A write whose answer was lost (5xx, read timeout, dropped connection): it may or may not have been applied.

    It is never repeated blindly; the caller reads the resource again and continues from what the API says.
    """
