#!/usr/bin/env bash
# The export round trip (needs/simulator): a varied account (files/seed.json: 24 Powerpacks with applications,
# presets, custom and empty priorities, mixed services, toll-free numbers, short codes, 25 long codes in one pool)
# is exported with examples/export.yml, and the file it writes is applied with the role plivo.messaging.powerpacks,
# in check mode and for real: each run reports changed=0 and sends not one write request.
set -eux

ansible_args=("$@")
if [[ -f ../../integration_config.yml ]]; then
    # ansible-test passes no -e @integration_config.yml to script targets; role targets get it anyway.
    ansible_args+=(-e @../../integration_config.yml)
fi
export ANSIBLE_ROLES_PATH=..

collection=""
for dir in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
    if [[ -f $dir/ansible_collections/plivo/messaging/examples/export.yml ]]; then
        collection=$dir/ansible_collections/plivo/messaging
        break
    fi
done
test -n "$collection"

work="$(mktemp -d "${OUTPUT_DIR:-/tmp}/export_roundtrip.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# examples/export.yml takes its credentials from the environment, as a user runs it; never on a command line.
set +x
eval "$(python3 -c '
import json, shlex
config = json.load(open("../../integration_config.yml"))
for name in ("api_url", "auth_id", "auth_token"):
    print("export PLIVO_{0}={1}".format(name.upper(), shlex.quote(config["plivo_" + name])))
')"
set -x

step() {
    ansible-playbook steps.yml -e "export_roundtrip_step=$1" -e "export_roundtrip_file=$work/plivo_powerpacks.yml" "${ansible_args[@]}"
}

step reset
ansible-playbook "$collection/examples/export.yml" -e "plivo_export_file=$work/plivo_powerpacks.yml" "${ansible_args[@]}"
step check_file

for mode in check apply; do
    step clear
    options=()
    if [[ $mode == check ]]; then
        options=(--check --diff)
    fi
    ansible-playbook apply.yml -e "@$work/plivo_powerpacks.yml" "${options[@]}" "${ansible_args[@]}" | tee "$work/$mode.log"
    grep -Eq 'changed=0 +unreachable=0 +failed=0' "$work/$mode.log"
    step no_writes
done
