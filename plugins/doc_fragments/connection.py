# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection options of every module; the argument spec lives in module_utils/connection.py.
    DOCUMENTATION = r"""
options:
  auth_id:
    description:
      - The Plivo auth ID of the account or subaccount (20 characters, V(MA...) or V(SA...)).
      - If not set, the environment variable E(PLIVO_AUTH_ID) is used; the task fails when neither is set.
      - Requests go to the API paths of this account, C({api_url}/v1/Account/{auth_id}/).
    type: str
  auth_token:
    description:
      - The auth token that goes with O(auth_id).
      - If not set, the environment variable E(PLIVO_AUTH_TOKEN) is used; the task fails when neither is set.
    type: str
  api_url:
    description:
      - Base URL of the Plivo API, without the C(/v1/...) path.
      - Point it at a Plivo API simulator to test playbooks without a Plivo account.
      - If not set, the environment variable E(PLIVO_API_URL) is used, then the default; an empty value means the default.
    type: str
    default: https://api.plivo.com
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Only set to V(false) for a test API with a self-signed certificate.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the connection and for each answer of each request.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a failed request is tried again before the task fails; V(0) never retries.
      - Retried are answers 429 (too many requests; any method, the API did not process the request),
        and, for reads and deletes only, answers 500, 502, 503 and 504, timeouts and broken connections.
      - A create or update (POST) whose answer is lost (5xx, timeout, broken connection) is never
        repeated blindly, see the notes. A POST that could not even connect is retried.
    type: int
    default: 5
  max_retry_delay:
    description:
      - The longest wait in seconds before a retry.
      - Waits grow exponentially (about 1, 2, 4, 8 ... seconds, with random jitter); a C(Retry-After)
        header sent with a 429 (or 503) answer is honoured, in seconds or as an HTTP date, up to this cap.
    type: float
    default: 30
requirements:
  - requests
notes:
  - All requests of one task share one HTTPS connection, send the User-Agent C(plivo.messaging/<version>), and
    authenticate with HTTP Basic authentication.
  - When the answer to a create or update is lost, the module reads the object again and continues from what
    the API says instead of repeating the request blindly, so a lost answer never creates a duplicate.
"""
