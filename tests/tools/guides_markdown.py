"""Write the Markdown copies of the docsite guides that Galaxy and Automation Hub show, or check them.

    python tests/tools/guides_markdown.py           (``make guides``: rewrite docs/<guide>.md)
    python tests/tools/guides_markdown.py --check   (``make lint``: fail when a copy is missing or stale)

Each guide has ONE source, ``docs/docsite/rst/<guide>.rst``, listed in ``docs/docsite/extra-docs.yml``; the
antsibull-docs docsite renders it with its semantic markup (links to the plugin pages). Galaxy's importer
renders only the Markdown files at the top of ``docs/`` (with Python-Markdown and its "extra" extensions) on
the collection's Documentation tab, so each guide gets a generated copy, ``docs/<guide>.md``, committed and
shipped in the tarball. No converter at hand does it (pandoc is no dependency of the project, and neither it nor
docutils knows antsibull-docs' semantic markup). The copy is made from the docutils parse of the RST, not with
regular expressions:

- ``:ansplugin:`` becomes the plugin's name in code, ``:ansopt:`` and ``:ansretval:`` the option's name with
  its plugin, ``:ansval:`` the value in code;
- ``:ref:`` to another guide becomes an absolute link to its Markdown copy in the repository of galaxy.yml
  (relative links do not resolve on Galaxy);
- the ``contents`` directive is left out (Python-Markdown gives headings no anchors);
- code blocks are fenced, list-tables become pipe tables, lists use four-space indents (Python-Markdown
  needs them).

Anything else (an RST warning, a construct this does not know) stops it with a message, so a copy is
never silently incomplete. Needs docutils (in .venv through antsibull-docs) and PyYAML.
"""

from __future__ import annotations

import argparse
import io
import pathlib
import re
import sys

import yaml
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles

ROOT = pathlib.Path(__file__).resolve().parents[2]
RST_DIR = ROOT / "docs" / "docsite" / "rst"
EXTRA_DOCS = ROOT / "docs" / "docsite" / "extra-docs.yml"
DOCS = ROOT / "docs"
LABEL_PREFIX = "ansible_collections.plivo.messaging.docsite."
HEADER = (
    "<!--\n"
    "  GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)\n"
    "  Generated from docs/docsite/rst/{name}.rst by tests/tools/guides_markdown.py (make guides).\n"
    "  Edit the .rst file, then run make guides; make lint fails while this copy is stale.\n"
    "-->\n"
)
# Characters Python-Markdown (and GitHub) would read as markup inside text; both accept the backslash escape.
ESCAPE = re.compile(r"([\\`*_\[\]])")
# Languages of code blocks that GitHub's highlighter does not know, and the nearest one it does.
FENCE_LANGUAGES = {"yaml+jinja": "yaml"}
# Text that would start a heading, a list, a quote or a rule at the start of a block.
BLOCK_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


class ConversionError(Exception):
    """The RST holds something this converter cannot render faithfully."""


def repository_blob_url() -> str:
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    return galaxy["repository"].rstrip("/") + "/blob/main/"


def guide_names() -> list[str]:
    """The guides of extra-docs.yml, in its order."""
    extra = yaml.safe_load(EXTRA_DOCS.read_text(encoding="utf-8"))
    names = []
    for section in extra.get("sections", []):
        for entry in section.get("toctree", []):
            names.append(entry["ref"] if isinstance(entry, dict) else entry)
    return names


