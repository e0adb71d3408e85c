"""Foreign ids on the register's filters: the provider to filter by is chosen among the providers of the
placements the acting organisation sees, so another school's or another LA's provider is refused with a
message (and left out), and a download asked for with it is refused, writing nothing. Each refusal has
its accepted case beside it."""

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
