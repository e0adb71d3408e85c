"""Adding providers, editing their identity, profile and sites, and an LA verifying a profile: who may,
what is recorded, and what the LA sees changed since it last looked."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import SettingType
from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ProfileVerification, ProviderProfile, ProviderType, RegistrationStatus, Site
from providers.services import profile as services
from tests import factories
from tests.dates import date_input
from tests.providers.factories import ProviderProfileFactory, SiteFactory

NEW = {"provider_type": ProviderType.TUITION, "registration_status": RegistrationStatus.UNREGISTERED}


def providers_named(name):
    with unscoped("test"):
        return list(Organisation.objects.filter(name=name).select_related("profile"))


def profile_of(provider) -> ProviderProfile:
    with unscoped("test"):
        return ProviderProfile.objects.get(provider=provider)


def profile_form(provider, **changes) -> dict:
    """What the edit form posts for `provider` as it stands, with `changes`."""
    data = {
        "name": provider.name,
        "urn": provider.urn or "",
        "ukprn": provider.ukprn or "",
        "setting_type": provider.setting_type,
        "provider_type": ProviderType.TRAINING_PROVIDER,
        "registration_status": RegistrationStatus.FE_REGISTERED,
        "key_stages": ["ks4"],
        "offers": ["part_time"],
        "specialisms": ["vocational"],
        "days": ["mon", "tue", "wed"],
        "teaches_english": "on",
        "teaches_maths": "on",
        "capacity": "20",
        "hours_per_week": "15.0",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- Adding a provider -------------------------------------------------------------------------------


def test_an_la_officer_adds_a_provider_and_its_profile_to_their_register(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Forge Training", "ukprn": "10099901", **NEW})

    [provider] = providers_named("Forge Training")
    assert response.status_code == 302
    assert response["Location"] == reverse("provider_detail", args=[provider.pk])
    assert (provider.kind, provider.local_authority, provider.ukprn, provider.urn) == (
        Kind.PROVIDER,
        world.la,
        "10099901",
        None,  # left blank, so it cannot clash with another blank
    )
    assert (provider.profile.provider_type, provider.profile.added_by) == (ProviderType.TUITION, world.la)
    assert provider.profile.updated_by == world.user("la_officer")


def test_a_school_ap_lead_adds_a_provider_its_la_has_not_listed(world, client):
    client.force_login(world.user("ap_lead"))

    form = client.get(reverse("provider_create")).content.decode()
    response = client.post(
        reverse("provider_create"), {"name": "Corner Gym Mentoring", "setting_type": SettingType.NFE, **NEW}
    )
    page = client.get(response["Location"]).content.decode()

    [provider] = providers_named("Corner Gym Mentoring")
    assert "It will be shown to everyone as <strong>not approved</strong> until your LA approves it" in form
    assert (provider.local_authority, provider.profile.added_by) == (world.la, world.school)
    assert "shown as not approved until your LA approves it" in page
    assert "Not on your LA's approved list" in page


def test_the_provider_joins_the_adders_la_whatever_the_form_says(world, client):
    client.force_login(world.user("la_officer"))

    client.post(
        reverse("provider_create"),
        {
            "name": "Sneaky Provider",
            "setting_type": SettingType.NFE,
            "local_authority": world.other_la.pk,
            "kind": Kind.SCHOOL,
            "trust": world.trust.pk,
            "added_by": world.other_school.pk,
            **NEW,
        },
    )

    [provider] = providers_named("Sneaky Provider")
    assert (provider.kind, provider.local_authority, provider.trust) == (Kind.PROVIDER, world.la, None)
    assert provider.profile.added_by == world.la


def test_a_provider_without_an_identifier_is_refused_with_a_message(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Nameless", **NEW})

    assert response.status_code == 200
    assert "Enter a URN or a UKPRN, or choose a setting type" in response.content.decode()
    assert providers_named("Nameless") == []


def test_a_provider_without_a_type_or_registration_is_refused_with_messages(world, client):
    client.force_login(world.user("la_officer"))

    page = client.post(reverse("provider_create"), {"name": "Vague", "ukprn": "10099904"}).content.decode()

    assert "Choose the type of provider" in page
    assert "Choose whether the provider is registered" in page
    assert providers_named("Vague") == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ukprn", "1009990", "Enter the UKPRN as 8 digits"),
        ("urn", "12345a", "Enter the URN as 6 digits"),
    ],
)
def test_a_badly_formed_identifier_is_refused_with_a_message(world, client, field, value, message):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_create"), {"name": "Short", field: value, **NEW})

    assert message in response.content.decode()
    assert providers_named("Short") == []


def test_a_ukprn_already_on_another_las_register_is_refused_with_a_message(world, client):
    """Identifiers are unique across every organisation, including ones this LA cannot see."""
    client.force_login(world.user("la_officer"))

    response = client.post(
        reverse("provider_create"), {"name": "Copycat", "ukprn": world.other_provider.ukprn, **NEW}
    )

    assert "Another organisation on the service already has this UKPRN" in response.content.decode()
    assert providers_named("Copycat") == []


@pytest.mark.parametrize(
    "role", ["la_viewer", "dsl", "school_leader", "school_staff", "trust_leader", "provider_manager"]
)
def test_only_la_officers_and_ap_leads_add_providers(world, client, role):
    client.force_login(world.user(role))

    page = client.get(reverse("provider_create"))
    posted = client.post(reverse("provider_create"), {"name": "Unwanted", "ukprn": "10099902", **NEW})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert providers_named("Unwanted") == []


def test_the_service_refuses_someone_who_may_not_add_providers(world):
    membership = world.members["school_leader"]
    with acting_as(membership), pytest.raises(PermissionDenied):
        services.add_provider(by=membership, identity={"name": "X", "ukprn": "10099905"}, profile=NEW)


# --- Editing a profile -------------------------------------------------------------------------------


def test_a_provider_manager_edits_its_own_profile(world, client):
    client.force_login(world.user("provider_manager"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        profile_form(
            world.provider,
            key_stages=["ks3", "ks4"],
            specialisms=["semh", "therapeutic"],
            days=["mon", "fri"],
            offers=["full_time"],
            capacity="24",
            dsl_name="Sam Patel",
            price="95.50",
            price_unit="day",
        ),
    )

    assert response.status_code == 302
    profile = profile_of(world.provider)
    assert (profile.key_stages, profile.specialisms, profile.days) == (
        ["ks3", "ks4"],
        ["semh", "therapeutic"],
        ["mon", "fri"],
    )
    assert (profile.capacity, profile.dsl_name, profile.price) == (24, "Sam Patel", Decimal("95.50"))
    assert profile.updated_by == world.user("provider_manager")
    assert profile.added_by == world.la  # who added it never changes


def test_the_edit_form_shows_checkboxes_in_five_groups(world, client):
    client.force_login(world.user("provider_manager"))

    page = client.get(reverse("provider_edit", args=[world.provider.pk])).content.decode()

    for legend in (
        "Who the provider is",
        "Registration and Ofsted",
        "What it offers",
        "Staff and safeguarding",
    ):
        assert legend in page
    for name in ("key_stages", "days", "offers", "specialisms"):
        assert f'type="checkbox" name="{name}"' in " ".join(page.split())


def test_a_provider_cannot_edit_another_providers_profile(world, client):
    client.force_login(world.user("other_provider_manager"))

    page = client.get(reverse("provider_edit", args=[world.provider.pk]))
    posted = client.post(
        reverse("provider_edit", args=[world.provider.pk]), profile_form(world.provider, name="Taken over")
    )

    assert (page.status_code, posted.status_code) == (404, 404)
    assert providers_named("Taken over") == []


def test_provider_staff_see_but_do_not_edit_their_profile(world, client):
    client.force_login(world.user("provider_staff"))

    posted = client.post(
        reverse("provider_edit", args=[world.provider.pk]), profile_form(world.provider, name="Renamed")
    )

    assert posted.status_code == 403
    assert providers_named("Renamed") == []


@pytest.mark.parametrize(
    "role", ["la_viewer", "other_la_officer", "ap_lead", "school_leader", "trust_leader"]
)
def test_commissioners_who_may_not_edit_get_a_refusal(world, client, role):
    client.force_login(world.user(role))

    assert client.get(reverse("provider_edit", args=[world.provider.pk])).status_code == 403


def test_the_la_officer_of_the_register_corrects_a_profile_and_the_identity(world, client):
    client.force_login(world.user("la_officer"))

    client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        profile_form(world.provider, name="Demoshire PRU (renamed)", local_authority=world.other_la.pk),
    )

    world.provider.refresh_from_db()
    assert (world.provider.name, world.provider.local_authority) == ("Demoshire PRU (renamed)", world.la)


def test_the_school_that_added_a_provider_may_edit_it_and_its_sibling_may_not(world, client):
    provider = factories.ProviderFactory(name="Corner Gym Mentoring", local_authority=world.la)
    ProviderProfileFactory(provider=provider, added_by=world.school)

    client.force_login(world.user("ap_lead"))
    by_adder = client.post(reverse("provider_edit", args=[provider.pk]), profile_form(provider, capacity="6"))
    sibling = factories.member(world.sibling_school, "ap_lead")
    client.force_login(sibling.user)
    by_sibling = client.post(
        reverse("provider_edit", args=[provider.pk]), profile_form(provider, capacity="9")
    )

    assert (by_adder.status_code, by_sibling.status_code) == (302, 403)
    assert profile_of(provider).capacity == 6


def test_saving_a_provider_with_no_profile_creates_one(world, client):
    provider = factories.ProviderFactory(name="Blank Slate", local_authority=world.la)
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("provider_edit", args=[provider.pk]), profile_form(provider))

    assert response.status_code == 302
    assert profile_of(provider).updated_by == world.user("la_officer")


def test_taking_another_providers_ukprn_is_refused(world, client):
    client.force_login(world.user("provider_manager"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        profile_form(world.provider, ukprn=world.other_provider.ukprn),
    )

    assert "Another organisation on the service already has this UKPRN" in response.content.decode()


def test_removing_every_identifier_is_refused(world, client):
    client.force_login(world.user("provider_manager"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]), profile_form(world.provider, ukprn="")
    )

    assert "Enter a URN or a UKPRN, or choose a setting type" in response.content.decode()
    world.provider.refresh_from_db()
    assert world.provider.ukprn


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"age_from": "16", "age_to": "11"}, "The oldest age must be the same as or older than the youngest"),
        ({"staff_count": "3", "qts_staff_count": "5"}, "Staff with QTS cannot be more than all staff"),
        ({"price": "90"}, "Say what the price is for"),
        ({"capacity": "many"}, "Enter the number of places as a whole number"),
    ],
)
def test_an_inconsistent_profile_is_refused_with_a_message(world, client, changes, message):
    client.force_login(world.user("provider_manager"))

    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]), profile_form(world.provider, **changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_service_refuses_an_edit_the_rules_do_not_allow(world):
    membership = world.members["la_viewer"]
    with acting_as(membership), pytest.raises(PermissionDenied):
        services.update_profile(
            provider=world.provider, by=membership, identity={"name": "X", "ukprn": "10099906"}, profile={}
        )


# --- Sites -----------------------------------------------------------------------------------------


def test_a_provider_manager_adds_a_site(world, client):
    client.force_login(world.user("provider_manager"))

    response = client.post(
        reverse("site_create", args=[world.provider.pk]),
        {"name": "Riverside", "address_line_1": "1 Quay Street", "town": "Demoton", "postcode": "DM2 2BB"},
    )

    assert response.status_code == 302
    with unscoped("test"):
        assert Site.objects.get(provider=world.provider).address == "1 Quay Street, Demoton, DM2 2BB"


def test_a_new_site_needs_an_address(world, client):
    client.force_login(world.user("provider_manager"))

    page = client.post(reverse("site_create", args=[world.provider.pk]), {"name": "Nowhere"}).content.decode()

    assert "Enter the first line of the address" in page
    assert "Enter the postcode" in page


def test_closing_a_site_keeps_it_with_its_closing_date(world, client):
    site = SiteFactory(provider=world.provider, name="Old Mill")
    client.force_login(world.user("la_officer"))

    client.post(
        reverse("site_edit", args=[site.pk]),
        {
            "name": "Old Mill",
            "address_line_1": site.address_line_1,
            "town": site.town,
            "postcode": site.postcode,
            **date_input("closed_on", "2026-07-18"),
        },
    )

    site.refresh_from_db()
    assert site.closed_on == datetime.date(2026, 7, 18)


@pytest.mark.parametrize(("role", "status"), [("other_provider_manager", 404), ("school_leader", 403)])
def test_only_those_who_edit_the_profile_change_its_sites(world, client, role, status):
    site = SiteFactory(provider=world.provider, name="Old Mill")
    client.force_login(world.user(role))

    posted = client.post(
        reverse("site_edit", args=[site.pk]),
        {"name": "Hijacked", "address_line_1": "x", "town": "x", "postcode": "x"},
    )

    assert posted.status_code == status
    site.refresh_from_db()
    assert site.name == "Old Mill"


# --- Verifying a profile -----------------------------------------------------------------------------


def verify(client, world):
    return client.post(reverse("provider_verify", args=[world.provider.pk]))


def test_an_la_officer_verifies_a_profile_with_a_snapshot_of_it(world, client):
    SiteFactory(provider=world.provider, name="Town Centre")
    client.force_login(world.user("la_officer"))

    response = verify(client, world)

    assert response["Location"] == reverse("provider_detail", args=[world.provider.pk])
    with unscoped("test"):
        verification = ProfileVerification.objects.get(provider=world.provider)
    assert (verification.local_authority, verification.verified_by) == (world.la, world.user("la_officer"))
    snapshot = verification.snapshot
    assert snapshot["name"] == "Demoshire PRU"
    assert snapshot["key_stages"] == "Key stage 4"
    assert snapshot["capacity"] == "20"
    assert snapshot["teaches_english"] == "Yes"
    assert any(
        value.startswith("Town Centre, ") for key, value in snapshot.items() if key.startswith("site:")
    )
    assert all(isinstance(value, str) for value in snapshot.values())


def test_before_any_verification_the_page_says_so(world, client):
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "Not verified by your LA yet" in page
    assert "Mark as verified" in page


def test_the_la_sees_what_the_provider_changed_since_it_verified(world, client):
    site = SiteFactory(provider=world.provider, name="Town Centre")
    client.force_login(world.user("la_officer"))
    verify(client, world)
    client.force_login(world.user("provider_manager"))
    client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        profile_form(world.provider, capacity="35", key_stages=["ks3", "ks4"]),
    )
    client.post(
        reverse("site_edit", args=[site.pk]),
        {
            "name": "Town Centre",
            "address_line_1": site.address_line_1,
            "town": site.town,
            "postcode": site.postcode,
            **date_input("closed_on", "2026-07-18"),
        },
    )

    client.force_login(world.user("la_officer"))
    response = client.get(reverse("provider_detail", args=[world.provider.pk]))

    changes = {(c.label, c.old, c.new) for c in response.context["verification"].changes}
    assert ("Places", "20", "35") in changes
    assert ("Key stages", "Key stage 4", "Key stage 3, Key stage 4") in changes
    assert any(label == "Site" and new.endswith("(closed 18 July 2026)") for label, _, new in changes)
    assert len(changes) == 3
    page = response.content.decode()
    assert "Changes since you last verified" in page
    assert "Key stage 3, Key stage 4" in page


def test_after_verifying_again_nothing_has_changed(world, client):
    client.force_login(world.user("la_officer"))
    verify(client, world)
    client.force_login(world.user("provider_manager"))
    client.post(
        reverse("provider_edit", args=[world.provider.pk]), profile_form(world.provider, capacity="35")
    )
    client.force_login(world.user("la_officer"))
    verify(client, world)

    response = client.get(reverse("provider_detail", args=[world.provider.pk]))

    assert response.context["verification"].changes == []
    assert "Nothing has changed since" in response.content.decode()


def test_another_las_verification_does_not_count_for_this_la(world, client):
    client.force_login(world.user("other_la_officer"))
    verify(client, world)

    client.force_login(world.user("la_officer"))
    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "Not verified by your LA yet" in page


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "provider_manager"])
def test_only_la_officers_verify(world, client, role):
    client.force_login(world.user(role))

    assert verify(client, world).status_code == 403
    with unscoped("test"):
        assert not ProfileVerification.objects.exists()


def test_verifying_is_never_done_by_a_link(world, client):
    client.force_login(world.user("la_officer"))

    assert client.get(reverse("provider_verify", args=[world.provider.pk])).status_code == 405
