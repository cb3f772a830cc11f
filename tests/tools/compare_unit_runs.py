"""Check that ``ansible-test units`` ran exactly the unit tests that pytest ran.

    python tests/tools/compare_unit_runs.py JUNIT_DIR      (``make units`` runs it after both runs)

``make units`` runs tests/unit twice: with pytest and pytest-ansible in the Makefile's virtualenv
(JUNIT_DIR/pytest-units.xml) and with ``ansible-test units --requirements``, which splits them into its modules,
module_utils and controller groups (JUNIT_DIR/python<version>-<group>-units.xml). Both must pass; this also fails
when one run collected a test the other did not (a file that ansible-test does not pick up, or a requirement
missing from tests/unit/requirements.txt that pytest happens to find); neither runner compares itself with
another run. Prints how many tests both ran.
"""

from __future__ import annotations

import pathlib
import sys
from xml.etree import ElementTree


def test_ids(reports: list[pathlib.Path]) -> set[str]:
    ids = set()
    for report in reports:
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            ids.add("{}::{}".format(case.get("classname"), case.get("name")))
    return ids


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = pathlib.Path(argv[0])
    pytest_reports = [folder / "pytest-units.xml"]
    ansible_test_reports = sorted(folder.glob("python*-units.xml"))
    missing = [str(path) for path in pytest_reports if not path.is_file()]
    if missing or not ansible_test_reports:
        print(f"compare_unit_runs: missing reports in {folder}: {missing or 'python*-units.xml'}", file=sys.stderr)
        return 1
    by_pytest, by_ansible_test = test_ids(pytest_reports), test_ids(ansible_test_reports)
    if by_pytest != by_ansible_test:
        for label, ids in (("only pytest ran", by_pytest - by_ansible_test), ("only ansible-test ran", by_ansible_test - by_pytest)):
            for test_id in sorted(ids)[:20]:
                print(f"compare_unit_runs: {label}: {test_id}", file=sys.stderr)
            if len(ids) > 20:
                print(f"compare_unit_runs: {label}: ... {len(ids) - 20} more", file=sys.stderr)
        return 1
    names = ", ".join(path.name for path in ansible_test_reports)
    print(f"compare_unit_runs: pytest and ansible-test units ran the same {len(by_pytest)} tests ({names})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
