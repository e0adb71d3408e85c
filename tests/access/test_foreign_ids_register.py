"""Foreign ids on the register's filters: the provider (and, for a trust or an LA, the school) to filter
by is chosen among those of the placements the acting organisation sees, so another school's or another
LA's provider, or a school outside a trust or an area, is refused with a message (and left out, showing
only the viewer's own placements), and a download asked for with it is refused, writing nothing. Each
refusal has its accepted case beside it."""

import pytest

from apcommission.audit.models import AccessEvent
from tests import factories
from tests.placements.register_pages import placed, signed_in


@pytest.fixture
def sibling_provider(world):
    """A provider only the sibling school (same LA, not in the trust) places with."""
    provider = factories.ProviderFactory(name="Hillside Tuition", local_authority=world.la)
    world.sibling_placement = placed(world, school=world.sibling_school, provider=provider)
    return provider


@pytest.mark.parametrize("role", ["ap_lead", "trust_leader"])
def test_another_schools_provider_is_refused(world, sibling_provider, role):
    mine = placed(world)
    client = signed_in(world, role)
    response = client.get(f"/register/?provider={sibling_provider.pk}")
    assert response.context["form"].errors["provider"] == ["Choose a provider from the list"]
    assert [row.placement_id for row in response.context["page"].object_list] == [mine.pk]
    accepted = client.get(f"/register/?provider={world.provider.pk}")
    assert not accepted.context["form"].errors
    assert [row.placement_id for row in accepted.context["page"].object_list] == [mine.pk]


def test_the_la_filters_by_any_provider_in_its_area(world, sibling_provider):
    placed(world)
    response = signed_in(world, "la_officer").get(f"/register/?provider={sibling_provider.pk}")
    assert not response.context["form"].errors
    assert [row.placement_id for row in response.context["page"].object_list] == [world.sibling_placement.pk]
    other = signed_in(world, "other_la_officer").get(f"/register/?provider={sibling_provider.pk}")
    assert other.context["form"].errors["provider"] == ["Choose a provider from the list"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_with_a_foreign_provider_is_refused_and_writes_nothing(
    world, sibling_provider, file_format
):
    placed(world)
    client = signed_in(world, "ap_lead")
    response = client.get(f"/register/export.{file_format}?provider={sibling_provider.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/register/?provider={sibling_provider.pk}"
    assert not AccessEvent.objects.filter(action="placement.register_export").exists()
    assert client.get(f"/register/export.{file_format}?provider={world.provider.pk}").status_code == 200
    assert AccessEvent.objects.filter(action="placement.register_export").count() == 1


def test_a_school_outside_the_trust_is_refused(world):
    mine = placed(world)
    placed(world, school=world.sibling_school)
    client = signed_in(world, "trust_leader")
    response = client.get(f"/register/?school={world.sibling_school.pk}")
    assert response.context["form"].errors["school"] == ["Choose a school from the list"]
    assert [row.placement_id for row in response.context["page"].object_list] == [mine.pk]
    assert "Hillside Primary" not in response.content.decode()
    accepted = client.get(f"/register/?school={world.school.pk}")
    assert not accepted.context["form"].errors
    assert [row.placement_id for row in accepted.context["page"].object_list] == [mine.pk]


def test_a_school_in_another_area_is_refused(world):
    mine = placed(world)
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    response = signed_in(world, "la_officer").get(f"/register/?school={world.other_school.pk}")
    assert response.context["form"].errors["school"] == ["Choose a school from the list"]
    assert [row.placement_id for row in response.context["page"].object_list] == [mine.pk]
    other = signed_in(world, "other_la_officer").get(f"/register/?school={world.other_school.pk}")
    assert not other.context["form"].errors
    assert [row.placement_id for row in other.context["page"].object_list] == [elsewhere.pk]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_with_a_foreign_school_is_refused_and_writes_nothing(world, file_format):
    placed(world)
    placed(world, school=world.sibling_school)
    client = signed_in(world, "trust_leader")
    response = client.get(f"/register/export.{file_format}?school={world.sibling_school.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/register/?school={world.sibling_school.pk}"
    assert not AccessEvent.objects.filter(action="placement.register_export").exists()
    assert client.get(f"/register/export.{file_format}?school={world.school.pk}").status_code == 200
    assert AccessEvent.objects.filter(action="placement.register_export").count() == 1
