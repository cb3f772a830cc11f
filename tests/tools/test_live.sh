#!/usr/bin/env bash
# make test-live: the integration targets against the real Plivo API (opt-in).
#
#   test_live.sh enabled        exit 0 when PLIVO_LIVE_TESTS=1, PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN are set;
#                               otherwise print why the run is skipped and exit 1
#   test_live.sh run [ARGS...]  in the collection copy: refuse targets that could rent or release numbers
#                               (live_safety.py), run tests/tools/run_integration.py ARGS without PLIVO_SIM_URL
#                               (so the needs/simulator targets are excluded), then always delete the
#                               Powerpacks named with the run's prefix (live_cleanup.yml; numbers stay rented)
set -euo pipefail

case "${1:-}" in
    enabled)
        if [[ "${PLIVO_LIVE_TESTS:-}" == 1 && -n "${PLIVO_AUTH_ID:-}" && -n "${PLIVO_AUTH_TOKEN:-}" ]]; then
            exit 0
        fi
        echo "test-live: skipped: set PLIVO_LIVE_TESTS=1, PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN to run the integration" \
            "targets against the real Plivo API (PLIVO_API_URL, default https://api.plivo.com)"
        exit 1
        ;;
    run)
        shift
        ;;
    *)
        echo "usage: $0 enabled | run [run_integration.py arguments]" >&2
        exit 2
        ;;
esac

python="${PYTHON:-python3}"
unset PLIVO_SIM_URL
export PLIVO_API_URL="${PLIVO_API_URL:-https://api.plivo.com}"
export PLIVO_NAME_PREFIX="${PLIVO_NAME_PREFIX:-ansible-live-$(date -u +%Y%m%d%H%M%S)-$$-}"

"$python" tests/tools/live_safety.py tests/integration/targets

cleanup() {
    local status=$?
    echo "test-live: deleting the Powerpacks named ${PLIVO_NAME_PREFIX}* (their numbers stay rented)"
    if ! "$(dirname "$python")/ansible-playbook" tests/tools/live_cleanup.yml -e "plivo_name_prefix=$PLIVO_NAME_PREFIX"; then
        echo "test-live: the cleanup failed: delete the Powerpacks named ${PLIVO_NAME_PREFIX}* by hand" >&2
        status=1
    fi
    exit "$status"
}
trap cleanup EXIT

echo "test-live: $PLIVO_API_URL, Powerpacks named ${PLIVO_NAME_PREFIX}*"
"$python" tests/tools/run_integration.py "$@"
