# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scaffolding of every module: AnsibleModule with the shared connection options, the client, structured failures."""

from __future__ import annotations

from typing import Any, Callable, NoReturn

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.plivo.messaging.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.connection import client_from_params, connection_argument_spec
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoApiError, PlivoError


class PlivoModule:
    """An AnsibleModule taking the connection options besides its own, and one client for the whole run.

    Typical use::

        module = PlivoModule(argument_spec=dict(name=dict(type="str")), supports_check_mode=True)
        module.run(lambda: dict(changed=False, thing=...))

    run() checks the connection options, calls the work function and exits with what it returns;
    a PlivoApiError becomes fail_json(msg, status, api_id, method, path), any other PlivoError fail_json(msg).
    """

    def __init__(self, argument_spec: dict[str, Any] | None = None, **module_kwargs: Any) -> None:
        spec = connection_argument_spec()
        spec.update(argument_spec or {})
        self.ansible = AnsibleModule(argument_spec=spec, **module_kwargs)
        if not HAS_REQUESTS:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self._client: PlivoClient | None = None

    @property
    def params(self) -> dict[str, Any]:
        return self.ansible.params

    @property
    def check_mode(self) -> bool:
        return bool(self.ansible.check_mode)

    @property
    def diff_mode(self) -> bool:
        return bool(self.ansible._diff)  # pylint: disable=protected-access  # AnsibleModule has no public accessor

    @property
    def client(self) -> PlivoClient:
        """The run's client, built (and the connection options checked) on first use; sends nothing by itself."""
        if self._client is None:
            self._client = client_from_params(self.params)
        return self._client

    def connect(self) -> PlivoClient:
        """Check the connection options now, before the module's own work; sends nothing."""
        return self.client

    def fail(self, msg: str, **result: Any) -> NoReturn:
        self.ansible.fail_json(msg=msg, **result)

    def run(self, work: Callable[[], dict[str, Any]]) -> NoReturn:
        failure: dict[str, Any] | None = None
        result: dict[str, Any] = {}
        try:
            self.connect()
            result = work()
        except PlivoApiError as err:
            failure = err.to_result()
        except PlivoError as err:
            failure = dict(msg=str(err))
        finally:
            if self._client is not None:
                self._client.close()
        # Outside the except blocks, so no requests/urllib3 exception chain rides along with the failure.
        if failure is not None:
            self.ansible.fail_json(**failure)
        self.ansible.exit_json(**result)
