"""Every box on the provider pages' forms is a GOV.UK input sized to what it holds: no unstyled number or
web-address input (crispy-forms-gds styles only text, email and password inputs), numbers asked in a
text box with a number pad, and checkboxes of one size within a group of questions."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from providers.models import ApprovalStatus
from tests.providers.factories import (
    ApprovedListEntryFactory,
    QAVisitFactory,
    SiteFactory,
    standard_evidence_type,
)

TEXT_LIKE = re.compile(r'<input(?=[^>]*type="(?:text|number|url|tel|email|search)")[^>]*>')


def form_pages(world) -> list[tuple[str, str]]:
    """(role, url) of every form page of the providers app."""
    entry = ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status=ApprovalStatus.APPROVED_WITH_CONDITIONS,
        conditions="Renew DSL training.",
    )
    site = SiteFactory(provider=world.provider)
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.la)
    insurance = standard_evidence_type("Insurance")
    return [
        ("provider_manager", reverse("provider_edit", args=[world.provider.pk])),
        ("la_officer", reverse("provider_create")),
        ("la_officer", reverse("site_create", args=[world.provider.pk])),
        ("la_officer", reverse("site_edit", args=[site.pk])),
        ("la_officer", reverse("evidence_create", args=[world.provider.pk])),
        ("la_officer", reverse("evidence_types")),
        ("la_officer", reverse("evidence_validity", args=[insurance.pk])),
        ("la_officer", reverse("approval_create", args=[world.other_provider.pk])),
        ("la_officer", reverse("approval_edit", args=[entry.pk])),
        ("la_officer", reverse("approval_status", args=[entry.pk])),
        ("la_officer", reverse("approval_categories")),
        ("la_officer", reverse("visit_create", args=[world.provider.pk])),
        ("la_officer", reverse("action_create", args=[visit.pk])),
        ("la_officer", reverse("qa_areas")),
    ]


def test_every_box_is_a_govuk_input_and_none_asks_for_a_number_type(world):
    clients = {}
    unstyled = []
    for role, url in form_pages(world):
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(world.user(role))
        response = clients[role].get(url)
        assert response.status_code == 200, url
        for tag in TEXT_LIKE.findall(response.content.decode()):
            if "govuk-input" not in tag or 'type="number"' in tag:
                unstyled.append(f"{url}: {tag}")

    assert unstyled == []


@pytest.fixture
def profile_form(world) -> str:
    client = Client()
    client.force_login(world.user("provider_manager"))
    return client.get(reverse("provider_edit", args=[world.provider.pk])).content.decode()


def input_named(text: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', text).group(0)


@pytest.mark.parametrize(
    ("name", "width"),
    [("website", 30), ("phone", 20), ("dsl_phone", 20), ("capacity", 4), ("hours_per_week", 3)],
)
def test_the_profile_forms_boxes_are_as_wide_as_what_they_hold(profile_form, name, width):
    tag = input_named(profile_form, name)

    assert f"govuk-input--width-{width}" in tag


def test_numbers_bring_up_a_number_pad(profile_form):
    assert 'inputmode="numeric"' in input_named(profile_form, "capacity")
    assert 'inputmode="decimal"' in input_named(profile_form, "hours_per_week")


def test_the_english_and_maths_checkboxes_are_small_as_the_others_are(profile_form):
    for name in ("teaches_english", "teaches_maths", "offers", "specialisms"):
        before = profile_form[: profile_form.index(f'name="{name}"')]
        group = re.findall(r'<div class="govuk-checkboxes[ "][^>]*>', before)[-1]
        assert "govuk-checkboxes--small" in group, name
