"""The official Plivo Python SDK (``plivo`` 4.63.0, a test-only dependency) against the simulator.

Its Powerpack and number pool calls must work and return what the simulator holds, with the default settings and
under the ``recorded`` profile. The collection never imports the SDK; this suite only checks that the simulator
speaks the API the way Plivo's own client expects it.

The SDK has no setting for its base URL: ``Client.request()`` sets ``client.base_uri`` back to the module constant
``plivo.rest.client.PLIVO_API_BASE_URI`` before every (non-voice) request, and no environment variable is read for
it. So the tests point that constant at the simulator (``monkeypatch``); requests then go to
``{simulator}/v1/Account/{auth_id}/...`` like any client's.
"""

from __future__ import annotations

import ast
import os

import plivo
import plivo.base
import plivo.resources.powerpacks
import plivo.rest.client
import pytest
from harness import HERE
from plivo import exceptions
from simhelpers import CA_FIXED
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import NOT_RENTED
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_MOBILE
from simhelpers import US_TOLLFREE
from simhelpers import XML_APP
from simhelpers import base_seed
from simhelpers import held
from simhelpers import priority

PROFILES = ("default", "recorded")


@pytest.fixture(params=PROFILES)
def api(request, module_launch):
    """A simulator with the default settings or one under the recorded profile, reset."""
    simulator = module_launch() if request.param == "default" else module_launch(profile="recorded")
    simulator.profile = request.param
    return simulator


@pytest.fixture
def client(api, monkeypatch):
    """A plivo.RestClient whose requests go to the simulator."""
    monkeypatch.setattr(plivo.rest.client, "PLIVO_API_BASE_URI", api.base_url + "/v1/Account")
    with plivo.RestClient(api.auth_id, api.auth_token) as sdk:
        yield sdk


@pytest.fixture
def powerpack(client):
    """The seeded Powerpack, got through the SDK (which also sets ``Powerpack.numberpool``)."""
    return client.powerpacks.get(uuid=POWERPACK_UUID)


def recorded(api):
    return api.profile == "recorded"


def stored_powerpack(api, name):
    matches = [pp for pp in api.state()["powerpacks"] if pp["name"] == name]
    assert len(matches) == 1, matches
    return matches[0]


def stored_numbers(api, kind="numbers"):
    return [member["number"] for member in stored_powerpack(api, "existing")[kind]]


def tollfree_number(item, api):
    """The number of a toll-free item: "tollfree" under the recorded profile (Python fixtures), else "number"."""
    return item["tollfree"] if recorded(api) else item["number"]


def pool_uuid_of_single(answer, api):
    return answer["numberpool_uuid"] if recorded(api) else answer["number_pool_uuid"]


def as_dict(response):
    """An SDK answer (ResponseObject, nested ones too) as plain JSON values; resource attributes left out."""
    if isinstance(response, list):
        return [as_dict(item) for item in response]
    if isinstance(response, plivo.base.ResponseObject):
        return {key: as_dict(value) for key, value in vars(response).items() if key not in ("client", "_name")}
    return response


# --- Powerpacks -----------------------------------------------------------------------------------------------------


def test_sdk_requests_reach_the_simulator(client, api):
    client.powerpacks.list()
    (entry,) = api.requests()
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", f"/v1/Account/{api.auth_id}/Powerpack/", 200)


def test_list(client, api):
    listed = client.powerpacks.list()
    assert [item.uuid for item in listed.objects] == [pp["uuid"] for pp in api.state()["powerpacks"]] == [POWERPACK_UUID]
    assert listed.meta.total_count == 1 and listed.meta.limit == 20
    item = as_dict(listed.objects[0])
    assert (item["name"], item["sticky_sender"], item["local_connect"], item["application_id"]) == ("existing", True, False, XML_APP)
    assert "number_priority" not in item
    assert listed.meta.next == ("" if recorded(api) else None)


