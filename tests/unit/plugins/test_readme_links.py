# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The links of README.md (and of each role's README.md) work where Galaxy and Automation Hub show them.

Galaxy renders these files on the collection's page, away from the repository, so a relative link leads
nowhere there. Every Markdown link must be absolute, and a link into the repository named in galaxy.yml
(``<repository>/blob/main/<path>`` or ``<repository>/tree/main/<path>``) must name a file (blob) or a
folder (tree) that exists in this checkout.
"""

from __future__ import annotations

import fnmatch
import pathlib
import re

import pytest
import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[3]

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# [text](target "title") and ![alt](target); the text may hold code spans but no brackets.
INLINE_LINK = re.compile(r"!?\[(?P<text>[^\[\]]*)\]\(\s*(?P<target><[^>]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target><[^>]*>|\S+)", re.MULTILINE)
AUTOLINK = re.compile(r"<(?P<target>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"'](?P<target>[^\"']*)[\"']", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def readmes() -> list[pathlib.Path]:
    return [COLLECTION_ROOT / "README.md", *sorted((COLLECTION_ROOT / "roles").glob("*/README.md"))]


def galaxy_yml(root: pathlib.Path = COLLECTION_ROOT) -> dict:
    return yaml.safe_load((root / "galaxy.yml").read_text(encoding="utf-8"))


def repository() -> str:
    return galaxy_yml()["repository"].rstrip("/")


def left_out_of_builds(relative: str, root: pathlib.Path) -> bool:
    """True in a built collection (MANIFEST.json, no git checkout) for a path that galaxy.yml's build_ignore drops."""
    if not (root / "MANIFEST.json").is_file() or not (root / "galaxy.yml").is_file():
        return False
    parts = relative.split("/")
    prefixes = ["/".join(parts[:length]) for length in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatchcase(prefix, pattern) for pattern in galaxy_yml(root).get("build_ignore") or [] for prefix in prefixes)


def strip_code(text: str) -> str:
    """The text without fenced code blocks and code spans, whose brackets are not links."""
    return CODE_SPAN.sub("code", FENCE.sub("", text))


def links(text: str) -> list[str]:
    """Every link target of the Markdown text, in order of appearance."""
    text = strip_code(text)
    found = []
    for pattern in (INLINE_LINK, REFERENCE_DEFINITION, AUTOLINK, HTML_LINK):
        found += [(match.start(), match.group("target").strip("<>")) for match in pattern.finditer(text)]
    return [target for _position, target in sorted(found)]


def problems(target: str, base: str, root: pathlib.Path) -> str | None:
    """Why the link target would not work on Galaxy, or None."""
    if not SCHEME.match(target):
        return "relative link (Galaxy shows this file outside the repository): use an absolute one"
    if not (target == base or target.startswith(base + "/")):
        return None
    path = target[len(base) :].split("#", 1)[0].split("?", 1)[0].strip("/")
    kind, _sep, rest = path.partition("/")
    if kind not in ("blob", "tree"):
        return None  # issues, pulls, releases, the repository itself
    branch, _sep, relative = rest.partition("/")
    if branch != "main":
        return f"links to branch {branch!r}: link to main"
    local = root / relative
    if not relative or ".." in pathlib.PurePosixPath(relative).parts:
        return "names no path in the repository"
    if not local.exists() and left_out_of_builds(relative, root):
        return None  # in the repository, not in the tarball this runs from
    if kind == "blob" and not local.is_file():
        return f"{relative} is not a file of the repository" + (" (a folder: use /tree/main/)" if local.is_dir() else "")
    if kind == "tree" and not local.is_dir():
        return f"{relative} is not a folder of the repository" + (" (a file: use /blob/main/)" if local.is_file() else "")
    return None


@pytest.mark.parametrize("readme", readmes(), ids=lambda path: str(path.relative_to(COLLECTION_ROOT)))
def test_readme_links_are_absolute_and_exist(readme):
    targets = links(readme.read_text(encoding="utf-8"))
    assert targets, f"{readme.name} has no links: is the parser still right?"
    base = repository()
    bad = [f"{target}: {problem}" for target in targets if (problem := problems(target, base, COLLECTION_ROOT))]
    assert not bad, "links that do not work on Galaxy:\n" + "\n".join(bad)


def test_the_main_readme_links_into_the_repository():
    """The check above would pass vacuously if no link named the repository (e.g. after a rename in galaxy.yml)."""
    base = repository()
    assert any(target.startswith(base + "/blob/main/") for target in links((COLLECTION_ROOT / "README.md").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[a](https://example.com/x) and ![b](img.png)", ["https://example.com/x", "img.png"]),
        ('[a](<docs/x y.md> "title")', ["docs/x y.md"]),
        ("[`code` text](docs/a.md)", ["docs/a.md"]),
        ("`[not](a-link.md)` and\n```\n[nor](this.md)\n```\n", []),
        ("[ref]: ../COPYING\n<https://example.com/auto>", ["../COPYING", "https://example.com/auto"]),
        ('<a href="docs/">x</a>', ["docs/"]),
    ],
)
def test_links_finds_every_kind_of_link(markdown, expected):
    assert links(markdown) == expected


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("docs/testing.md", "relative link"),
        ("#quick-start", "relative link"),
        ("https://example.com/docs/testing.md", None),
        ("https://github.com/o/r/issues", None),
        ("https://github.com/o/r/blob/main/README.md", None),
        ("https://github.com/o/r/tree/main/docs", None),
        ("https://github.com/o/r/blob/main/README.md#license", None),
        ("https://github.com/o/r/blob/main/missing.md", "missing.md is not a file"),
        ("https://github.com/o/r/blob/main/docs", "(a folder: use /tree/main/)"),
        ("https://github.com/o/r/tree/main/README.md", "(a file: use /blob/main/)"),
        ("https://github.com/o/r/blob/devel/README.md", "branch 'devel'"),
        ("https://github.com/o/r/blob/main/../etc/passwd", "names no path"),
    ],
)
def test_problems(tmp_path, target, problem):
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    found = problems(target, "https://github.com/o/r", tmp_path)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


@pytest.mark.parametrize("built", [False, True])
def test_a_file_left_out_of_the_tarball_is_only_accepted_there(tmp_path, built):
    (tmp_path / "galaxy.yml").write_text("build_ignore:\n  - CONTRIBUTING.md\n  - .github\n", encoding="utf-8")
    if built:
        (tmp_path / "MANIFEST.json").write_text("{}", encoding="utf-8")
    for target in ("https://github.com/o/r/blob/main/CONTRIBUTING.md", "https://github.com/o/r/blob/main/.github/x.yml"):
        found = problems(target, "https://github.com/o/r", tmp_path)
        assert (found is None) if built else ("is not a file" in found)
    assert "is not a file" in problems("https://github.com/o/r/blob/main/NEWS.md", "https://github.com/o/r", tmp_path)
