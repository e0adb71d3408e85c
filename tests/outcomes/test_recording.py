"""Recording an outcome and a check-in on their pages: the AP lead records from the ended placement's page
(and from its final review), every mistake is said at once and nothing typed is lost, a form saved
unchanged writes nothing, and the outcome is linked to the final review it was recorded at."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from outcomes import services
from reviews.models import ReviewKind, ReviewState
from tests.dates import date_input
from tests.forms.browser_post import posted_form
from tests.forms.test_unchanged_saves import history_events
from tests.outcomes.world import check_ins_of, ended, outcome_of, outcome_values, record
from tests.placements.plan_world import signed_in
from tests.reviews.factories import ReviewFactory
from tests.reviews.test_pages import text_of

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def sustained_of(placement):
    return next(check_in for check_in in check_ins_of(placement) if check_in.kind == "sustained")


def record_url(placement) -> str:
    return reverse("outcomes:record", args=[placement.pk])


def a_form(placement, **overrides) -> dict:
    values = {
        "objectives_met": "partly_met",
        "destination": "further_education",
        "destination_detail": "Demoshire College",
        **date_input("left_on", placement.ended_on),
    }
    return {**values, **overrides}


def test_the_ap_lead_records_the_outcome_from_the_ended_placements_page(world):
    placement = ended(world, TODAY - 10 * DAY)
    client = signed_in(world, "ap_lead")
    page = text_of(client.get(reverse("placements:detail", args=[placement.pk])))
    assert "Record the outcome and destination" in page
    form = client.get(record_url(placement))
    assert form.status_code == 200
    assert form.context["form"]["left_on"].value() == placement.ended_on
    response = client.post(record_url(placement), a_form(placement))
    assert response.status_code == 302
    assert response.url == reverse("placements:detail", args=[placement.pk]) + "#outcome"
    outcome = outcome_of(placement)
    assert (outcome.objectives_met, outcome.destination, outcome.destination_detail) == (
        "partly_met",
        "further_education",
        "Demoshire College",
    )
    assert outcome.final_review_id is None
    assert len(check_ins_of(placement)) == 4
    shown = text_of(client.get(response.url))
    assert "Outcome and destination saved. The check-ins are scheduled." in shown
    assert "Further education: Demoshire College" in shown
    assert "Sustained destination" in shown
    assert "Change the outcome and destination" in shown
    with unscoped("a test reads the access log"):
        assert AccessEvent.objects.filter(action="outcome.record").exists()


def test_an_empty_form_says_every_mistake_at_once_and_saves_nothing(world):
    placement = ended(world, TODAY - 10 * DAY)
    response = signed_in(world, "ap_lead").post(record_url(placement), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["objectives_met"] == ["Select how far the placement met its objectives"]
    assert errors["destination"] == ["Select the destination"]
    assert errors["left_on"] == ["Enter the date the pupil moved on"]
    assert outcome_of(placement) is None
    assert check_ins_of(placement) == []


def test_where_the_pupil_went_is_200_characters_at_most_and_what_was_typed_stays(world):
    placement = ended(world, TODAY - 10 * DAY)
    too_long = "A" * 201
    response = signed_in(world, "ap_lead").post(
        record_url(placement), a_form(placement, destination_detail=too_long)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["destination_detail"] == ["Where the pupil went must be 200 characters or fewer"]
    assert form["destination_detail"].value() == too_long
    assert form["destination"].value() == "further_education"
    assert outcome_of(placement) is None
    just_enough = a_form(placement, destination_detail="A" * 200)
    assert signed_in(world, "ap_lead").post(record_url(placement), just_enough).status_code == 302


def test_the_service_refuses_what_the_form_would_and_a_date_out_of_bounds(world):
    placement = ended(world, TODAY - 10 * DAY)
    lead = world.members["ap_lead"]
    with acting_as(lead), pytest.raises(ValidationError) as refused:
        services.record_outcome(
            placement,
            by=lead,
            values=outcome_values(placement, destination="", destination_detail="B" * 201, left_on=None),
        )
    assert refused.value.message_dict == {
        "destination": ["Select the destination"],
        "destination_detail": ["Where the pupil went must be 200 characters or fewer"],
        "left_on": ["Enter the date the pupil moved on"],
    }
    with acting_as(lead), pytest.raises(ValidationError) as early:
        services.record_outcome(
            placement, by=lead, values=outcome_values(placement, left_on=placement.starts_on - DAY)
        )
    assert list(early.value.message_dict) == ["left_on"]
    assert outcome_of(placement) is None


def test_saving_the_outcome_unchanged_writes_nothing(world):
    placement = ended(world, TODAY - 10 * DAY)
    record(world, placement, destination_detail="Riverside\nSixth form")
    before = outcome_of(placement)
    events = history_events()
    client = signed_in(world, "ap_lead")
    page = client.get(record_url(placement))
    response = client.post(record_url(placement), posted_form(page.content.decode()))
    assert response.status_code == 302
    assert history_events() == events
    assert outcome_of(placement).updated_at == before.updated_at
    assert "Nothing was changed." in text_of(client.get(response.url))


def test_saving_a_check_in_unchanged_writes_nothing(world):
    placement = ended(world, TODAY - 700 * DAY)  # the sustained check is due, however the year falls
    record(world, placement)
    sustained = sustained_of(placement)
    url = reverse("outcomes:check_in", args=[sustained.pk])
    client = signed_in(world, "ap_lead")
    response = client.post(url, {"destination": "employment", "sustained": "no", "note": "Works part time."})
    assert response.status_code == 302
    events = history_events()
    page = client.get(url)
    assert client.post(url, posted_form(page.content.decode())).status_code == 302
    assert history_events() == events
    stored = sustained_of(placement)
    assert stored.recorded_at is not None
    assert (stored.destination, stored.sustained) == ("employment", False)


def test_a_check_in_needs_a_destination_and_the_sustained_question_answered(world):
    placement = ended(world, TODAY - 700 * DAY)  # the sustained check is due, however the year falls
    record(world, placement)
    sustained = sustained_of(placement)
    response = signed_in(world, "ap_lead").post(reverse("outcomes:check_in", args=[sustained.pk]), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["destination"] == ["Select the destination"]
    assert errors["sustained"] == ["Select whether the destination was sustained"]
    assert sustained_of(placement).recorded_at is None


def test_a_check_in_not_yet_due_says_from_when_it_can_be_recorded(world):
    placement = ended(world, TODAY - 10 * DAY)
    record(world, placement)
    later = check_ins_of(placement)[-1]
    client = signed_in(world, "ap_lead")
    url = reverse("outcomes:check_in", args=[later.pk])
    assert "It can be recorded from then." in text_of(client.get(url))
    response = client.post(url, {"destination": "employment"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("This check-in can be recorded from")


def test_the_outcome_is_linked_to_the_final_review_held_and_the_review_offers_it(world):
    placement = ended(world, TODAY - 10 * DAY)
    final = ReviewFactory(
        placement=placement,
        kind=ReviewKind.FINAL,
        number=0,
        planned_on=placement.ended_on,
        state=ReviewState.HELD,
        held_on=placement.ended_on,
    )
    client = signed_in(world, "ap_lead")
    response = client.get(reverse("reviews:detail", args=[final.pk]))
    # The review does not know whether the outcome is recorded yet: it links to where the placement says.
    assert "See the outcome and destination" in text_of(response)
    assert f'href="{reverse("placements:detail", args=[placement.pk])}#outcome"' in response.content.decode()
    assert "See the outcome" not in text_of(
        signed_in(world, "school_leader").get(reverse("reviews:detail", args=[final.pk]))
    )
    client.post(record_url(placement), a_form(placement))
    assert outcome_of(placement).final_review_id == final.pk
    shown = text_of(client.get(reverse("placements:detail", args=[placement.pk])))
    assert f"At the final review held on {placement.ended_on.day} {placement.ended_on:%B %Y}" in shown
