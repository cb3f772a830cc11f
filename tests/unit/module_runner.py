# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process and catch what it would print."""

from __future__ import annotations

import contextlib
import json
from typing import Any
from typing import Callable
from typing import Iterator
from unittest import mock

from ansible.module_utils import basic

from ansible_collections.plivo.messaging.tests.simulator.plivosim.defaults import DEFAULT_AUTH_ID
from ansible_collections.plivo.messaging.tests.simulator.plivosim.defaults import DEFAULT_AUTH_TOKEN
from ansible_collections.plivo.messaging.tests.simulator.plivosim.inprocess import DEFAULT_BASE_URL

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 has no testing helper; AnsibleModule reads basic._ANSIBLE_ARGS there

    @contextlib.contextmanager
    def patch_module_args(args: dict[str, Any] | None = None) -> Iterator[None]:
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(basic, "_ANSIBLE_ARGS", serialized):
            yield


# The in-process simulator's own defaults (tests/unit/simulated_api.py answers for them).
AUTH_ID = DEFAULT_AUTH_ID
AUTH_TOKEN = DEFAULT_AUTH_TOKEN
API_URL = DEFAULT_BASE_URL
CONNECTION = dict(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, api_url=API_URL)


class ModuleExit(Exception):
    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result)
        self.result = result


# The warnings of the module run in progress (AnsibleModule.warn), returned under ``warnings`` as exit_json would.
_WARNINGS: list[str] = []


def _warn(self, warning: str, **kwargs: Any) -> None:  # pylint: disable=unused-argument
    _WARNINGS.append(warning)


def _with_warnings(result: dict[str, Any]) -> dict[str, Any]:
    if _WARNINGS:
        result["warnings"] = list(_WARNINGS)
    return result


def _exit_json(self, **kwargs: Any) -> None:  # pylint: disable=unused-argument
    kwargs.setdefault("changed", False)
    raise ModuleExit(_with_warnings(kwargs))


def _fail_json(self, msg: str, **kwargs: Any) -> None:  # pylint: disable=unused-argument
    kwargs.pop("exception", None)
    raise ModuleExit(_with_warnings(dict(kwargs, msg=msg, failed=True)))


def run_module(
    main: Callable[[], None], args: dict[str, Any], check_mode: bool = False, diff: bool = False, connection: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The module's result: the keyword arguments of exit_json, or of fail_json plus failed=True, with the warnings
    of the run under ``warnings`` (when it warned)."""
    module_args = dict(CONNECTION if connection is None else connection)
    module_args.update(args)
    module_args.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    _WARNINGS.clear()
    with patch_module_args(module_args), mock.patch.object(basic.AnsibleModule, "exit_json", _exit_json), mock.patch.object(
        basic.AnsibleModule, "fail_json", _fail_json
    ), mock.patch.object(basic.AnsibleModule, "warn", _warn):
        try:
            main()
        except ModuleExit as done:
            return done.result
    raise AssertionError("the module returned without exit_json or fail_json")
