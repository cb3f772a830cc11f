#!/usr/bin/env bash
# Run sanity, units and integration on the lowest ansible-core that meta/runtime.yml's
# requires_ansible claims and on the newest ansible-core release, each in its own virtualenv and
# with its own copy of the collection:
#
#   tests/tools/test_matrix.sh WORK_ROOT [LEG...]        (make test-matrix WORK_ROOT=... runs it)
#   tests/tools/test_matrix.sh --legs-json               (the default legs as JSON, for .github/workflows/ci.yml)
#
# A leg is CORE_VERSION:PYTHON_VERSION; the default legs are LOWEST_LEG and NEWEST_LEG below.
# Leg files live in WORK_ROOT/matrix/<core>/ (venv/, collections/, pythons/); the suites are the
# Makefile's own targets, run with VPY/VBIN/STAMP/WORK_ROOT pointing at the leg. A leg whose Python
# is not installed is skipped with a message. Each leg also gets one JUnit testcase (passed, failed
# or skipped) in WORK_ROOT/matrix/junit/, and the run ends with the totals over every leg's reports
# (their folders are listed in WORK_ROOT/matrix/junit-dirs.txt).
set -euo pipefail

# Bump NEWEST_LEG when a new ansible-core release is out (`pip index versions ansible-core` with a
# Python new enough for it). LOWEST_LEG's minor version must match requires_ansible.
LOWEST_LEG=2.16.19:3.11
NEWEST_LEG=2.21.5:3.13

# The pinned tools of tests/requirements-dev.txt that the matrix does not use (ansible-core is per leg).
NOT_IN_MATRIX='^(ansible-core|ansible-lint|antsibull-docs|antsibull-changelog)=='

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
if [ "${1:-}" = --legs-json ]; then
    # [{"core": "2.16.19", "python": "3.11", "leg": "2.16.19:3.11"}, ...]: CI runs one job per leg.
    sep=''
    printf '['
    for leg in "$LOWEST_LEG" "$NEWEST_LEG"; do
        printf '%s{"core": "%s", "python": "%s", "leg": "%s"}' "$sep" "${leg%%:*}" "${leg#*:}" "$leg"
        sep=', '
    done
    printf ']\n'
    exit 0
fi
[ $# -ge 1 ] || { echo "usage: $0 WORK_ROOT [CORE:PYTHON...]" >&2; exit 2; }
work_root=$1
shift
legs=("$@")
[ ${#legs[@]} -gt 0 ] || legs=("$LOWEST_LEG" "$NEWEST_LEG")
matrix_root=$work_root/matrix
junit=$matrix_root/junit
rm -rf "$junit" && mkdir -p "$junit"
reports=("$junit")

required=$(sed -n 's/^requires_ansible: *["'\'']*>= *\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' meta/runtime.yml)
if [ "${LOWEST_LEG%.*:*}" != "$required" ]; then
    echo "test_matrix: LOWEST_LEG ($LOWEST_LEG) does not match requires_ansible >=$required in meta/runtime.yml" >&2
    exit 2
fi

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

# write_case CORE PYTHON OUTCOME(passed|failed|skipped) SECONDS MESSAGE
write_case() {
    local body='' message
    message=$(printf '%s' "$5" | xml_escape)
    case $3 in
        failed) body="<failure message=\"$message\"/>" ;;
        skipped) body="<skipped message=\"$message\"/>" ;;
    esac
    printf '<?xml version="1.0" encoding="utf-8"?>\n<testsuites><testsuite name="test-matrix" tests="1">%s</testsuite></testsuites>\n' \
        "<testcase classname=\"test-matrix\" name=\"ansible-core $1 on Python $2\" time=\"$4\">$body</testcase>" \
        >"$junit/leg-$1.xml"
}

# Install ansible-core $2 and the pinned test tools into the venv $3 with the interpreter $1,
# unless the venv already holds exactly that set.
setup_venv() {
    local python=$1 core=$2 venv=$3 wanted
    wanted=$({ echo "ansible-core==$core"; grep -Ev "$NOT_IN_MATRIX" tests/requirements-dev.txt; cat requirements.txt; } \
        | sed -e 's/#.*//' -e '/^[[:space:]]*$/d')
    if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.matrix-requirements" 2>/dev/null)" = "$wanted" ]; then
        echo "test_matrix: $venv is up to date"
    else
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        printf '%s\n' "$wanted" >"$venv/requirements.txt"
        "$venv/bin/python" -m pip install --quiet -r "$venv/requirements.txt"
        printf '%s\n' "$wanted" >"$venv/.matrix-requirements"
    fi
    "$venv/bin/python" tests/tools/prime_ansible_test_cache.py
    # The Makefile's venv stamp: newer than the requirement files, so make never reinstalls into this venv.
    touch "$venv/.installed"
}

status=0
for leg in "${legs[@]}"; do
    core=${leg%%:*}
    pyver=${leg#*:}
    leg_root=$matrix_root/$core
    echo "=== test-matrix: ansible-core $core on Python $pyver (work dir $leg_root)"
    # A working interpreter of the leg's Python (tests/tools/link_pythons.sh, which make sanity runs on this folder too).
    tests/tools/link_pythons.sh "$leg_root/pythons" >/dev/null
    python=$(readlink -f "$leg_root/pythons/python$pyver" || true)
    if [ -z "$python" ] || [ ! -x "$python" ]; then
        echo "=== test-matrix: SKIPPED ansible-core $core: no working python$pyver on PATH or in pyenv"
        write_case "$core" "$pyver" skipped 0 "python$pyver is not installed"
        continue
    fi
    start=$SECONDS
    venv=$leg_root/venv
    leg_junit=$leg_root/collections/ansible_collections/plivo/messaging/tests/output/junit
    rm -rf "$leg_root/collections"
    reports+=("$leg_junit")
    outcome=passed
    message=''
    if ! setup_venv "$python" "$core" "$venv"; then
        outcome=failed
        message="installing ansible-core $core and the test tools failed"
    # -k: a failing suite does not hide the others' results.
    elif ! make --no-print-directory -k sanity units integration WORK_ROOT="$leg_root" \
            VPY="$venv/bin/python" VBIN="$venv/bin" STAMP="$venv/.installed"; then
        outcome=failed
        message="make sanity units integration failed"
    fi
    elapsed=$((SECONDS - start))
    write_case "$core" "$pyver" "$outcome" "$elapsed" "$message"
    echo "=== test-matrix: ansible-core $core on Python $pyver: $outcome in ${elapsed}s${message:+ ($message)}"
    echo -n "=== test-matrix: ansible-core $core JUnit totals: "
    python3 tests/tools/summarize_junit.py "$leg_junit" || true
    [ "$outcome" != failed ] || status=1
done

# The report folders of this run, for a combined summary (.ci/run).
printf '%s\n' "${reports[@]}" >"$matrix_root/junit-dirs.txt"
echo "test-matrix: totals over every leg's JUnit reports and one testcase per leg:"
python3 tests/tools/summarize_junit.py "${reports[@]}" || status=1
exit $status
