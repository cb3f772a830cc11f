#!/usr/bin/env bash
# The virtualenv `make units` runs `ansible-test units --requirements` from:
#
#   tests/tools/units_venv.sh PYTHON VENV
#
# ansible-test installs the unit tests' requirements (its own list plus tests/unit/requirements.txt) into
# the Python it runs on. Running it from the Makefile's .venv would add packages that
# tests/requirements-dev.txt does not pin; so it runs from VENV instead: the same Python version and the same
# ansible-core as PYTHON (the Makefile's .venv, or a test-matrix leg's), made once and reused. VENV/pip.conf
# keeps the pip runs of ansible-test quiet unless they fail (ansible-test passes no PIP_* variable to pip,
# but pip reads the pip.conf of the virtualenv it installs into). ansible-test's own --venv is not used: it
# would build its virtualenv again inside every fresh collection copy, and reinstall the requirements each run.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PYTHON VENV" >&2; exit 2; }
python=$1
venv=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
core=$("$python" -c 'from ansible.release import __version__; print(__version__)')
wanted="ansible-core==$core on $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.units-venv" 2>/dev/null)" != "$wanted" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    printf '[global]\nquiet = 1\ndisable-pip-version-check = true\n' >"$venv/pip.conf"
    "$venv/bin/python" -m pip install --upgrade pip
    "$venv/bin/python" -m pip install "ansible-core==$core"
    printf '%s\n' "$wanted" >"$venv/.units-venv"
fi
"$venv/bin/python" "$repo/tests/tools/prime_ansible_test_cache.py" >/dev/null
