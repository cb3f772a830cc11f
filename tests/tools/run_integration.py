"""Run the integration targets with ansible-test against the Plivo API named by the environment.

The simulator harness (``tests/simulator/harness.py run -- ...``) exports PLIVO_API_URL,
PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_SIM_URL. ansible-test passes no environment
variables to the targets, so they reach the playbooks through
``tests/integration/integration_config.yml``, which this script writes and removes again.

Targets that need the simulator's control plane carry the alias ``needs/simulator``; they are
skipped when PLIVO_SIM_URL is not set (a run against the live API).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import uuid

CONFIG = pathlib.Path('tests/integration/integration_config.yml')


def main(argv: list[str]) -> int:
    missing = [name for name in ('PLIVO_API_URL', 'PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN') if not os.environ.get(name)]
    if missing:
        print('run_integration: set %s (the simulator harness does this)' % ', '.join(missing), file=sys.stderr)
        return 2
    sim_url = os.environ.get('PLIVO_SIM_URL', '')
    config = {
        'plivo_api_url': os.environ['PLIVO_API_URL'],
        'plivo_auth_id': os.environ['PLIVO_AUTH_ID'],
        'plivo_auth_token': os.environ['PLIVO_AUTH_TOKEN'],
        'plivo_sim_url': sim_url,
        'plivo_name_prefix': os.environ.get('PLIVO_NAME_PREFIX', 'ansible-test-%s-' % uuid.uuid4().hex[:8]),
    }
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-test'), 'integration', '--local', '--color', 'no']
    if not sim_url:
        command += ['--exclude', 'needs/simulator/']
    command += argv
    # JSON is YAML; it keeps the file free of quoting surprises in tokens.
    CONFIG.write_text(json.dumps(config, indent=2) + '\n', encoding='utf-8')
    try:
        return subprocess.run(command, check=False).returncode
    finally:
        CONFIG.unlink()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
