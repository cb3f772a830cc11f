"""Print one closing line over the JUnit XML reports of every suite that ``make test`` ran.

pytest, ansible-test sanity (``--junit``) and ansible-test integration (its junit callback) each
write JUnit XML; this adds them up so the run ends with ``N passed, N failed, N skipped`` (no tool of the
pinned set sums reports of several tools). ``make test``, ``make test-matrix`` and ``.ci/run`` end with it.
Exits non-zero when a report holds a failure or an error, or when no test ran at all.
"""

from __future__ import annotations

import pathlib
import sys
from xml.etree import ElementTree


def count(report: pathlib.Path) -> tuple[int, int, int]:
    passed = failed = skipped = 0
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        outcomes = {child.tag for child in case}
        if outcomes & {"failure", "error"}:
            failed += 1
        elif "skipped" in outcomes:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(folders: list[str]) -> int:
    totals = [0, 0, 0]
    for folder in folders:
        for report in sorted(pathlib.Path(folder).glob("*.xml")):
            for index, value in enumerate(count(report)):
                totals[index] += value
    passed, failed, skipped = totals
    print(f"{passed:d} passed, {failed:d} failed, {skipped:d} skipped")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