def test_list_pages_by_limit_offset_and_by_iteration(client, api):
    seed = base_seed()
    seed["powerpacks"] += [{"name": f"pp-{index:02d}"} for index in range(24)]
    api.reset(seed)
    names = [pp["name"] for pp in api.state()["powerpacks"]]
    page = client.powerpacks.list(limit=5, offset=20)
    assert [item.name for item in page.objects] == names[20:] and page.meta.total_count == 25
    # Iterating the resource follows meta.next until it is empty (null, "" or absent alike).
    assert [item.name for item in client.powerpacks] == names
    assert [(entry["query"].get("limit"), entry["query"].get("offset")) for entry in api.requests()[1:]] == [("20", "0"), ("20", "20")]


def test_get(client, api):
    powerpack = client.powerpacks.get(uuid=POWERPACK_UUID)
    stored = stored_powerpack(api, "existing")
    assert (powerpack.uuid, powerpack.name, powerpack.sticky_sender, powerpack.local_connect) == (POWERPACK_UUID, "existing", True, False)
    assert (powerpack.application_type, powerpack.application_id) == ("XML", XML_APP)
    assert powerpack.number_pool == f"/v1/Account/{api.auth_id}/NumberPool/{POOL_UUID}/"
    assert powerpack.get_numberpooluuid() == POOL_UUID == stored["number_pool_uuid"]
    if recorded(api):
        assert "number_priority" not in as_dict(powerpack)
    else:
        assert as_dict(powerpack.number_priority) == stored["number_priority"] and len(stored["number_priority"]) == 4


def test_get_unknown_powerpack_raises_not_found(client):
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        client.powerpacks.get(uuid="00000000-0000-4000-8000-000000000000")


def test_create_with_every_field(client, api):
    wanted = [priority("US", "sms", "longcode", "tollfree", "shortcode")]
    answer = client.powerpacks.create(
        name="sdk-made", sticky_sender=False, local_connect=True, application_type="xml", application_id=XML_APP, number_priority=wanted
    )
    stored = stored_powerpack(api, "sdk-made")
    assert (answer.uuid, answer.name, answer.sticky_sender, answer.local_connect) == (stored["uuid"], "sdk-made", False, True)
    assert (answer.application_type, answer.application_id) == ("XML", XML_APP) == (stored["application_type"].upper(), stored["application_id"])
    assert answer.number_pool.split("/")[5] == stored["number_pool_uuid"]
    assert stored["number_priority"] == [priority("US", "SMS", "longcode", "tollfree", "shortcode")]
    if recorded(api):
        assert "number_priority" not in as_dict(answer)
    else:
        assert as_dict(answer.number_priority) == stored["number_priority"]


def test_create_with_the_sdk_defaults(client, api):
    # The SDK always sends sticky_sender, local_connect, application_type "", application_id "" and number_priority [].
    answer = client.powerpacks.create(name="sdk-defaults")
    body = api.write_requests()[-1]["body"]
    assert body == {"name": "sdk-defaults", "sticky_sender": True, "local_connect": True, "application_type": "", "application_id": "", "number_priority": []}
    stored = stored_powerpack(api, "sdk-defaults")
    assert (answer.application_type, answer.application_id, stored["application_id"]) == ("", "", "")
    assert stored["number_priority"] == []  # an explicit empty list is taken as it is (the API's answer is unknown)


def test_create_with_a_duplicate_name_raises_validation_error(client, api):
    with pytest.raises(exceptions.ValidationError, match="already exists"):
        client.powerpacks.create(name="existing")
    assert len(api.state()["powerpacks"]) == 1


def test_update(api, powerpack):
    answer = powerpack.update({"name": "renamed", "sticky_sender": False, "application_id": "none"})
    stored = stored_powerpack(api, "renamed")
    assert (answer.name, answer.sticky_sender, answer.local_connect, answer.application_id) == ("renamed", False, False, "")
    assert (stored["sticky_sender"], stored["local_connect"], stored["application_id"]) == (False, False, "")
    new_priorities = [priority("CA", "mms", "tollfree", "longcode", "shortcode")]
    answer = powerpack.update({"number_priority": new_priorities})
    assert stored_powerpack(api, "renamed")["number_priority"] == [priority("CA", "MMS", "tollfree", "longcode", "shortcode")]
    assert ("number_priority" in answer) is not recorded(api)


