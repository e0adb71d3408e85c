"""LA officers add and edit the provider organisations on their own area's register, and nobody else does."""

import pytest
from django.urls import reverse

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import SettingType
from apcommission.tenancy.scoping import unscoped


def providers_named(name):
    with unscoped("test"):
        return list(Organisation.objects.filter(name=name))


def test_an_la_officer_adds_a_provider_to_their_register(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Forge Training", "ukprn": "10099901"})

    [provider] = providers_named("Forge Training")
    assert response.status_code == 302
    assert response["Location"] == reverse("provider_detail", args=[provider.pk])
    assert (provider.kind, provider.local_authority, provider.ukprn) == (Kind.PROVIDER, world.la, "10099901")
    assert provider.urn is None  # left blank, so it cannot clash with another blank


def test_the_provider_joins_the_officers_la_whatever_the_form_says(world, client):
    client.force_login(world.user("la_officer"))

    client.post(
        reverse("provider_create"),
        {
            "name": "Sneaky Provider",
            "setting_type": SettingType.NFE,
            "local_authority": world.other_la.pk,
            "kind": Kind.SCHOOL,
            "trust": world.trust.pk,
        },
    )

    [provider] = providers_named("Sneaky Provider")
    assert (provider.kind, provider.local_authority, provider.trust) == (Kind.PROVIDER, world.la, None)


def test_a_provider_without_an_identifier_is_refused_with_a_message(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Nameless"})

    assert response.status_code == 200
    assert "Enter a URN or a UKPRN, or choose a setting type" in response.content.decode()
    assert providers_named("Nameless") == []


def test_a_badly_formed_ukprn_is_refused_with_a_message(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Short", "ukprn": "1009990"})

    assert response.status_code == 200
    assert "Enter the UKPRN as 8 digits" in response.content.decode()
    assert providers_named("Short") == []


def test_a_ukprn_already_on_another_las_register_is_refused_with_a_message(world, client):
    """Identifiers are unique across every organisation, including ones this LA cannot see."""
    client.force_login(world.user("la_officer"))

    response = client.post(
        reverse("provider_create"), {"name": "Copycat", "ukprn": world.other_provider.ukprn}
    )

    assert response.status_code == 200
    assert "UKPRN already exists" in response.content.decode()
    assert providers_named("Copycat") == []


@pytest.mark.parametrize("role_name", ["la_viewer", "school_leader", "trust_leader", "provider_manager"])
def test_only_la_officers_add_providers(world, client, role_name):
    client.force_login(world.user(role_name))

    page = client.get(reverse("provider_create"))
    posted = client.post(reverse("provider_create"), {"name": "Unwanted", "ukprn": "10099902"})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert providers_named("Unwanted") == []


def test_an_la_officer_edits_a_provider_on_their_register(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        {
            "name": "Demoshire PRU (renamed)",
            "ukprn": world.provider.ukprn,
            "local_authority": world.other_la.pk,
        },
    )

    assert response.status_code == 302
    world.provider.refresh_from_db()
    assert (world.provider.name, world.provider.local_authority) == ("Demoshire PRU (renamed)", world.la)


def test_another_las_provider_is_not_found(world, client):
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("provider_edit", args=[world.other_provider.pk]))
    posted = client.post(
        reverse("provider_edit", args=[world.other_provider.pk]), {"name": "Taken over", "ukprn": "10099903"}
    )

    assert (page.status_code, posted.status_code) == (404, 404)
    world.other_provider.refresh_from_db()
    assert world.other_provider.name == "Otherton College"


def test_an_la_viewer_cannot_edit_a_provider(world, client):
    client.force_login(world.user("la_viewer"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]), {"name": "Renamed", "ukprn": world.provider.ukprn}
    )

    assert response.status_code == 403
    world.provider.refresh_from_db()
    assert world.provider.name == "Demoshire PRU"


def test_an_la_viewer_sees_the_register_without_an_edit_button(world, client):
    client.force_login(world.user("la_viewer"))

    listing = client.get(reverse("provider_list"))
    detail = client.get(reverse("provider_detail", args=[world.provider.pk]))

    assert listing.status_code == 200
    assert "Demoshire PRU" in listing.content.decode()
    assert "Otherton College" not in listing.content.decode()
    assert reverse("provider_edit", args=[world.provider.pk]) not in detail.content.decode()
