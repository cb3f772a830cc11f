# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scaffolding of every module: the shared options, every problem of the input at once, the client, failures.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from typing import Callable
from typing import NoReturn

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.plivo.messaging.plugins.module_utils import _requirements
from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._connection import auth_id_looks_valid
from ansible_collections.plivo.messaging.plugins.module_utils._connection import client_from_params
from ansible_collections.plivo.messaging.plugins.module_utils._connection import concurrency_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils._connection import connection_problems
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError

NOTHING_CHANGED = "nothing was changed"

_TYPE_WORDS = {
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "dict": "a dictionary",
    "list": "a list",
    "str": "a string",
    "raw": "a value",
}
_TYPE_ERROR = re.compile(
    r"^argument '(?P<option>[^']+)' is of type (?P<got><class '[^']+'>|\S+)(?: found in '(?P<context>[^']+)'\.?)?"
    r" and we were unable to convert to (?P<want>\w+)"
)
_ELEMENT_ERROR = re.compile(
    r"^Elements value for option '(?P<option>[^']+)'(?: found in '(?P<context>[^']+)')? is of type (?P<got><class '[^']+'>|\S+)"
    r" and we were unable to convert to (?P<want>\w+)"
)


def _type_name(text: str) -> str:
    return re.sub(r"^<class '([^']+)'>$", r"\1", text).rsplit(".", 1)[-1].lstrip("_").replace("AnsibleTagged", "").replace("Ansible", "").lower() or text


def _where(option: str, context: str | None) -> str:
    return f"{context.replace(' -> ', '.')}.{option}" if context else option


def readable_validation_error(error: Exception) -> str | None:
    """A validation error of AnsibleModule in words a playbook author knows, naming the option; None to drop it
    (ansible-core reports a malformed list element twice, once without the option)."""
    name = type(error).__name__
    message = str(error.args[0]) if error.args else str(error)
    if name == "NoLogError":
        return None
    match = _TYPE_ERROR.match(message) if name == "ArgumentTypeError" else _ELEMENT_ERROR.match(message) if name == "ElementError" else None
    if match is None:
        return f"Unsupported parameters: {message}" if name == "UnsupportedError" else message
    want = _TYPE_WORDS.get(match.group("want"), match.group("want"))
    got = _type_name(match.group("got"))
    where = _where(match.group("option"), match.group("context"))
    if name == "ElementError":
        return f"{where} must be a list whose entries are each {want}; an entry is {got if got != 'str' else 'a string'}"
    detail = " ".join(message.split(": ", 1)[1].split()) if ": " in message else ""
    return f"{where} must be {want}, got {'a string' if got == 'str' else got}" + (f" ({detail})" if detail and match.group("want") == "bool" else "")


