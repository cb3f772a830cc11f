"""Build the collection tarball, install it into an empty folder and use it from there.

    python tests/tools/check_package.py --work-dir DIR --junit FILE     (``make package-check`` runs it)

Checks, each one JUnit testcase in FILE:

- build: ``ansible-galaxy collection build`` of the source tree (the repository root), into DIR/dist;
- contents: the tarball holds no generated or test-output file (see FORBIDDEN);
- install: ``ansible-galaxy collection install -p DIR/installed`` of the tarball, offline;
- doc <module>: ``ansible-doc`` finds each module of plugins/modules/ in the installed copy;
- run powerpack_info: ``ansible localhost -m plivo.messaging.powerpack_info`` against the Plivo API
  simulator, using the installed copy, succeeds and returns ``powerpacks``.

Everything after the build sees only the installed copy: ANSIBLE_COLLECTIONS_PATH is DIR/installed,
collections in Python's sys.path are not scanned, and the commands run from DIR.
Exits non-zero when a check failed.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import time
from xml.etree import ElementTree

NAMESPACE, NAME = "plivo", "messaging"
SOURCE = pathlib.Path(__file__).resolve().parents[2]
SEED = SOURCE / "tests" / "simulator" / "seeds" / "example.json"
HARNESS = SOURCE / "tests" / "simulator" / "harness.py"

# fnmatch patterns over the paths in the tarball; a path also matches when one of its parent folders does.
FORBIDDEN = (
    "tests/output",
    "tests/integration/integration_config.yml",
    ".venv",
    "venv",
    ".tox",
    ".cache",
    "build",
    "docs/build",
    "*/__pycache__",
    "__pycache__",
    "*.pyc",
    "*.pyo",
    ".pytest_cache",
    "*/.pytest_cache",
    ".hypothesis",
    "*/.hypothesis",
    "collections",
    "ansible_collections",
    "*.tar.gz",
    "*.tgz",
    "changelogs/.plugin-cache.yaml",
    ".git",
    ".ansible",
)


class Failed(Exception):
    """A check failed; the message says why."""


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run(command: list[str], env: dict[str, str], cwd: pathlib.Path) -> str:
    print("+ " + " ".join(command), flush=True)
    done = subprocess.run(command, env=env, cwd=str(cwd), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Failed(f"exit status {done.returncode:d} of {' '.join(command)}:\n{tail(done.stdout + done.stderr)}")
    return done.stdout


def forbidden_prefix(name: str) -> str | None:
    """The shortest leading part of the path that FORBIDDEN matches, or None."""
    parts = name.split("/")
    for length in range(1, len(parts) + 1):
        prefix = "/".join(parts[:length])
        if any(fnmatch.fnmatchcase(prefix, pattern) for pattern in FORBIDDEN):
            return prefix
    return None


class Checks:
    def __init__(self, work_dir: pathlib.Path) -> None:
        self.work_dir = work_dir
        self.dist = work_dir / "dist"
        self.installed = work_dir / "installed"
        self.bin = pathlib.Path(sys.executable).parent
        self.tarball: pathlib.Path | None = None
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(self.installed), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1")
        self.env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
        self.env.setdefault("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
        self.results: list[tuple[str, float, str | None]] = []

    def check(self, name: str, function, *args) -> bool:
        start = time.monotonic()
        try:
            message = function(*args)
        except Failed as failure:
            self.results.append((name, time.monotonic() - start, str(failure)))
            print(f"package-check: FAILED {name}: {failure}", flush=True)
            return False
        self.results.append((name, time.monotonic() - start, None))
        print("package-check: ok {}{}".format(name, ": " + message if message else ""), flush=True)
        return True

    def tool(self, name: str) -> str:
        return str(self.bin / name)

    def build(self) -> str:
        shutil.rmtree(str(self.dist), ignore_errors=True)
        self.dist.mkdir(parents=True)
        run([self.tool("ansible-galaxy"), "collection", "build", str(SOURCE), "--output-path", str(self.dist)], self.env, self.work_dir)
        tarballs = sorted(self.dist.glob(f"{NAMESPACE}-{NAME}-*.tar.gz"))
        if len(tarballs) != 1:
            raise Failed(f"expected one tarball in {self.dist}, found {[path.name for path in tarballs]}")
        self.tarball = tarballs[0]
        return self.tarball.name

    def contents(self) -> str:
        assert self.tarball is not None
        with tarfile.open(str(self.tarball)) as archive:
            names = [member.name[2:] if member.name.startswith("./") else member.name for member in archive.getmembers()]
        bad: dict[str, int] = {}
        for name in names:
            prefix = forbidden_prefix(name)
            if prefix:
                bad[prefix] = bad.get(prefix, 0) + 1
        if bad:
            raise Failed(
                "generated or test-output files in the tarball (fix build_ignore in galaxy.yml): {}".format(
                    ", ".join(f"{prefix} ({count:d} entries)" for prefix, count in sorted(bad.items()))
                )
            )
        for expected in ("MANIFEST.json", "FILES.json", "meta/runtime.yml", "plugins/modules/powerpack_info.py"):
            if expected not in names:
                raise Failed(f"{expected} is missing from the tarball")
        return f"{len(names):d} entries, none generated"

    def install(self) -> str:
        assert self.tarball is not None
        shutil.rmtree(str(self.installed), ignore_errors=True)
        self.installed.mkdir(parents=True)
        run([self.tool("ansible-galaxy"), "collection", "install", "--offline", "-p", str(self.installed), str(self.tarball)], self.env, self.work_dir)
        target = self.installed / "ansible_collections" / NAMESPACE / NAME
        if not (target / "MANIFEST.json").is_file():
            raise Failed(f"no MANIFEST.json in {target} after the install")
        return str(target)

    def doc(self, module: str) -> str:
        fqcn = f"{NAMESPACE}.{NAME}.{module}"
        output = run([self.tool("ansible-doc"), "--json", fqcn], self.env, self.work_dir)
        try:
            doc = json.loads(output)[fqcn]["doc"]
        except (ValueError, KeyError, TypeError) as error:
            raise Failed(f"ansible-doc gave no documentation for {fqcn} ({error}):\n{tail(output)}") from error
        filename = str(doc.get("filename", ""))
        if not filename.startswith(str(self.installed) + os.sep):
            raise Failed(f"ansible-doc read {fqcn} from {filename!r}, not from the installed copy")
        if not doc.get("short_description") or not doc.get("options"):
            raise Failed(f"{fqcn} has no short_description or no options")
        return doc["short_description"]

    def run_module(self) -> str:
        fqcn = f"{NAMESPACE}.{NAME}.powerpack_info"
        # The default callback prints 'localhost | SUCCESS => {...}' with the result as JSON.
        env = dict(self.env, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default", ANSIBLE_LOAD_CALLBACK_PLUGINS="0")
        output = run(
            [sys.executable, str(HARNESS), "run", "--seed", str(SEED), "--", self.tool("ansible"), "localhost", "-i", "localhost,", "-c", "local", "-m", fqcn],
            env,
            self.work_dir,
        )
        try:
            head, result = output.split(" => ", 1)
            result = json.loads(result)
        except ValueError as error:
            raise Failed(f"cannot read the result of {fqcn} ({error}):\n{tail(output)}") from error
        if not head.strip().endswith("SUCCESS") or not isinstance(result, dict):
            raise Failed(f"{fqcn} did not succeed:\n{tail(output)}")
        if result.get("failed") or result.get("unreachable"):
            raise Failed("{} failed: {}".format(fqcn, result.get("msg")))
        powerpacks = result.get("powerpacks")
        if not isinstance(powerpacks, list) or not powerpacks:
            raise Failed(f"{fqcn} returned no powerpacks list (the seed has Powerpacks): {result!r}")
        return f"{len(powerpacks):d} powerpacks"

    def write_junit(self, path: pathlib.Path) -> None:
        suite = ElementTree.Element(
            "testsuite", name="package-check", tests=str(len(self.results)), failures=str(sum(1 for _name, _time, failure in self.results if failure))
        )
        for name, seconds, failure in self.results:
            case = ElementTree.SubElement(suite, "testcase", classname="package-check", name=name, time=f"{seconds:.2f}")
            if failure:
                ElementTree.SubElement(case, "failure", message=failure.splitlines()[0]).text = failure
        root = ElementTree.Element("testsuites")
        root.append(suite)
        path.parent.mkdir(parents=True, exist_ok=True)
        ElementTree.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", required=True, type=pathlib.Path)
    parser.add_argument("--junit", type=pathlib.Path)
    args = parser.parse_args()
    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    checks = Checks(work_dir)
    modules = sorted(path.stem for path in (SOURCE / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
    if checks.check("build", checks.build):
        checks.check("contents", checks.contents)
        if checks.check("install", checks.install):
            for module in modules:
                checks.check(f"doc {module}", checks.doc, module)
            checks.check("run powerpack_info", checks.run_module)
    if args.junit:
        checks.write_junit(args.junit)
    failed = [name for name, _seconds, failure in checks.results if failure]
    print(f"package-check: {len(checks.results):d} checks, {len(failed):d} failed" + (": " + ", ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
