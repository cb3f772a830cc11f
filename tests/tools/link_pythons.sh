#!/usr/bin/env bash
# Put a working python3.X for every Python that ansible-test supports into the folder $1, so that
# `ansible-test sanity` runs its compile and import tests on each of them (make sanity), and so that
# test_matrix.sh finds the Python of a leg. Why a script: pyenv's shims for versions that are installed
# but not selected fail when run, and ansible-test passes its tests no PYENV_VERSION that would select
# them; so each candidate is checked first and the working one linked.
set -euo pipefail
dir=$1
mkdir -p "$dir"
rm -f "$dir"/python3.*
for version in 3.8 3.9 3.10 3.11 3.12 3.13 3.14; do
    candidates=("$(command -v "python$version" || true)")
    if command -v pyenv >/dev/null 2>&1; then
        candidates+=("$(pyenv root)"/versions/"$version".*/bin/"python$version")
    fi
    for candidate in "${candidates[@]}"; do
        if [ -x "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
            ln -s "$candidate" "$dir/python$version"
            break
        fi
    done
done
found=$(find "$dir" -name 'python3.*' -printf '%f ')
echo "Python versions for sanity: ${found:-only the controller Python}"