def escape(text: str) -> str:
    return ESCAPE.sub(r"\\\1", text).replace("<", "&lt;")


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class Converter:
    def __init__(self, labels: dict[str, tuple[str, str]]) -> None:
        # label -> (title, absolute URL of the Markdown copy)
        self.labels = labels

    # Inline content -------------------------------------------------------------------------------------

    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if isinstance(node, nodes.literal):
            return code_span(node.astext().replace("\n", " "))
        if isinstance(node, nodes.strong):
            return "**" + self.inlines(node) + "**"
        if isinstance(node, nodes.emphasis):
            return "*" + self.inlines(node) + "*"
        if isinstance(node, nodes.reference):
            uri = node.get("refuri")
            if not uri:
                raise ConversionError(f"a reference without a URI: {node.astext()!r}")
            text = self.inlines(node)
            return f"<{uri}>" if node.astext() == uri else f"[{text}]({uri})"
        if isinstance(node, nodes.target):
            return ""  # the target half of `text <url>`_
        if isinstance(node, nodes.inline):
            return self.inlines(node)
        raise ConversionError(f"unsupported inline markup {node.tagname!r}: {node.astext()[:60]!r}")

    def inlines(self, node: nodes.Element) -> str:
        return "".join(self.inline(child) for child in node.children)

    def paragraph(self, node: nodes.paragraph) -> str:
        text = self.inlines(node).strip()
        match = BLOCK_START.match(text)
        if match:
            text = text[: match.end() - 1] + "\\" + text[match.end() - 1 :]
        return text

    # Blocks ---------------------------------------------------------------------------------------------

    def blocks(self, parent: nodes.Element, depth: int, in_list: bool = False) -> list[str]:
        """Markdown blocks (each a string of lines) for the children of parent."""
        out: list[str] = []
        for child in parent.children:
            out.extend(self.block(child, depth, in_list))
        return out

    def block(self, node: nodes.Node, depth: int, in_list: bool) -> list[str]:
        if isinstance(node, (nodes.comment, nodes.target)):
            return []
        if isinstance(node, nodes.topic) and "contents" in node.get("classes", []):
            return []
        if isinstance(node, nodes.title):
            return ["#" * depth + " " + self.inlines(node).strip()]
        if isinstance(node, nodes.section):
            return self.blocks(node, depth + 1)
        if isinstance(node, nodes.paragraph):
            return [self.paragraph(node)]
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return [self.list_block(node, depth)]
        if isinstance(node, nodes.literal_block):
            if in_list:
                raise ConversionError("a code block inside a list item (Python-Markdown cannot fence it there)")
            classes = [name for name in node.get("classes", []) if name != "code"]
            body = node.astext()
            fence = "```"
            while fence in body:
                fence += "`"
            language = FENCE_LANGUAGES.get(classes[0], classes[0]) if classes else ""
            return [f"{fence}{language}\n{body}\n{fence}"]
        if isinstance(node, nodes.table):
            if in_list:
                raise ConversionError("a table inside a list item")
            return [self.table(node)]
        if isinstance(node, nodes.system_message):
            raise ConversionError(node.astext())
        raise ConversionError(f"unsupported block {node.tagname!r}: {node.astext()[:60]!r}")

    def list_block(self, node: nodes.Element, depth: int) -> str:
        lines = []
        for number, item in enumerate(node.children, start=1):
            marker = f"{number}." if isinstance(node, nodes.enumerated_list) else "-"
            parts = self.blocks(item, depth, in_list=True)
            if not parts:
                raise ConversionError("an empty list item")
            first, *rest = parts
            item_lines = [f"{marker} " + first.replace("\n", "\n    ")]
            for part in rest:
                item_lines.append("")
                item_lines.append("    " + part.replace("\n", "\n    "))
            lines.extend(item_lines)
        return "\n".join(lines)

    def table(self, node: nodes.table) -> str:
        groups = [child for child in node.children if isinstance(child, nodes.tgroup)]
        if len(groups) != 1:
            raise ConversionError("a table without exactly one tgroup")
        head = [child for child in groups[0].children if isinstance(child, nodes.thead)]
        body = [child for child in groups[0].children if isinstance(child, nodes.tbody)]
        if len(head) != 1 or len(head[0].children) != 1:
            raise ConversionError("a table without exactly one header row (a pipe table needs one)")
        rows = [self.row(row) for row in head[0].children + (body[0].children if body else [])]
        width = len(rows[0])
        if any(len(row) != width for row in rows):
            raise ConversionError("a table with spanning cells")
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def row(self, row: nodes.row) -> list[str]:
        cells = []
        for entry in row.children:
            if entry.get("morerows") or entry.get("morecols"):
                raise ConversionError("a table with spanning cells")
            paragraphs = [child for child in entry.children if isinstance(child, nodes.paragraph)]
            if len(paragraphs) != len(entry.children) or len(paragraphs) > 1:
                raise ConversionError(f"a table cell that is not one paragraph: {entry.astext()[:60]!r}")
            cells.append(self.paragraph(paragraphs[0]).replace("|", "\\|") if paragraphs else "")
        return cells

    def document(self, doctree: nodes.document) -> str:
        # The document's own title (docutils lifts it out of its section) is level 1, its sections level 2.
        return "\n\n".join(block for block in self.blocks(doctree, 1) if block) + "\n"


