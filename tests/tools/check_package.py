"""Build the collection tarball, import it as Galaxy and Automation Hub would, install it and use it from there.

The other suites test the source tree; users get the tarball, whose contents build_ignore decides, and which Galaxy
imports with galaxy-importer. This tests that.

    python tests/tools/check_package.py --work-dir DIR --junit FILE [--importer-bin BIN]
    (``make package-check`` runs it, with BIN the bin folder of the galaxy-importer virtualenv)

Checks, each one JUnit testcase in FILE:

- build: ``ansible-galaxy collection build`` of the source tree (the repository root), into DIR/dist;
- contents: the tarball holds no generated, test-output or development-only file (see FORBIDDEN and
  DEVELOPMENT_ONLY), and holds what the quick start of README.md runs (see EXPECTED);
- galaxy-importer galaxy / galaxy-importer automation-hub: galaxy-importer (BIN/python -m galaxy_importer.main),
  offline, on the tarball, with the settings of IMPORTER_PROFILES; fails on an import error or an ERROR line,
  on Documentation tab files other than the Markdown guides (docs/*.md, see tests/tools/guides_markdown.py)
  and on a role without a description; its warnings are printed and kept in the testcase's system-out;
- install: ``ansible-galaxy collection install -p DIR/installed`` of the tarball, offline;
- doc <module>: ``ansible-doc`` finds each module of plugins/modules/ in the installed copy;
- run powerpack_info: ``ansible localhost -m plivo.messaging.powerpack_info`` against the Plivo API
  simulator, using the installed copy, succeeds and returns ``powerpacks``;
- quick start demo: README.md's quick start from an installed collection, the very command
  (QUICK_START), run from the installed copy: the simulator harness running examples/demo.sh.

Everything after the build sees only the installed copy: ANSIBLE_COLLECTIONS_PATH is DIR/installed,
collections in Python's sys.path are not scanned, and the commands run from DIR (the quick start from the
installed collection's folder). Without --importer-bin the two importer checks are skipped (and say so).
Exits non-zero when a check failed.
"""

from __future__ import annotations

import argparse
import configparser
import fnmatch
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import time
from xml.etree import ElementTree

from guides_markdown import guide_names  # tests/tools, this script's folder: the guides whose Markdown copies Galaxy shows

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

# Development and CI files: useless in an installed collection (build_ignore in galaxy.yml keeps them out).
DEVELOPMENT_ONLY = (
    "Makefile",
    ".ansible-lint",
    ".ci",
    ".github",
    "CONTRIBUTING.md",
    "pyproject.toml",
    ".ruff_cache",
    ".mypy_cache",
)

# What README.md's quick start from an installed collection runs, besides the usual collection files.
EXPECTED = (
    "MANIFEST.json",
    "FILES.json",
    "meta/runtime.yml",
    "plugins/modules/powerpack_info.py",
    "roles/powerpacks/meta/main.yml",
    "tests/simulator/harness.py",
    "tests/simulator/plivo_simulator.py",
    "tests/simulator/plivosim/server.py",
    "examples/demo.sh",
    "examples/demo.yml",
    "examples/demo-seed.json",
    "examples/inventory.ini",
)

# README.md, "Quick start from an installed collection": run from the collection's folder.
QUICK_START = ["python3", "tests/simulator/harness.py", "run", "--seed", "examples/demo-seed.json", "--", "bash", "examples/demo.sh"]

# galaxy-importer settings (galaxy_importer/config.py; GALAXY_IMPORTER_CONFIG names the file). Both run
# ansible-doc and ansible-lint (offline) like the services do. Neither runs ansible-test: the importer would run
# ``ansible-test sanity --docker`` (or in OpenShift), and ``make sanity`` runs every sanity test already.
IMPORTER_PROFILES = {
    "galaxy": {
        "RUN_ANSIBLE_DOC": "True",
        "RUN_ANSIBLE_LINT": "True",
        "OFFLINE_ANSIBLE_LINT": "True",
        "RUN_ANSIBLE_TEST": "False",
        "CHECK_CHANGELOG": "True",
    },
    # Automation Hub's stricter checks: a required tag, a version of at least 1.0.0, and flake8 on the plugins.
    "automation-hub": {
        "RUN_ANSIBLE_DOC": "True",
        "RUN_ANSIBLE_LINT": "True",
        "OFFLINE_ANSIBLE_LINT": "True",
        "RUN_ANSIBLE_TEST": "False",
        "CHECK_CHANGELOG": "True",
        "CHECK_REQUIRED_TAGS": "True",
        "REQUIRE_V1_OR_GREATER": "True",
        "RUN_FLAKE8": "True",
    },
}


class Failed(Exception):
    """A check failed; the message says why."""


