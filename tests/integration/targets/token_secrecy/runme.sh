#!/usr/bin/env bash
# The auth token must never show in what Ansible prints or what a task registers, whatever happens, for every
# module and the role: creates, updates, reads and deletes, check mode, diff mode, error answers of the API,
# input the modules refuse, credentials in module_defaults, in the role's variables or in the environment, all at
# -vvvv. This target runs against the live API too (docs/dev/testing.md); the number_pool phases need the
# simulator's rented numbers. Error answers that echo the token back (fault rules of the simulator) are the
# reliability suite's (tests/reliability/test_secrets_paths.py).
#
# The token is only ever handled in files (secrets.yml writes it), never in a command line, so the
# shell trace (set -x) cannot print it. Each phase's output is searched before it is shown.
set -eux

ansible_args=("$@")
if [[ -f ../../integration_config.yml ]]; then
    # ansible-test passes no -e @integration_config.yml to script targets; role targets get it anyway.
    ansible_args+=(-e @../../integration_config.yml)
fi

work="$(mktemp -d "${OUTPUT_DIR:-/tmp}/token_secrecy.XXXXXX")"
deleted=no
cleanup() {
    # After a failure, delete the Powerpack of the test (its numbers stay rented), then the files.
    if [[ $deleted == no ]]; then
        ansible-playbook playbook.yml -e token_secrecy_phase=cleanup "${ansible_args[@]}" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
export ANSIBLE_ROLES_PATH=..

ansible-playbook secrets.yml -e "token_secrecy_dir=$work" "${ansible_args[@]}" >/dev/null

# Three secrets (the token, URL-quoted, the HTTP Basic credentials), each long enough that an empty line or a
# short accident cannot make grep match everything or nothing.
test "$(wc -l <"$work/secrets")" -eq 3
awk 'length($0) < 16 { exit 1 }' "$work/secrets"
auth_id="$(cat "$work/auth_id")"
test -n "$auth_id"

fail() {
    echo "token_secrecy: FAILED: $*" >&2
    exit 1
}

assert_no_secret() {
    local file=$1 status=0
    test -s "$file" || fail "$file is empty, so searching it proves nothing"
    grep -qF -f "$work/secrets" -- "$file" || status=$?
    case $status in
        0) fail "the auth token appears in $file (not shown here)" ;;
        1) ;;
        *) fail "could not search $file" ;;
    esac
}

# run_phase NAME EXPECTED_STATUS EXPECTED_PATTERN (grep -E) PLAYBOOK [ansible-playbook options]
run_phase() {
    local name=$1 expected_status=$2 expected_text=$3 playbook=$4 status=0
    local log="$work/$name.log"
    shift 4
    ansible-playbook -vvvv "$playbook" -e "token_secrecy_phase=$name" -e "token_secrecy_dir=$work" \
        "${ansible_args[@]}" "$@" >"$log" 2>&1 || status=$?
    assert_no_secret "$log"
    if [[ $playbook == playbook.yml ]]; then
        assert_no_secret "$work/$name.registered.json"
    fi
    # Where the output shows the module invocation (ansible-core up to 2.20 does at -vvvv), the
    # credentials in it are the real ones: the auth id is shown, the token masked.
    local shown=yes
    if grep -qF '"invocation"' "$log"; then
        grep -qF -- "$auth_id" "$log" && grep -qF VALUE_SPECIFIED_IN_NO_LOG_PARAMETER "$log" || shown=no
    fi
    if [[ $status -ne $expected_status ]] || ! grep -qE -- "$expected_text" "$log" || [[ $shown == no ]]; then
        tail -n 150 "$log"
        fail "phase $name: expected exit status $expected_status and the text '$expected_text'; got status $status"
    fi
}

# The play recap, not a task result: ansible-core 2.21 prints a result that shows a diff as {}.
run_phase create 0 ' changed=[1-9]' playbook.yml --diff
run_phase check 0 ' changed=[1-9]' playbook.yml --check --diff
run_phase api_error 2 'failed with 400' playbook.yml
run_phase validation_error 2 'number_priority\[0\]\.priority must list' playbook.yml
run_phase url_credentials 2 'api_url must not hold credentials' playbook.yml --diff
run_phase engine 0 ' changed=[1-9]' playbook.yml --diff
run_phase engine_validation_error 2 "numbers\\[0\\]: '\\(415\\) 555-0101' has no country code" playbook.yml
run_phase role 0 ' changed=[1-9]' playbook.yml --diff
run_phase role_api_error 2 'failed with 400' playbook.yml --diff
run_phase role_validation_error 2 'value of name must be one of: local_first, tollfree_first, shortcode_first, got: nope' playbook.yml
if [[ -n "$(cat "$work/sim_url")" ]]; then
    run_phase not_rented 2 'the account does not rent 14155550177' playbook.yml
fi

# Credentials from the environment only; the token goes into it with the trace off.
{ set +x; } 2>/dev/null
PLIVO_AUTH_TOKEN="$(head -n 1 "$work/secrets")"
export PLIVO_AUTH_TOKEN
set -x
PLIVO_API_URL="$(cat "$work/api_url")"
PLIVO_AUTH_ID="$auth_id"
export PLIVO_API_URL PLIVO_AUTH_ID
run_phase env 0 ' changed=[1-9]' env.yml --diff
unset PLIVO_AUTH_TOKEN PLIVO_AUTH_ID PLIVO_API_URL

run_phase delete 0 '"state": "absent"' playbook.yml --diff
deleted=yes

echo "token_secrecy: the auth token appears nowhere"
