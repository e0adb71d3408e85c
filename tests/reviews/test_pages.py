"""The review schedule on the placement's page, moving a review, and the LA's review rules: what each
reader sees, the form's errors, a save that changes nothing, and pages whose queries do not grow."""

import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from placements.models import Placement
from reviews import selectors, services
from tests.dates import date_input
from tests.placements.plan_world import act, active, lead, signed_in
from tests.providers.pages import queries_for
from tests.reviews.world import moves_of, reviews_of

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def detail(placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


def moved(world):
    """An active placement of 20 weeks, its first review moved two days later, with a reason."""
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    act(lead(world), services.move_review, first, to_on=first.due_on + 2 * DAY, reason="Mum works Mondays.")
    return placement, first


def test_the_placement_page_shows_the_next_review_and_the_schedule_with_moves_to_commissioners(world):
    placement, first = moved(world)
    due = f"{first.due_on + 2 * DAY:%-d %B %Y}"
    for role in ("ap_lead", "school_staff", "trust_leader", "la_viewer"):
        page = text_of(signed_in(world, role).get(detail(placement)))
        assert f"Next review: {due}" in page, role
        assert f"Moved from {first.due_on:%-d %B %Y}" in page, role
        assert "Mum works Mondays." in page, role
        assert "Final review" in page, role
    # The provider sees the dates, that one moved, and never why.
    page = text_of(signed_in(world, "provider_staff").get(detail(placement)))
    assert f"Next review: {due}" in page
    assert "(moved)" in page
    assert "Mum works Mondays." not in page
    # Only the AP lead is offered the move.
    move = reverse("reviews:move", args=[first.pk])
    assert move in signed_in(world, "ap_lead").get(detail(placement)).content.decode()
    assert move not in signed_in(world, "school_leader").get(detail(placement)).content.decode()


def test_an_overdue_review_and_one_due_within_a_week_are_said_plainly(world):
    placement = active(world, starts_on=TODAY, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    with unscoped("the test makes the first review due tomorrow"):
        type(first).objects.filter(pk=first.pk).update(due_on=TODAY + DAY)
    assert "Due within a week" in text_of(signed_in(world, "ap_lead").get(detail(placement)))
    with unscoped("and then overdue"):
        type(first).objects.filter(pk=first.pk).update(due_on=TODAY - DAY)
    assert "Overdue" in text_of(signed_in(world, "ap_lead").get(detail(placement)))


def test_a_planned_placement_says_when_its_reviews_will_be_scheduled(world):
    from tests.placements.plan_world import planned

    placement = planned(world)
    assert "The reviews are scheduled when the placement starts" in text_of(
        signed_in(world, "ap_lead").get(detail(placement))
    )


def test_the_placement_pages_queries_do_not_grow_with_reviews_and_moves(world):
    placement, _first = moved(world)
    url = detail(placement)
    costs = {
        role: queries_for(signed_in(world, role), url) for role in ("ap_lead", "la_viewer", "provider_staff")
    }
    act(
        lead(world),
        services.set_placement_rules,
        placement,
        values={"first_after_weeks": 1, "every_weeks": 1},
    )
    for review in reviews_of(placement)[:6]:
        act(lead(world), services.move_review, review, to_on=review.due_on + DAY, reason="A clash.")
    assert len(reviews_of(placement)) > 15
    assert {role: queries_for(signed_in(world, role), url) for role in costs} == costs


# --- Moving a review ---------------------------------------------------------------------------------


def a_move(day, reason="The provider's staff training day.") -> dict:
    return {**date_input("due_on", day), "reason": reason}


def test_the_ap_lead_moves_a_review_with_a_reason(world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    client = signed_in(world, "ap_lead")
    url = reverse("reviews:move", args=[first.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"It is due on {first.due_on:%-d %B %Y}" in text_of(page)
    with unscoped("test"):
        assert AccessEvent.objects.filter(action="review.move", pupil_ids=[placement.pupil_id]).exists()
    response = client.post(url, a_move(first.due_on + 3 * DAY))
    assert response.status_code == 302
    assert response["Location"] == detail(placement) + "#reviews"
    [move] = moves_of(placement)
    assert (move.from_on, move.to_on, move.reason) == (
        first.due_on,
        first.due_on + 3 * DAY,
        "The provider's staff training day.",
    )
    followed = client.get(detail(placement))
    assert f"The review is now due on {first.due_on + 3 * DAY:%-d %B %Y}" in text_of(followed)


def test_a_move_with_no_reason_or_a_bad_date_shows_the_errors_and_records_nothing(world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    client = signed_in(world, "ap_lead")
    url = reverse("reviews:move", args=[first.pk])
    for data, error in [
        (a_move(first.due_on + DAY, reason=""), "Enter why the review is moved"),
        (a_move(None), "Enter the new date"),
        (a_move(TODAY - DAY), "The new date must be today or in the future"),
        (a_move(TODAY + datetime.timedelta(weeks=21)), "The review must be on or before the planned end"),
        ({**a_move(TODAY), "due_on_1": "13"}, "The new date must be a real date"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, error
        page = text_of(response)
        assert "There is a problem" in page, error
        assert error in page, error
    assert moves_of(placement) == []


def test_saving_the_same_date_changes_nothing(world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    client = signed_in(world, "ap_lead")
    response = client.post(
        reverse("reviews:move", args=[first.pk]), a_move(first.due_on, reason=""), follow=True
    )
    assert f"Nothing changed: the review is due on {first.due_on:%-d %B %Y}" in text_of(response)
    assert moves_of(placement) == []
    assert reviews_of(placement)[0].updated_at == first.updated_at


def test_a_review_is_read_with_the_pupils_record_only_for_the_commissioners(world):
    _, first = moved(world)
    for role, joined in (("ap_lead", True), ("la_viewer", True), ("provider_staff", False)):
        membership = world.members[role]
        with acting_as(membership):
            review = selectors.review_for(first.pk, membership=membership)
        assert Placement.pupil.is_cached(review.placement) is joined, role


# --- The LA's review rules -----------------------------------------------------------------------------


def test_the_la_officer_sets_the_areas_review_rules_and_the_viewer_reads_them(world):
    client = signed_in(world, "la_officer")
    assert "4 weeks after the start" in text_of(client.get(reverse("reviews:la_rules")))
    change = reverse("reviews:la_rules_change")
    same = client.post(change, {"first_after_weeks": "4", "every_weeks": "6"}, follow=True)
    assert "Nothing changed: your review rules are as they were." in text_of(same)
    saved = client.post(change, {"first_after_weeks": "3", "every_weeks": "8"}, follow=True)
    assert "Your review rules are saved." in text_of(saved)
    page = text_of(signed_in(world, "la_viewer").get(reverse("reviews:la_rules")))
    assert "3 weeks after the start" in page
    assert "Every 8 weeks" in page
    assert "Change your review rules" not in page
    # Another LA still has the defaults.
    assert "4 weeks after the start" in text_of(
        signed_in(world, "other_la_officer").get(reverse("reviews:la_rules"))
    )


def test_review_rules_out_of_bounds_show_the_errors(world):
    client = signed_in(world, "la_officer")
    response = client.post(reverse("reviews:la_rules_change"), {"first_after_weeks": "0", "every_weeks": ""})
    page = text_of(response)
    assert "Enter at least 1 week" in page
    assert "Enter the weeks between reviews" in page