class Skipped(Exception):
    """A check could not run here; the message says why."""


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run(command: list[str], env: dict[str, str], cwd: pathlib.Path, merge: bool = False) -> str:
    """Run the command; its stdout (stdout and stderr with merge=True). Fails on a non-zero exit status."""
    print("+ " + " ".join(command), flush=True)
    done = subprocess.run(
        command, env=env, cwd=str(cwd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merge else subprocess.PIPE, text=True, check=False
    )
    if done.returncode != 0:
        raise Failed(f"exit status {done.returncode:d} of {' '.join(command)}:\n{tail(done.stdout + (done.stderr or ''))}")
    return done.stdout


def forbidden_prefix(name: str, patterns: tuple[str, ...] = FORBIDDEN) -> str | None:
    """The shortest leading part of the path that one of the patterns matches, or None."""
    parts = name.split("/")
    for length in range(1, len(parts) + 1):
        prefix = "/".join(parts[:length])
        if any(fnmatch.fnmatchcase(prefix, pattern) for pattern in patterns):
            return prefix
    return None


def module_names() -> list[str]:
    return sorted(path.stem for path in (SOURCE / "plugins" / "modules").glob("*.py") if path.stem != "__init__")


class Checks:
    def __init__(self, work_dir: pathlib.Path, importer_bin: pathlib.Path | None = None) -> None:
        self.work_dir = work_dir
        self.importer_bin = importer_bin
        self.dist = work_dir / "dist"
        self.installed = work_dir / "installed"
        self.bin = pathlib.Path(sys.executable).parent
        self.tarball: pathlib.Path | None = None
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(self.installed), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1")
        self.env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
        self.env.setdefault("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
        # name, seconds, outcome (passed, failed, skipped), message, system-out
        self.results: list[tuple[str, float, str, str | None, str]] = []
        self.output = ""

    def check(self, name: str, function, *args) -> bool:
        start = time.monotonic()
        self.output = ""
        try:
            message = function(*args)
        except Skipped as skip:
            self.results.append((name, time.monotonic() - start, "skipped", str(skip), self.output))
            print(f"package-check: SKIPPED {name}: {skip}", flush=True)
            return False
        except Failed as failure:
            self.results.append((name, time.monotonic() - start, "failed", str(failure), self.output))
            print(f"package-check: FAILED {name}: {failure}", flush=True)
            return False
        self.results.append((name, time.monotonic() - start, "passed", None, self.output))
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
            prefix = forbidden_prefix(name, FORBIDDEN + DEVELOPMENT_ONLY)
            if prefix:
                bad[prefix] = bad.get(prefix, 0) + 1
        if bad:
            raise Failed(
                "generated, test-output or development-only files in the tarball (fix build_ignore in galaxy.yml): {}".format(
                    ", ".join(f"{prefix} ({count:d} entries)" for prefix, count in sorted(bad.items()))
                )
            )
        missing = [expected for expected in EXPECTED if expected not in names]
        if missing:
            raise Failed(f"missing from the tarball: {', '.join(missing)}")
        return f"{len(names):d} entries, none generated or development-only, the quick start's files there"

    def importer(self, profile: str) -> str:
        """galaxy-importer on the tarball with one profile of IMPORTER_PROFILES; returns a summary, fails on errors."""
        assert self.tarball is not None
        if self.importer_bin is None:
            raise Skipped("no --importer-bin (make package-check passes the galaxy-importer virtualenv)")
        folder = self.work_dir / f"importer-{profile}"
        shutil.rmtree(str(folder), ignore_errors=True)
        (folder / "tmp").mkdir(parents=True)
        config = configparser.ConfigParser()
        config.optionxform = str  # keep the setting names as written
        # ansible-lint's and ansible-doc's temporary files, and the extracted tarball, stay in this run's folder.
        config["galaxy-importer"] = dict(IMPORTER_PROFILES[profile], ANSIBLE_LOCAL_TMP=str(folder / "tmp"), TMP_ROOT_DIR=str(folder / "tmp"))
        config_file = folder / "galaxy-importer.cfg"
        with open(config_file, "w", encoding="utf-8") as handle:
            config.write(handle)
        env = {name: value for name, value in self.env.items() if not name.startswith("GALAXY_IMPORTER_")}
        # The importer finds ansible-doc, ansible-lint and flake8 on PATH: its own virtualenv's.
        env.update(GALAXY_IMPORTER_CONFIG=str(config_file), PATH=str(self.importer_bin) + os.pathsep + env.get("PATH", ""))
        output = run([str(self.importer_bin / "python"), "-m", "galaxy_importer.main", str(self.tarball)], env, folder, merge=True)
        lines = output.splitlines()
        self.output = output
        errors = [line for line in lines if line.startswith(("ERROR", "CRITICAL"))]
        warnings = [line for line in lines if line.startswith("WARNING")]
        for line in warnings:
            print(f"package-check: galaxy-importer {profile}: {line}", flush=True)
        if errors or "Importer processing completed successfully" not in output:
            raise Failed("galaxy-importer reported errors:\n" + "\n".join(errors or [tail(output)]))
        result_file = folder / "importer_result.json"
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise Failed(f"cannot read {result_file} ({error})") from error
        self.check_import_result(result)
        return f"imported, {len(warnings):d} warning(s)"

    def check_import_result(self, result: dict) -> None:
        """What Galaxy would show: the README, the guides on the Documentation tab, every module, the role's description."""
        docs_blob = result.get("docs_blob") or {}
        if not (docs_blob.get("collection_readme") or {}).get("html"):
            raise Failed("galaxy-importer rendered no README")
        shown = sorted(item["name"] for item in docs_blob.get("documentation_files") or [])
        guides = sorted(path.name for path in (SOURCE / "docs").glob("*.md"))
        expected = sorted(f"{name}.md" for name in guide_names())
        if shown != expected or guides != expected:
            raise Failed(f"the Documentation tab would show {shown}; expected the Markdown guides {expected} (docs/*.md holds {guides})")
        empty = [item["name"] for item in docs_blob["documentation_files"] if not item.get("html")]
        if empty:
            raise Failed(f"galaxy-importer rendered nothing for {empty}")
        contents = {(item["content_name"], item["content_type"]): item for item in docs_blob.get("contents") or []}
        modules = module_names()
        undocumented = [module for module in modules if not (contents.get((module, "module")) or {}).get("doc_strings")]
        if undocumented:
            raise Failed(f"galaxy-importer found no documentation for the modules {undocumented}")
        roles = sorted(path.name for path in (SOURCE / "roles").iterdir() if path.is_dir())
        descriptions = {item["name"]: item.get("description") for item in result.get("contents") or [] if item.get("content_type") == "role"}
        undescribed = [role for role in roles if not descriptions.get(role)]
        if undescribed:
            raise Failed(f"galaxy-importer found no description for the roles {undescribed} (galaxy_info.description in meta/main.yml)")

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

    def quick_start(self) -> str:
        """README.md's quick start from an installed collection: the command as written, from the installed folder.

        As for a user: no ANSIBLE_PYTHON_INTERPRETER (examples/inventory.ini runs the modules with the Python of
        ansible-playbook), and python3, bash and ansible-playbook come from PATH (the virtualenv's bin first).
        """
        folder = self.installed / "ansible_collections" / NAMESPACE / NAME
        env = {name: value for name, value in self.env.items() if name != "ANSIBLE_PYTHON_INTERPRETER"}
        env["PATH"] = str(self.bin) + os.pathsep + env.get("PATH", "")
        output = run(QUICK_START, env, folder, merge=True)
        self.output = output
        headings = re.findall(r"^==== (\d)/5 ", output, flags=re.MULTILINE)
        if headings != ["1", "2", "3", "4", "5"] or "==== Done" not in output:
            raise Failed(f"the demo did not run its five steps (headings {headings}):\n{tail(output)}")
        # Steps 1 to 4 print a play recap; step 5 prints the first lines of the file it exported.
        recaps = re.findall(r"^localhost +: ok=\d+ +changed=(\d+) +unreachable=0 +failed=0", output, flags=re.MULTILINE)
        if len(recaps) != 4 or recaps[1] != "0" or "plivo_powerpacks:" not in output:
            raise Failed(f"expected four clean play recaps, the second with changed=0, then the export; found changed={recaps}:\n{tail(output)}")
        return f"5 steps, changed={','.join(recaps)}"

    def write_junit(self, path: pathlib.Path) -> None:
        suite = ElementTree.Element(
            "testsuite",
            name="package-check",
            tests=str(len(self.results)),
            failures=str(sum(1 for result in self.results if result[2] == "failed")),
            skipped=str(sum(1 for result in self.results if result[2] == "skipped")),
        )
        for name, seconds, outcome, message, output in self.results:
            case = ElementTree.SubElement(suite, "testcase", classname="package-check", name=name, time=f"{seconds:.2f}")
            if outcome == "failed":
                ElementTree.SubElement(case, "failure", message=message.splitlines()[0]).text = message
            elif outcome == "skipped":
                ElementTree.SubElement(case, "skipped", message=message)
            if output:
                ElementTree.SubElement(case, "system-out").text = output
        root = ElementTree.Element("testsuites")
        root.append(suite)
        path.parent.mkdir(parents=True, exist_ok=True)
        ElementTree.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", required=True, type=pathlib.Path)
    parser.add_argument("--junit", type=pathlib.Path)
    parser.add_argument("--importer-bin", type=pathlib.Path, help="bin folder of a virtualenv with galaxy-importer")
    args = parser.parse_args()
    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    checks = Checks(work_dir, args.importer_bin.resolve() if args.importer_bin else None)
    modules = module_names()
    if checks.check("build", checks.build):
        checks.check("contents", checks.contents)
        for profile in IMPORTER_PROFILES:
            checks.check(f"galaxy-importer {profile}", checks.importer, profile)
        if checks.check("install", checks.install):
            for module in modules:
                checks.check(f"doc {module}", checks.doc, module)
            checks.check("run powerpack_info", checks.run_module)
            checks.check("quick start demo", checks.quick_start)
    if args.junit:
        checks.write_junit(args.junit)
    failed = [result[0] for result in checks.results if result[2] == "failed"]
    print(f"package-check: {len(checks.results):d} checks, {len(failed):d} failed" + (": " + ", ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