def register_roles(labels: dict[str, tuple[str, str]]) -> None:
    def plugin_name(text: str) -> tuple[str, str]:
        """'ns.coll.name#type:option=value' -> ('ns.coll.name', 'option=value')."""
        plugin, _sep, rest = text.partition("#")
        option = rest.partition(":")[2]
        return plugin, option

    def ansplugin(_name, rawtext, text, _lineno, _inliner, _options=None, _content=None):
        return [nodes.literal(rawtext, plugin_name(text)[0])], []

    def ansopt(_name, rawtext, text, _lineno, _inliner, _options=None, _content=None):
        plugin, option = plugin_name(text) if "#" in text else ("", text)
        result: list[nodes.Node] = [nodes.literal(rawtext, option)]
        if plugin:
            result += [nodes.Text(" of "), nodes.literal(rawtext, plugin)]
        return result, []

    def ansval(_name, rawtext, text, _lineno, _inliner, _options=None, _content=None):
        return [nodes.literal(rawtext, text)], []

    def ref(_name, rawtext, text, lineno, inliner, _options=None, _content=None):
        match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", text)
        title, label = (match.group(1), match.group(2)) if match else (None, text)
        if label not in labels:
            message = inliner.reporter.error(f"unknown :ref: label {label!r} (only the guides' labels are known)", line=lineno)
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        target_title, url = labels[label]
        return [nodes.reference(rawtext, title or target_title, refuri=url)], []

    roles.register_local_role("ansplugin", ansplugin)
    roles.register_local_role("ansopt", ansopt)
    roles.register_local_role("ansretval", ansopt)
    roles.register_local_role("ansval", ansval)
    roles.register_local_role("ref", ref)


def parse(path: pathlib.Path) -> nodes.document:
    warnings = io.StringIO()
    settings = {
        "report_level": 2,  # warnings and up are reported ...
        "halt_level": 2,  # ... and stop the parse
        "warning_stream": warnings,
        "syntax_highlight": "none",
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "_disable_config": True,
    }
    try:
        return publish_doctree(path.read_text(encoding="utf-8"), source_path=str(path), settings_overrides=settings)
    except Exception as error:  # docutils raises SystemMessage for anything at halt_level
        raise ConversionError(str(error).strip() or warnings.getvalue().strip()) from error


def title_of(path: pathlib.Path) -> str:
    for line_number, line in enumerate(lines := path.read_text(encoding="utf-8").splitlines()):
        if line_number + 1 < len(lines) and line.strip() and re.fullmatch(r"=+", lines[line_number + 1]) and not line.startswith(".."):
            return line.strip()
    raise ConversionError(f"{path}: no title underlined with '='")


def convert_all() -> dict[pathlib.Path, str]:
    """Every guide's Markdown copy: {path of docs/<guide>.md: text}."""
    base = repository_blob_url()
    names = guide_names()
    labels = {}
    for name in names:
        source = RST_DIR / f"{name}.rst"
        if not source.is_file():
            raise ConversionError(f"{EXTRA_DOCS.relative_to(ROOT)} lists {name}, but {source.relative_to(ROOT)} does not exist")
        labels[LABEL_PREFIX + name] = (title_of(source), f"{base}docs/{name}.md")
    register_roles(labels)
    converter = Converter(labels)
    result = {}
    for name in names:
        source = RST_DIR / f"{name}.rst"
        try:
            result[DOCS / f"{name}.md"] = HEADER.format(name=name) + "\n" + converter.document(parse(source))
        except ConversionError as error:
            raise ConversionError(f"{source.relative_to(ROOT)}: {error}") from None
    return result


def generated_copies() -> list[pathlib.Path]:
    """Markdown files in docs/ that say they were generated by this script."""
    return [path for path in sorted(DOCS.glob("*.md")) if "by tests/tools/guides_markdown.py" in path.read_text(encoding="utf-8")[:400]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail when a copy is missing, stale or has no source")
    args = parser.parse_args(argv)
    try:
        wanted = convert_all()
    except ConversionError as error:
        print(f"guides_markdown: {error}", file=sys.stderr)
        return 1
    stray = [path for path in generated_copies() if path not in wanted]
    if args.check:
        problems = [
            f"{path.relative_to(ROOT)} is {'stale' if path.exists() else 'missing'}"
            for path, text in wanted.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        problems += [f"{path.relative_to(ROOT)} has no source in {EXTRA_DOCS.relative_to(ROOT)}" for path in stray]
        if problems:
            print("guides_markdown: " + "; ".join(problems) + ". Run `make guides` and commit the result.", file=sys.stderr)
            return 1
        print(f"guides_markdown: the {len(wanted)} Markdown copies in docs/ match their RST sources")
        return 0
    for path in stray:
        path.unlink()
        print(f"guides_markdown: removed {path.relative_to(ROOT)} (no source any more)")
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"guides_markdown: wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