@pytest.mark.parametrize("unrent", [False, True])
def test_delete(api, powerpack, unrent):
    answer = powerpack.delete(unrent_numbers=unrent) if unrent else powerpack.delete()
    assert answer.response == "success"
    assert api.write_requests()[-1]["body"] == {"unrent_numbers": unrent}
    assert api.state()["powerpacks"] == []
    assert ({US_FIXED, CA_FIXED, US_TOLLFREE} <= held(api) | held(api, "tollfree")) is not unrent
    assert CA_SHORTCODE in held(api, "shortcodes")  # short codes are only unlinked


# --- long codes -----------------------------------------------------------------------------------------------------


def test_list_find_and_count_numbers(api, powerpack):
    listed = powerpack.list_numbers()
    assert [item.number for item in listed.objects] == stored_numbers(api) == [US_FIXED, CA_FIXED]
    assert all(("service" in item) is not recorded(api) for item in listed.objects)
    assert [item.number for item in powerpack.list_numbers(service="mms").objects] == [CA_FIXED]
    assert [item.number for item in powerpack.list_numbers(country_iso2="US", starts_with="415").objects] == [US_FIXED]
    assert powerpack.count_numbers() == 2 and powerpack.count_numbers(type="mobile") == 0
    found = as_dict(powerpack.find_number(CA_FIXED))
    assert (found["number"], found["type"], found["country_iso2"], found["service"]) == (CA_FIXED, "fixed", "CA", "mms")
    assert pool_uuid_of_single(found, api) == POOL_UUID
    assert powerpack.find_number(CA_FIXED, service="mms").number == CA_FIXED
    with pytest.raises(exceptions.ResourceNotFoundError):
        powerpack.find_number(CA_FIXED, service="sms")


def test_add_and_remove_numbers(api, powerpack):
    added = as_dict(powerpack.add_number(US_MOBILE, service="mms"))
    assert (added["number"], added["type"], added["service"]) == (US_MOBILE, "mobile", "mms")
    assert pool_uuid_of_single(added, api) == POOL_UUID
    assert stored_numbers(api) == [US_FIXED, CA_FIXED, US_MOBILE]
    assert powerpack.remove_number(US_FIXED).response == "success"
    assert powerpack.remove_number(CA_FIXED, unrent=True).response == "success"
    assert stored_numbers(api) == [US_MOBILE]
    assert US_FIXED in held(api) and CA_FIXED not in held(api)
    with pytest.raises(exceptions.ResourceNotFoundError):
        powerpack.remove_number(US_FIXED)


def test_buy_and_add_number(api, powerpack):
    added = powerpack.buy_add_number(number=NOT_RENTED, service="sms")
    assert added.number == NOT_RENTED and added.type == "fixed"
    assert api.write_requests()[-1]["body"] == {"rent": "true", "service": "sms"}
    assert NOT_RENTED in stored_numbers(api) and NOT_RENTED in held(api)


def test_adding_a_number_the_account_does_not_rent_raises_validation_error(api, powerpack):
    with pytest.raises(exceptions.ValidationError, match="not rented"):
        powerpack.add_number(NOT_RENTED)
    assert stored_numbers(api) == [US_FIXED, CA_FIXED]


@pytest.mark.usefixtures("powerpack")
def test_numbers_through_the_number_pool_resource(api):
    numbers = plivo.resources.powerpacks.Powerpack.numberpool.numbers
    assert [item.number for item in numbers.list().objects] == [US_FIXED, CA_FIXED]
    assert numbers.count() == 2
    assert numbers.add(US_FIXED_2, service="mms").service == "mms"
    assert numbers.find(US_FIXED_2).number == US_FIXED_2
    assert numbers.remove(US_FIXED_2).response == "success"
    assert numbers.buy_add_number(number=NOT_RENTED).number == NOT_RENTED
    assert stored_numbers(api) == [US_FIXED, CA_FIXED, NOT_RENTED]


# --- toll-free ------------------------------------------------------------------------------------------------------


