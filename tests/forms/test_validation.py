"""Bad input on the provider pages gets a clear GOV.UK message, and nothing is stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from providers.models import ApprovedListEntry, Evidence, Judgement, ProviderProfile, QAVisit, Site
from tests.dates import date_input, with_changes
from tests.providers.factories import (
    ApprovedListEntryFactory,
    SiteFactory,
    standard_areas,
    standard_evidence_type,
)

TODAY = timezone.localdate()


def count(model) -> int:
    with unscoped("test"):
        return model.objects.count()


def errors_on(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    page = response.content.decode()
    assert "There is a problem" in page
    return page


@pytest.fixture
def officer(world, client):
    client.force_login(world.user("la_officer"))
    return client


@pytest.fixture
def entry(world):
    # Approved with conditions: the only status whose terms page asks for conditions.
    return ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status="approved_with_conditions",
        conditions="Renew DSL training.",
    )


def terms(**changes) -> dict:
    data = {
        "categories": [],
        "price": "95.00",
        "price_unit": "day",
        "conditions": "Renew DSL training.",
        **date_input("next_review_on", TODAY + datetime.timedelta(days=200)),
    }
    return with_changes(data, changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"price": "-50.00"}, "Price agreed must be 0 or more"),
        ({"price": "99999999999"}, "Price agreed must be 999,999.99 or less"),
        (
            {"next_review_on": TODAY - datetime.timedelta(days=1)},
            "The next review date must be today or in the future",
        ),
        ({"next_review_on": None}, "Enter the next review date"),
        ({"conditions": "x" * 20_000}, "Conditions must be 5,000 characters or fewer"),
    ],
)
def test_an_entrys_terms_refuse_bad_values_and_keep_the_old_ones(officer, entry, changes, message):
    with unscoped("test"):
        before = ApprovedListEntry.objects.values().get(pk=entry.pk)

    page = errors_on(officer.post(reverse("approval_edit", args=[entry.pk]), terms(**changes)))

    assert message in page
    assert "Ensure this value" not in page
    with unscoped("test"):
        assert ApprovedListEntry.objects.values().get(pk=entry.pk) == before


def test_a_blank_review_date_on_a_new_approval_means_a_year_on_as_the_hint_says(world, officer):
    response = officer.post(
        reverse("approval_create", args=[world.provider.pk]),
        {"status": "approved", "reason": "Panel", "categories": [], **date_input("next_review_on", None)},
    )

    assert response.status_code == 302
    with unscoped("test"):
        entry = ApprovedListEntry.objects.get(provider=world.provider, local_authority=world.la)
    assert entry.next_review_on.year == TODAY.year + 1


def check(**changes) -> dict:
    data = {
        "evidence_type": standard_evidence_type("Insurance").pk,
        "outcome": "satisfactory",
        "notes": "",
        **date_input("checked_on", TODAY),
        **date_input("expires_on", None),
    }
    return with_changes(data, changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"checked_on": datetime.date(1900, 1, 1)}, "The date checked must be the same as or after"),
        ({"checked_on": TODAY + datetime.timedelta(days=1)}, "The date checked must be today or in the past"),
        ({"holds_dbs_copies": "yes"}, "Upload the document that includes copies of DBS certificates"),
        ({"notes": "x" * 5001}, "Notes must be 5,000 characters or fewer"),
    ],
)
def test_an_evidence_check_refuses_bad_values_and_stores_nothing(world, officer, changes, message):
    page = errors_on(officer.post(reverse("evidence_create", args=[world.provider.pk]), check(**changes)))

    assert message in page
    assert count(Evidence) == 0


def visit(areas, **changes) -> dict:
    data = {
        **date_input("visited_on", TODAY - datetime.timedelta(days=3)),
        "kind": "announced",
        "summary": "Calm sessions.",
    }
    for area in areas:
        data[f"area_{area.pk}_judgement"] = Judgement.MEETS
    return with_changes(data, changes)


def test_an_action_cannot_be_due_before_its_visit(world, officer):
    data = visit(
        standard_areas(),
        action_1_description="Fix the gate",
        action_1_owner="Manager",
        action_1_due_on=TODAY - datetime.timedelta(days=10),
    )

    page = errors_on(officer.post(reverse("visit_create", args=[world.provider.pk]), data))

    assert "The due date of action 1 must be the same as or after the date of the visit" in page
    assert count(QAVisit) == 0


def site_form(site, **changes) -> dict:
    return {
        "name": site.name,
        "address_line_1": site.address_line_1,
        "address_line_2": "",
        "town": site.town,
        "postcode": site.postcode,
        **date_input("closed_on", None),
        **changes,
    }


def test_a_postcode_must_be_a_uk_postcode_and_is_never_cut_short(world, client):
    site = SiteFactory(provider=world.provider, postcode="DM1 1AA")
    client.force_login(world.user("provider_manager"))
    url = reverse("site_edit", args=[site.pk])

    page = errors_on(client.post(url, site_form(site, postcode="NOT A POSTCODE")))
    assert "Enter a full UK postcode, like SW1A 1AA" in page
    with unscoped("test"):
        assert Site.objects.get(pk=site.pk).postcode == "DM1 1AA"

    assert client.post(url, site_form(site, postcode="  sw1a1aa ")).status_code == 302
    with unscoped("test"):
        assert Site.objects.get(pk=site.pk).postcode == "SW1A 1AA"


def test_hours_over_the_limit_are_refused_in_plain_english(world, client):
    client.force_login(world.user("provider_manager"))
    provider = world.provider
    with unscoped("test"):
        profile = ProviderProfile.objects.get(provider=provider)
    data = {
        "name": provider.name,
        "urn": provider.urn or "",
        "ukprn": provider.ukprn or "",
        "setting_type": provider.setting_type,
        "provider_type": profile.provider_type,
        "registration_status": profile.registration_status,
        "hours_per_week": "61",
        "capacity": "-3",
    }

    page = errors_on(client.post(reverse("provider_edit", args=[provider.pk]), data))

    assert "Hours offered per week must be 60 or less" in page
    assert "Places must be 0 or more" in page
    assert "less than or equal to" not in page
