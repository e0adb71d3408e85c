"""A visit marked entered in error is nobody's latest visit, yet it is kept: those who may read it find it
on the provider's page, labelled, with a link to the kept record, even when it is the only visit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.providers.factories import QAVisitFactory
from tests.providers.pages import provider_page_text

WRONG = "Recorded here by mistake: this was the visit to another provider."


def entered_in_error(world, visitor):
    return QAVisitFactory(
        provider=world.provider,
        visiting_organisation=visitor,
        summary=WRONG,
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.user("la_officer"),
        entered_in_error_reason="Wrong provider.",
    )


@pytest.mark.parametrize("role", ["la_officer", "la_viewer", "provider_manager"])
def test_the_only_visit_entered_in_error_is_listed_with_a_link(world, role):
    visit = entered_in_error(world, world.la)

    text = provider_page_text(world, role)

    assert "No QA visit that counts recorded yet. A visit entered in error is listed under QA visits" in text
    assert "Entered in error" in text
    assert f'href="{reverse("visit_detail", args=[visit.pk])}"' in text


def test_a_schools_own_visit_entered_in_error_is_listed_for_it(world):
    visit = entered_in_error(world, world.school)

    text = provider_page_text(world, "ap_lead")

    assert "Entered in error" in text
    assert f'href="{reverse("visit_detail", args=[visit.pk])}"' in text


def test_a_school_is_not_shown_its_las_visit_entered_in_error(world):
    """It reads its LA's visits only as the latest summary, and one entered in error is nobody's latest."""
    entered_in_error(world, world.la)

    text = provider_page_text(world, "ap_lead")

    assert WRONG not in text
    assert "Entered in error" not in text


def test_a_visit_that_counts_is_the_latest_and_the_one_in_error_is_listed_below(world):
    counts = QAVisitFactory(provider=world.provider, visiting_organisation=world.la, summary="Safe and calm.")
    wrong = entered_in_error(world, world.la)

    text = provider_page_text(world, "la_officer")

    assert text.index("Safe and calm.") < text.index("Entered in error")
    assert reverse("visit_detail", args=[counts.pk]) in text
    assert reverse("visit_detail", args=[wrong.pk]) in text