class _AnsibleModule(AnsibleModule):  # type: ignore[misc]
    """AnsibleModule that reports every problem of the arguments at once, and never shows an auth_id that may be a token.

    item_lists names options that are lists of dictionaries (each with a ``name``) whose problems are reported per
    entry, ``powerpacks[3] ('name').option ...``: ansible-core's own messages do not say which entry they are about.
    """

    def __init__(self, *args: Any, item_lists: tuple[str, ...] = (), **kwargs: Any) -> None:
        self._plivo_item_lists = item_lists  # set first: the validation in AnsibleModule.__init__ may fail_json
        super().__init__(*args, **kwargs)

    def _load_params(self) -> None:
        super()._load_params()
        # The arguments as given, for _validation_messages: validation fills in every option left out of an entry.
        given = {key: value for key, value in self.params.items() if not key.startswith("_ansible_")} if self._plivo_item_lists else {}
        self._plivo_given = copy.deepcopy(given)

    def _log_invocation(self) -> None:
        self._protect_credentials()
        super()._log_invocation()

    def _protect_credentials(self) -> None:
        # An auth_id without the shape of one is most likely the token, given in the wrong option: never show it.
        auth_id = (getattr(self, "params", None) or {}).get("auth_id")
        if auth_id and not auth_id_looks_valid(auth_id):
            self.no_log_values.add(str(auth_id))

    def fail_json(self, msg: str, **kwargs: Any) -> NoReturn:
        self._protect_credentials()
        validation = getattr(self, "validation_result", None)
        if validation is not None and validation.errors and not getattr(self, "_plivo_ready", False):
            msg = "; ".join(dict.fromkeys(self._validation_messages(list(validation.errors)))) + f"; {NOTHING_CHANGED}"
        super().fail_json(msg=msg, **kwargs)
        raise AssertionError("AnsibleModule.fail_json returned")

    def _validation_messages(self, errors: list[Exception]) -> list[str]:
        """The readable messages of the validation errors; those of the entries of item_lists name their entry."""
        given = getattr(self, "_plivo_given", {})
        lists = [name for name in getattr(self, "_plivo_item_lists", ()) if isinstance(given.get(name), list)]
        if lists:
            # The other options again, without the entries' options; then each entry on its own.
            spec = {name: dict(option) for name, option in self.argument_spec.items()}
            for name in lists:
                spec[name].pop("options", None)
            validator = ArgumentSpecValidator(spec, self.mutually_exclusive, self.required_together, self.required_one_of, self.required_if, self.required_by)
            errors = list(validator.validate(copy.deepcopy(given)).errors)
        messages = [text for text in (readable_validation_error(error) for error in errors) if text]
        for name in lists:
            entry_validator = ArgumentSpecValidator(self.argument_spec[name].get("options") or {})
            for index, entry in enumerate(given[name]):
                if not isinstance(entry, dict):
                    continue  # reported above: the list's elements must be dictionaries
                where = f"{name}[{index}] ({str(entry.get('name') or '')!r})"
                for error in entry_validator.validate(entry).errors:
                    text = readable_validation_error(error)
                    if text:
                        # A type error starts with the option (sticky_sender must be ...); others are sentences.
                        messages.append(f"{where}.{text}" if type(error).__name__ in ("ArgumentTypeError", "ElementError") else f"{where}: {text}")
        return messages

    def exit_json(self, **kwargs: Any) -> NoReturn:
        self._protect_credentials()
        super().exit_json(**kwargs)
        raise AssertionError("AnsibleModule.exit_json returned")


class PlivoModule:
    """An AnsibleModule taking the connection options besides its own, and one client for the whole run.

    Typical use::

        module = PlivoModule(argument_spec=dict(name=dict(type="str")), supports_check_mode=True)
        module.run(lambda: dict(changed=False, thing=...))

    run() calls the work function (which calls validate() first) and exits with what it returns. A PlivoError
    becomes fail_json(**err.to_result()); when the run sent no write request, the message says nothing was changed.
    """

    def __init__(self, argument_spec: dict[str, Any] | None = None, concurrency: bool = False, item_lists: tuple[str, ...] = (), **module_kwargs: Any) -> None:
        spec = connection_argument_spec()
        if concurrency:
            spec.update(concurrency_argument_spec())
        spec.update(argument_spec or {})
        self.ansible = _AnsibleModule(argument_spec=spec, item_lists=item_lists, **module_kwargs)
        self.ansible._plivo_ready = True
        for package, error in _requirements.MISSING.items():
            self.ansible.fail_json(msg=missing_required_lib(package), exception=error)
        self._client: PlivoClient | None = None

    @property
    def params(self) -> dict[str, Any]:
        return self.ansible.params  # type: ignore[no-any-return]

    @property
    def check_mode(self) -> bool:
        return bool(self.ansible.check_mode)

    @property
    def diff_mode(self) -> bool:
        return bool(self.ansible._diff)  # AnsibleModule has no public accessor

    @property
    def client(self) -> PlivoClient:
        """The run's client, built (and the connection options checked) on first use; sends nothing by itself."""
        if self._client is None:
            self._client = client_from_params(self.params)
        return self._client

    def validate(self, problems: list[str]) -> None:
        """Fail before any request with every problem of the input: the connection options' and the task's own."""
        problems = connection_problems(self.params) + list(problems)
        if problems:
            raise PlivoValidationError(problems)

    def warn(self, message: str) -> None:
        self.ansible.warn(message)

    def run(self, work: Callable[[], dict[str, Any]]) -> NoReturn:
        failure: dict[str, Any] | None = None
        result: dict[str, Any] = {}
        try:
            result = work()
        except PlivoError as err:
            failure = err.to_result()
            if self._client is None or self._client.writes_attempted == 0:
                failure["msg"] = f"{failure['msg']}; {NOTHING_CHANGED}"
                failure.setdefault("changed", False)
        finally:
            if self._client is not None:
                self._client.close()
        # Outside the except blocks, so no requests/urllib3 exception chain rides along with the failure.
        if failure is not None:
            self.ansible.fail_json(**failure)
        self.ansible.exit_json(**result)
