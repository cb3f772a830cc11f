#!/usr/bin/env bash
# The steps of `make demo`, run by tests/simulator/harness.py (which exports PLIVO_API_URL,
# PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_SIM_URL) from the root of the collection.
set -euo pipefail

playbook() {
    ansible-playbook -i examples/inventory.ini "$@"
}

heading() {
    printf '\n==== %s\n' "$*"
}

# Skipped loop items only add noise here.
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false

log=$(mktemp)
trap 'rm -f "$log"' EXIT

heading "1/5 Apply examples/demo.yml: create two Powerpacks, adopt 'alerts', fill the number pools"
playbook examples/demo.yml

heading "2/5 Apply it again: everything is in place, so nothing changes (changed=0)"
playbook examples/demo.yml | tee "$log"
if ! grep -Eq 'changed=0 +unreachable=0 +failed=0' "$log"; then
    echo "demo: the second run was expected to change nothing" >&2
    exit 1
fi

heading "3/5 Preview examples/demo-change.yml with --check --diff (reads only, nothing is written)"
echo "Ansible prints the diff of each item just above the line of that item."
playbook examples/demo.yml -e @examples/demo-change.yml --check --diff

heading "4/5 The account now (plivo.messaging.powerpack_info, include_numbers)"
playbook examples/summary.yml

heading "5/5 Export the account as the role's input (examples/export.yml): the first lines of the file"
exported=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$exported"' EXIT
playbook examples/export.yml -e plivo_export_file="$exported/plivo_powerpacks.yml" >/dev/null
head -n 30 "$exported/plivo_powerpacks.yml"
echo "..."

heading "Done: the simulator stops now and forgets the account"
