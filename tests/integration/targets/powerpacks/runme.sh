#!/usr/bin/env bash
# The target shares its name with the collection's role plivo.messaging.powerpacks, which is what ansible-test's
# generated playbook would run (a playbook inside a collection finds that collection's roles first), so it runs as a
# script target: runme.yml includes tasks/main.yml.
set -eux

ansible_args=("$@")
if [[ -f ../../integration_config.yml ]]; then
    # ansible-test passes no -e @integration_config.yml to script targets.
    ansible_args+=(-e @../../integration_config.yml)
fi
export ANSIBLE_ROLES_PATH=..
ansible-playbook runme.yml "${ansible_args[@]}"
