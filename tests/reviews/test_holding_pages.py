"""Holding a review on its page, and reading a held review: the form's errors all at once, what each
reader sees (the provider never the pupil's or the parent's views nor the note on the decision), the links
on from a decision, the flag on the placement's page, and pages whose queries do not grow."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from placements.models import Objective
from reviews.models import ReviewState
from tests.dates import date_input
from tests.placements.plan_world import active, signed_in, with_objective
from tests.providers.pages import queries_for
from tests.reviews.test_pages import text_of
from tests.reviews.world import reviews_of

TODAY = timezone.localdate()


def placement_of(world):
    return active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))


def objective_ids(placement) -> list[int]:
    with unscoped("a test reads the rows as stored"):
        return list(Objective.objects.filter(placement_id=placement.pk).values_list("pk", flat=True))


def a_review(placement, rating="not_on_track", **extra) -> dict:
    return {
        **date_input("held_on", TODAY),
        "attended": ["school", "provider", "pupil", "others"],
        "attended_others": "Youth worker",
        **{f"objective_{pk}": rating for pk in objective_ids(placement)},
        "pupil_views": "The mornings are too early for me.",
        "parent_views": "He is happier but still late.",
        "provider_report": "Late most mornings; good in workshops.",
        "decision": "amend",
        "decision_note": "Move the start to 10am.",
        **extra,
    }


def hold_url(review) -> str:
    return reverse("reviews:hold", args=[review.pk])


def test_the_ap_lead_holds_the_next_review_and_is_sent_to_it(world):
    placement = placement_of(world)
    first = reviews_of(placement)[0]
    client = signed_in(world, "ap_lead")
    page = text_of(client.get(reverse("placements:detail", args=[placement.pk])))
    assert "Hold review 1" in page
    form = client.get(hold_url(first))
    assert form.status_code == 200
    assert "Latest recorded" in text_of(form) or "Nothing recorded yet." in text_of(form)
    response = client.post(hold_url(first), a_review(placement))
    assert response.status_code == 302
    assert response.url == reverse("reviews:detail", args=[first.pk])
    review = reviews_of(placement)[0]
    assert (review.state, review.held_on, review.decision) == (ReviewState.HELD, TODAY, "amend")
    shown = text_of(client.get(response.url))
    assert "Edit the objectives" in shown
    assert "The mornings are too early for me." in shown
    assert "Move the start to 10am." in shown
    assert "Youth worker" in shown
    with unscoped("a test reads the rows as stored"):
        assert AccessEvent.objects.filter(action="review.hold").exists()
        assert AccessEvent.objects.filter(action="review.view").exists()
    # Held: its form sends to the record, and it is not held twice.
    again = client.post(hold_url(first), a_review(placement))
    assert again.status_code == 302
    assert again.url == reverse("reviews:detail", args=[first.pk])


def test_an_empty_form_says_every_mistake_at_once(world):
    placement = placement_of(world)
    first = reviews_of(placement)[0]
    response = signed_in(world, "ap_lead").post(hold_url(first), {**date_input("held_on", None)})
    assert response.status_code == 200
    page = text_of(response)
    for message in (
        "Enter the date the review was held",
        "Select who attended the review",
        "Select how the attendance objective is going",
        "Select the decision",
    ):
        assert message in page, message
    assert reviews_of(placement)[0].state == ReviewState.DUE


def test_the_provider_reads_the_decision_and_its_report_not_the_views(world):
    placement = placement_of(world)
    first = reviews_of(placement)[0]
    signed_in(world, "ap_lead").post(hold_url(first), a_review(placement))
    url = reverse("reviews:detail", args=[first.pk])
    provider = text_of(signed_in(world, "provider_staff").get(url))
    assert "Amend the plan" in provider
    assert "Late most mornings; good in workshops." in provider
    assert "Not on track" in provider
    for private in ("The mornings are too early", "He is happier", "Move the start to 10am."):
        assert private not in provider, private
    for role in ("school_staff", "trust_leader", "la_viewer"):
        page = text_of(signed_in(world, role).get(url))
        assert "He is happier but still late." in page, role
        assert "Edit the objectives" not in page, role  # only the AP lead acts on the decision


def test_two_reviews_not_on_track_flag_the_placement_page(world):
    placement = placement_of(world)
    first, second = reviews_of(placement)[:2]
    client = signed_in(world, "ap_lead")
    client.post(hold_url(first), a_review(placement))
    detail = reverse("placements:detail", args=[placement.pk])
    assert "Is this placement still right?" not in text_of(client.get(detail))
    client.post(hold_url(second), a_review(placement))
    for role in ("ap_lead", "la_viewer", "provider_staff"):
        assert "Is this placement still right?" in text_of(signed_in(world, role).get(detail)), role


def test_the_pages_queries_do_not_grow_with_objectives_and_reviews_held(world):
    placement = placement_of(world)
    first, second, third = reviews_of(placement)[:3]
    client = signed_in(world, "ap_lead")
    client.post(hold_url(first), a_review(placement))
    detail = reverse("placements:detail", args=[placement.pk])
    roles = ("ap_lead", "la_viewer", "provider_staff")
    costs = {role: queries_for(signed_in(world, role), detail) for role in roles}
    review_costs = {
        role: queries_for(signed_in(world, role), reverse("reviews:detail", args=[first.pk]))
        for role in roles
    }
    hold_cost = queries_for(client, hold_url(second))
    for _ in range(3):
        with_objective(world, placement, change_reason="Agreed at the review.")
    client.post(hold_url(second), a_review(placement))
    assert {role: queries_for(signed_in(world, role), detail) for role in roles} == costs
    assert {
        role: queries_for(signed_in(world, role), reverse("reviews:detail", args=[second.pk]))
        for role in roles
    } == review_costs
    assert queries_for(client, hold_url(third)) == hold_cost
