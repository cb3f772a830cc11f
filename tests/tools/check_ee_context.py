"""Check the build context that `ansible-builder create` made from docs/execution-environment/.

Building the image needs a container engine; this only checks the context, which is what the build uses:
the Containerfile installs the collections of _build/requirements.yml, that file names plivo.messaging,
and ansible-builder's introspection (the step of the build that collects the Python requirements of
the installed collections) finds every line of the collection's requirements.txt through its
meta/execution-environment.yml. Prints one line per check; exits 1 if one fails.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys

import yaml


def requirement_lines(path: pathlib.Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--context", required=True, type=pathlib.Path)
    parser.add_argument("--collection", required=True, type=pathlib.Path, help=".../ansible_collections/plivo/messaging")
    parser.add_argument("--builder", default="ansible-builder")
    args = parser.parse_args()

    results: list[tuple[bool, str]] = []
    containerfile = args.context / "Containerfile"
    text = containerfile.read_text(encoding="utf-8") if containerfile.is_file() else ""
    results.append((bool(text), f"{containerfile} exists"))
    results.append(
        ("ansible-galaxy collection install" in text and "-r requirements.yml" in text, "the Containerfile installs the collections of _build/requirements.yml")
    )
    results.append(("introspect.py introspect" in text, "the Containerfile collects the collections' Python requirements (introspect)"))

    galaxy_file = args.context / "_build" / "requirements.yml"
    galaxy = yaml.safe_load(galaxy_file.read_text(encoding="utf-8")) if galaxy_file.is_file() else {}
    names = [entry.get("name") if isinstance(entry, dict) else entry for entry in (galaxy or {}).get("collections", [])]
    results.append(("plivo.messaging" in names, "{} names plivo.messaging ({})".format(galaxy_file, ", ".join(map(str, names)))))

    meta = yaml.safe_load((args.collection / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    python_file = meta.get("dependencies", {}).get("python")
    results.append((python_file == "requirements.txt", f"meta/execution-environment.yml names requirements.txt ({python_file})"))

    collections_root = args.collection.parents[2]
    introspected = subprocess.run([args.builder, "introspect", "--sanitize", str(collections_root)], check=True, capture_output=True, text=True).stdout
    print(introspected.rstrip())
    for requirement in requirement_lines(args.collection / "requirements.txt"):
        found = any(requirement in line and "from collection plivo.messaging" in line for line in introspected.splitlines())
        results.append((found, f"introspection finds {requirement!r} from plivo.messaging"))

    for ok, message in results:
        print("{} {}".format("ok  " if ok else "FAIL", message))
    return 0 if all(result[0] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
