"""Foreign ids on the review pages: an AP lead moving another school's review (the same pupil's, even,
with the same provider) gets 404 and nothing is written; another provider's people too. Ids posted for
fields a form does not have are ignored: the review moved is the one in the URL, and an LA's rules are
always the officer's own LA's. Each refusal has its positive case beside it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from placements.models import Objective
from reviews.models import Review, ReviewMove, ReviewObjective, ReviewRules, ReviewViews
from tests import factories
from tests.dates import date_input
from tests.placements.factories import ObjectiveFactory, PlacementFactory
from tests.placements.plan_world import signed_in
from tests.pupils.factories import PupilFactory
from tests.reviews.factories import ReviewFactory

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(weeks=5)


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def review_at(school, provider):
    placement = PlacementFactory(
        pupil=PupilFactory(school=school),
        provider=provider,
        starts_on=TODAY,
        planned_end_on=TODAY + datetime.timedelta(weeks=20),
    )
    return ReviewFactory(placement=placement, planned_on=TODAY + datetime.timedelta(weeks=4))


def a_move(**extra) -> dict:
    return {**date_input("due_on", LATER), "reason": "The parent is away.", **extra}


def test_another_schools_review_is_not_found_and_nothing_is_moved(world):
    review_at(world.school, world.provider)
    theirs = review_at(world.sibling_school, world.provider)
    sibling_lead = factories.member(world.sibling_school, Role.AP_LEAD)
    client = signed_in(world, "ap_lead")
    url = reverse("reviews:move", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_move()).status_code == 404
    assert table(ReviewMove) == []
    # Their own AP lead moves it.
    other = signed_in(world, "ap_lead")
    other.force_login(sibling_lead.user)
    assert other.post(url, a_move()).status_code == 302
    assert [row["review_id"] for row in table(ReviewMove)] == [theirs.pk]


def test_another_providers_people_do_not_find_the_review(world):
    review = review_at(world.school, world.provider)
    client = signed_in(world, "other_provider_manager")
    assert client.get(reverse("reviews:move", args=[review.pk])).status_code == 404
    assert (
        signed_in(world, "provider_manager").get(reverse("reviews:move", args=[review.pk])).status_code == 403
    )


def test_ids_posted_for_fields_the_form_has_not_are_ignored(world):
    ours = review_at(world.school, world.provider)
    theirs = review_at(world.sibling_school, world.provider)
    client = signed_in(world, "ap_lead")
    response = client.post(
        reverse("reviews:move", args=[ours.pk]),
        a_move(review=theirs.pk, placement=theirs.placement_id, moved_by=world.members["la_officer"].user_id),
    )
    assert response.status_code == 302
    [move] = table(ReviewMove)
    assert (move["review_id"], move["moved_by_id"]) == (ours.pk, world.members["ap_lead"].user_id)
    with unscoped("test"):
        assert Review.objects.get(pk=theirs.pk).due_on == theirs.due_on


def test_an_officer_sets_only_their_own_las_rules_whatever_is_posted(world):
    client = signed_in(world, "la_officer")
    response = client.post(
        reverse("reviews:la_rules_change"),
        {
            "first_after_weeks": "3",
            "every_weeks": "5",
            "local_authority": world.other_la.pk,
            "school": world.school.pk,
        },
    )
    assert response.status_code == 302
    [row] = table(ReviewRules)
    assert (row["local_authority_id"], row["school_id"], row["placement_id"]) == (world.la.pk, None, None)


# --- Holding a review -----------------------------------------------------------------------------------


def a_hold(target, **extra) -> dict:
    with unscoped("test"):
        objectives = list(
            Objective.objects.filter(placement_id=target.placement_id).values_list("pk", flat=True)
        )
    return {
        **date_input("held_on", TODAY),
        "attended": ["school"],
        **{f"objective_{pk}": "on_track" for pk in objectives},
        "decision": "continue",
        **extra,
    }


def with_objective(review):
    ObjectiveFactory(placement=review.placement)
    return review


def test_holding_another_schools_review_is_not_found_and_nothing_is_written(world):
    theirs = with_objective(review_at(world.sibling_school, world.provider))
    client = signed_in(world, "ap_lead")
    url = reverse("reviews:hold", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_hold(theirs)).status_code == 404
    assert table(ReviewObjective) == []
    assert table(ReviewViews) == []
    assert reverse_detail_status(client, theirs) == 404
    # Their own AP lead holds it.
    other = signed_in(world, "ap_lead")
    other.force_login(factories.member(world.sibling_school, Role.AP_LEAD).user)
    assert other.post(url, a_hold(theirs)).status_code == 302
    assert [row["review_id"] for row in table(ReviewViews)] == [theirs.pk]


def reverse_detail_status(client, review) -> int:
    return client.get(reverse("reviews:detail", args=[review.pk])).status_code


def test_another_providers_people_do_not_find_a_held_review(world):
    review = with_objective(review_at(world.school, world.provider))
    held = signed_in(world, "ap_lead").post(reverse("reviews:hold", args=[review.pk]), a_hold(review))
    assert held.status_code == 302
    assert reverse_detail_status(signed_in(world, "other_provider_manager"), review) == 404
    assert reverse_detail_status(signed_in(world, "provider_manager"), review) == 200


def test_another_placements_objective_posted_is_not_judged(world):
    ours = with_objective(review_at(world.school, world.provider))
    theirs = with_objective(review_at(world.sibling_school, world.provider))
    [their_objective] = [row["id"] for row in table(Objective) if row["placement_id"] == theirs.placement_id]
    data = a_hold(ours, **{f"objective_{their_objective}": "not_on_track", "review": theirs.pk})
    assert signed_in(world, "ap_lead").post(reverse("reviews:hold", args=[ours.pk]), data).status_code == 302
    judged = table(ReviewObjective)
    assert {row["review_id"] for row in judged} == {ours.pk}
    assert their_objective not in {row["objective_id"] for row in judged}
    assert {row["rating"] for row in judged} == {"on_track"}
    with unscoped("test"):
        assert Review.objects.get(pk=theirs.pk).state == "due"
