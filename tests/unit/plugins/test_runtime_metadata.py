# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml: every module is in the plivo action group, and the group names only modules that exist."""

from __future__ import annotations

import pathlib

import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[3]


def module_names():
    return sorted(path.stem for path in (COLLECTION_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")


def action_group():
    runtime = yaml.safe_load((COLLECTION_ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    entries = runtime["action_groups"]["plivo"] or []
    # An entry may be a short name or a fully qualified one.
    return sorted(entry.split(".")[-1] for entry in entries if isinstance(entry, str))


def test_every_module_is_in_the_plivo_action_group():
    missing = set(module_names()) - set(action_group())
    assert not missing, f"add to action_groups.plivo in meta/runtime.yml: {sorted(missing)}"


def test_the_plivo_action_group_names_only_existing_modules():
    unknown = set(action_group()) - set(module_names())
    assert not unknown, f"action_groups.plivo lists modules that do not exist: {sorted(unknown)}"


def test_the_group_has_no_duplicates():
    assert len(action_group()) == len(set(action_group()))
