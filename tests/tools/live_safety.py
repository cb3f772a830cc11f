"""Refuse a live-API integration run that could release (unrent) or buy (rent) a number.

`make test-live` runs every integration target that has no `needs/simulator` alias against the real
Plivo API, with PLIVO_SIM_URL unset. This script looks through those targets for the options that
release or buy numbers (unrent, unrent_numbers, rent and the role's powerpacks_unrent and powerpacks_rent)
and fails when one is set to anything but false, unless the line is listed in SAFE below with the reason
it cannot release or buy anything live. A new such line therefore stops `make test-live` before any
request until someone has looked at it: guard it with `when: plivo_simulated` (or
`plivo_sim_url | length > 0`), or give the target the `needs/simulator` alias.

Usage: live_safety.py [TARGETS_DIR]   (default tests/integration/targets)
"""

from __future__ import annotations

import pathlib
import re
import sys

OPTION = re.compile(r"\b(unrent_numbers|unrent|rent|powerpacks_unrent|powerpacks_rent)\b\s*[:=]\s*(.*)")

# (target-relative path, the line stripped) -> why it cannot release or buy a number against the live API.
SAFE = {
    (
        "powerpack/tasks/lifecycle.yml",
        'unrent_numbers: "{{ plivo_simulated }}"',
    ): "plivo_simulated is false when plivo_sim_url is empty, which it is in a live run",
    ("powerpack/tasks/lifecycle.yml", "unrent_numbers=plivo_simulated)"): "an assertion on the diff, not a module option",
    (
        "powerpack/tasks/lifecycle.yml",
        "- powerpack_writes[0].body == dict(unrent_numbers=true)",
    ): "an assertion on the simulator's request log, in a block that runs only when plivo_simulated",
    (
        "powerpack/tasks/arguments.yml",
        'unrent_numbers: "{{ item.args.unrent_numbers | default(omit) }}"',
    ): "the argument-error cases below, each refused before any request",
    (
        "powerpack/tasks/arguments.yml",
        'args: {name: "{{ powerpack_name }}", unrent_numbers: true}',
    ): "unrent_numbers with state=present is refused before any request (the case asserts it)",
}


def is_false(value: str) -> bool:
    return value.strip().strip("\"'").rstrip(",)}]").strip().strip("\"'").lower() in ("false", "no")


def main(argv: list[str]) -> int:
    targets_dir = pathlib.Path(argv[0] if argv else "tests/integration/targets")
    problems = []
    for target in sorted(path for path in targets_dir.iterdir() if path.is_dir()):
        aliases_file = target / "aliases"
        aliases = aliases_file.read_text(encoding="utf-8").split() if aliases_file.is_file() else []
        if "needs/simulator" in aliases:
            print(f"live_safety: {target.name:<16} excluded from live runs (needs/simulator)")
            continue
        allowed = 0
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            relative = str(path.relative_to(targets_dir))
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except UnicodeDecodeError:
                continue
            for number, line in enumerate(lines, 1):
                if line.lstrip().startswith("#"):
                    continue
                match = OPTION.search(line)
                if not match or is_false(match.group(2)):
                    continue
                if (relative, line.strip()) in SAFE:
                    allowed += 1
                    continue
                problems.append(f"{relative}:{number:d}: {line.strip()}")
        print(f"live_safety: {target.name:<16} runs live; {allowed:d} rent/unrent line(s), each guarded (see SAFE)")
    if problems:
        print(
            "live_safety: these lines may rent or release numbers against the live API; guard them with "
            "plivo_simulated or give the target the needs/simulator alias:",
            file=sys.stderr,
        )
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
