"""Every edit form, saved exactly as a browser shows it, changes nothing: no value, no history event, no
"changed since verified". The form is read from the page and posted back as a browser would (text boxes
with CRLF line breaks, dates in day, month and year boxes)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from pghistory.models import Event

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ApprovalStatus, ProviderProfile, Site
from providers.selectors import provider_with_profile
from providers.selectors.verification import changes_since_verified
from providers.services.profile import verify_profile
from tests.forms.browser_post import posted_form
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceValidityFactory,
    SiteFactory,
    standard_category,
    standard_evidence_type,
)

TODAY = datetime.date.today()


def history_events() -> int:
    with unscoped("test: count every history event"):
        return sum(
            model.objects.count()
            for model in apps.get_models()
            if issubclass(model, Event) and not model._meta.proxy
        )


def rows(model) -> list[dict]:
    with unscoped("test: the rows as stored"):
        return list(model.objects.order_by("pk").values())


def rich_profile(provider) -> None:
    """Values an unchanged save has been seen to lose or misreport: a judgement date, multi-line text."""
    with unscoped("test data"):
        ProviderProfile.objects.filter(provider=provider).update(
            ofsted_judgement="good",
            ofsted_judgement_on=datetime.date(2026, 6, 5),
            description="Small groups.\nHot lunch every day.",
            vocational_courses="Motor vehicle\nConstruction\n\nHair and beauty",
            price=Decimal("95.50"),
            price_unit="day",
            dsl_name="Sam Patel",
        )


def save_unchanged(client, url) -> None:
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, posted_form(page.content.decode()))
    assert response.status_code == 302, response.content.decode()


def terms_of(**fields):
    """The terms page of Demoshire's entry for its provider, as `fields` make it (a callable is called
    then: the standard categories are in the database only once a test runs)."""

    def url(world):
        values = {name: value() if callable(value) else value for name, value in fields.items()}
        entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, **values)
        return reverse("approval_edit", args=[entry.pk])

    return url


EDIT_FORMS = {
    "provider profile": (
        "provider_manager",
        lambda world: reverse("provider_edit", args=[world.provider.pk]),
    ),
    "closed site": (
        "provider_manager",
        lambda world: reverse(
            "site_edit",
            args=[SiteFactory(provider=world.provider, closed_on=datetime.date(2026, 5, 5)).pk],
        ),
    ),
    "open site": (
        "provider_manager",
        lambda world: reverse("site_edit", args=[SiteFactory(provider=world.provider).pk]),
    ),
    "approved list terms (review overdue)": (
        "la_officer",
        terms_of(
            conditions="No more than 4 pupils.\nTermly audit.",
            next_review_on=TODAY - datetime.timedelta(days=3),
        ),
    ),
    "approved list terms (approved with conditions)": (
        "la_officer",
        terms_of(
            status=ApprovalStatus.APPROVED_WITH_CONDITIONS,
            categories=lambda: [standard_category("SEMH"), standard_category("Key stage 4")],
            conditions="Termly audit.\nMonthly returns.",
            placing_conditions="No more than 4 pupils.\nKey stage 4 only.",
        ),
    ),
    "approved list terms (applied, no review date)": (
        "la_officer",
        terms_of(
            status=ApprovalStatus.APPLIED, approved_on=None, next_review_on=None, price=None, price_unit=""
        ),
    ),
    "a member's role": (
        "school_leader",
        lambda world: reverse("change_member_role", args=[world.members["ap_lead"].pk]),
    ),
    "evidence validity period": (
        "la_officer",
        lambda world: reverse(
            "evidence_validity",
            args=[
                EvidenceValidityFactory(
                    local_authority=world.la, evidence_type=standard_evidence_type("Insurance")
                ).evidence_type_id
            ],
        ),
    ),
}


@pytest.mark.parametrize("form", EDIT_FORMS)
def test_saving_an_edit_form_unchanged_changes_nothing(world, client, form):
    role, url_for = EDIT_FORMS[form]
    rich_profile(world.provider)
    url = url_for(world)
    client.force_login(world.user(role))
    watched = [ProviderProfile, Site, apps.get_model("providers", "ApprovedListEntry"), Membership]
    before = ([rows(model) for model in watched], history_events())

    save_unchanged(client, url)

    assert ([rows(model) for model in watched], history_events()) == before


def test_a_closed_site_saved_unchanged_stays_closed(world, client):
    site = SiteFactory(provider=world.provider, closed_on=datetime.date(2026, 5, 5))
    client.force_login(world.user("provider_manager"))

    save_unchanged(client, reverse("site_edit", args=[site.pk]))

    with unscoped("test"):
        site.refresh_from_db()
    assert site.closed_on == datetime.date(2026, 5, 5)


def test_an_unchanged_save_leaves_nothing_changed_since_the_la_verified(world, client):
    rich_profile(world.provider)
    with acting_as(world.members["la_officer"]):
        verify_profile(provider=world.provider, by=world.members["la_officer"])
    client.force_login(world.user("provider_manager"))

    save_unchanged(client, reverse("provider_edit", args=[world.provider.pk]))

    officer = world.members["la_officer"]
    with acting_as(officer):
        provider = provider_with_profile(world.provider.pk, membership=officer)
        assert changes_since_verified(provider, membership=officer).changes == []
    with unscoped("test"):
        profile = ProviderProfile.objects.get(provider=world.provider)
    assert profile.ofsted_judgement_on == datetime.date(2026, 6, 5)
    assert profile.vocational_courses == "Motor vehicle\nConstruction\n\nHair and beauty"