def test_tollfree(api, powerpack):
    added = as_dict(powerpack.add_tollfree(CA_TOLLFREE))
    assert tollfree_number(added, api) == CA_TOLLFREE and added["type"] == "tollfree"
    assert pool_uuid_of_single(added, api) == POOL_UUID
    listed = powerpack.list_tollfree()
    assert [tollfree_number(as_dict(item), api) for item in listed.objects] == stored_numbers(api, "tollfree") == [US_TOLLFREE, CA_TOLLFREE]
    assert listed.meta.total_count == 2
    found = as_dict(powerpack.find_tollfree(US_TOLLFREE))
    assert tollfree_number(found, api) == US_TOLLFREE and found["country_iso2"] == "US"
    assert powerpack.remove_tollfree(US_TOLLFREE).response == "success"
    assert powerpack.remove_tollfree(CA_TOLLFREE, unrent=True).response == "success"
    assert stored_numbers(api, "tollfree") == []
    assert held(api, "tollfree") == {US_TOLLFREE}
    with pytest.raises(exceptions.ResourceNotFoundError):
        powerpack.find_tollfree(US_TOLLFREE)


@pytest.mark.usefixtures("powerpack")
def test_tollfree_through_the_number_pool_resource(api):
    tollfree = plivo.resources.powerpacks.Powerpack.numberpool.tollfree
    assert tollfree_number(as_dict(tollfree.add(CA_TOLLFREE)), api) == CA_TOLLFREE
    assert [tollfree_number(as_dict(item), api) for item in tollfree.list(limit=1, offset=1).objects] == [CA_TOLLFREE]
    assert tollfree_number(as_dict(tollfree.find(CA_TOLLFREE)), api) == CA_TOLLFREE
    assert tollfree.remove(US_TOLLFREE).response == "success"
    assert stored_numbers(api, "tollfree") == [CA_TOLLFREE]


# --- short codes ----------------------------------------------------------------------------------------------------


def test_shortcodes(api, powerpack):
    listed = powerpack.list_shortcodes()
    assert [item.shortcode for item in listed.objects] == [member["shortcode"] for member in stored_powerpack(api, "existing")["shortcodes"]]
    found = powerpack.find_shortcode(CA_SHORTCODE)
    assert (found.shortcode, found.country_iso2, found.number_pool_uuid) == (CA_SHORTCODE, "CA", POOL_UUID)
    assert powerpack.remove_shortcode(CA_SHORTCODE).response == "success"
    assert stored_powerpack(api, "existing")["shortcodes"] == []
    assert CA_SHORTCODE in held(api, "shortcodes")
    with pytest.raises(exceptions.ResourceNotFoundError):
        powerpack.find_shortcode(CA_SHORTCODE)


@pytest.mark.usefixtures("powerpack")
def test_shortcodes_through_the_number_pool_resource(api):
    shortcodes = plivo.resources.powerpacks.Powerpack.numberpool.shortcodes
    assert [item.shortcode for item in shortcodes.list().objects] == [CA_SHORTCODE]
    assert shortcodes.find(CA_SHORTCODE).shortcode == CA_SHORTCODE
    assert shortcodes.remove(CA_SHORTCODE).response == "success"
    assert shortcodes.list().objects == []


# --- errors ---------------------------------------------------------------------------------------------------------


def test_wrong_token_raises_authentication_error(api, monkeypatch):
    monkeypatch.setattr(plivo.rest.client, "PLIVO_API_BASE_URI", api.base_url + "/v1/Account")
    with plivo.RestClient(api.auth_id, "x" * 40) as sdk, pytest.raises(exceptions.AuthenticationError, match="authentication failed"):
        sdk.powerpacks.list()
    assert api.requests()[-1]["status"] == 401


# --- the SDK stays a test-only dependency ---------------------------------------------------------------------------


def test_the_collection_never_imports_the_sdk():
    root = os.path.normpath(os.path.join(HERE, "..", ".."))
    importers = []
    for folder, _dirs, files in os.walk(os.path.join(root, "plugins")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as stream:
                    tree = ast.parse(stream.read(), path)
                for node in ast.walk(tree):
                    modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                    if isinstance(node, ast.ImportFrom) and node.level == 0:
                        modules = [node.module or ""]
                    if any(module == "plivo" or module.startswith("plivo.") for module in modules):
                        importers.append(os.path.relpath(path, root))
    assert importers == []
