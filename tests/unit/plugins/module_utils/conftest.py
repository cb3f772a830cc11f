# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the module_utils unit tests.

Imports of ansible_collections.* happen inside the fixtures: pytest may load this file before pytest-ansible
has made the collection importable.
"""

from __future__ import annotations

import functools

import pytest


@pytest.fixture
def scripted(monkeypatch):
    """scripted(*script, **client_options) -> (client, transport, sleeps): a PlivoClient on a ScriptedTransport,
    mounted through _client.new_session; sleeps are recorded on a fake clock, not slept."""
    from ansible_collections.plivo.messaging.tests.unit.scripted_transport import scripted_client

    return functools.partial(scripted_client, monkeypatch)
