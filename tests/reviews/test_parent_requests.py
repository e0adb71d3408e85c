"""A parent's request for a review of an off-site direction (DOMAIN.md 4): the AP lead records the day the
parent asked; the school must hold a review when none was held in the 10 weeks before, until one is held
on or after that day. Each rule at its boundary, with the clock moved to the day in question."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as, unscoped
from placements.models import Placement, PlacementReason, PlacementStatus
from reviews import requests
from reviews.models import ReviewRequest
from tests.dates import date_input
from tests.placements.factories import PlacementFactory
from tests.placements.plan_world import act, lead, signed_in
from tests.placements.register_pages import placed, row_of
from tests.pupils.factories import PupilFactory
from tests.reviews.factories import ReviewRequestFactory, held_review
from tests.reviews.world import on

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
START = datetime.date(2027, 1, 4)
ASKED = datetime.date(2027, 6, 14)  # a Monday, 23 weeks after the start
MUST = "The school must hold one: no review was held in the 10 weeks before."


def directed(world, *, school=None, **fields):
    """An active off-site direction of a pupil of `school` (the world's), from START."""
    school = school or world.school
    return PlacementFactory(
        pupil=PupilFactory(school=school),
        provider=world.provider,
        **{
            "reason": PlacementReason.OFF_SITE_DIRECTION,
            "starts_on": START,
            "planned_end_on": START + 40 * WEEK,
            **fields,
        },
    )


def asked(world, placement, asked_on=ASKED):
    with on(asked_on):
        return act(lead(world), requests.record_request, placement, asked_on=asked_on)


def must_hold(day) -> set[int]:
    with unscoped("test: the alerts stage's question"):
        return set(requests.must_hold(day).values_list("pk", flat=True))


def page_requests(world, placement, role="ap_lead"):
    member = world.members[role]
    with acting_as(member):
        return requests.parent_requests(placement, membership=member)


# --- The 10 weeks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "must"),
    [
        (ASKED - 10 * WEEK - DAY, True),  # 71 days before: outside the 10 weeks
        (ASKED - 10 * WEEK, False),  # exactly 10 weeks before counts as within them
        (ASKED - DAY, False),
        (ASKED, False),  # held the day the parent asked
    ],
)
def test_a_review_held_in_the_10_weeks_before_means_the_school_need_not_hold_another(world, held_on, must):
    placement = directed(world)
    held_review(placement, 1, held_on, not_on_track=False)
    asked(world, placement)
    with on(ASKED):
        assert must_hold(ASKED) == ({placement.pk} if must else set())
        said = page_requests(world, placement)
    assert said.must_hold is must
    if must:
        assert f"{said.latest.asked} {said.latest.answer}" == (
            f"The parent asked for a review on 14 June 2027. {MUST}"
        )
    else:
        assert said.latest.answer == (
            f"A review was held on {held_on.day} {held_on:%B %Y}, in the 10 weeks before, so the school "
            "need not hold another (but may)."
        )


def test_the_school_must_hold_one_until_a_review_is_held_on_or_after_the_day_asked(world):
    placement = directed(world)
    asked(world, placement)
    assert must_hold(ASKED) == {placement.pk}
    assert must_hold(ASKED - DAY) == set()  # not asked yet
    held_review(placement, 1, ASKED + 3 * DAY, not_on_track=False)
    assert must_hold(ASKED + 2 * DAY) == {placement.pk}  # the review held later had not been held then
    assert must_hold(ASKED + 3 * DAY) == set()
    with on(ASKED + 3 * DAY):
        said = page_requests(world, placement)
    assert not said.must_hold
    assert said.latest.answer == "The school held one on 17 June 2027."


def test_the_latest_request_decides(world):
    placement = directed(world)
    asked(world, placement, ASKED - 8 * WEEK)
    held_review(placement, 1, ASKED - 7 * WEEK, not_on_track=False)
    asked(world, placement, ASKED)  # the review held 7 weeks before answers this one too
    assert must_hold(ASKED) == set()
    asked(world, placement, ASKED + 4 * WEEK)  # 11 weeks after it: the school must hold another
    assert must_hold(ASKED + 4 * WEEK) == {placement.pk}
    with on(ASKED + 4 * WEEK):
        said = page_requests(world, placement)
    assert [each.request.asked_on for each in said.answered] == [ASKED + 4 * WEEK, ASKED, ASKED - 8 * WEEK]
    assert said.must_hold


def test_must_hold_is_every_organisations_and_only_running_off_site_directions(world):
    ours, theirs = directed(world), directed(world, school=world.other_school)
    at_risk = directed(world, reason=PlacementReason.AT_RISK)
    ended = directed(world)
    for placement in (ours, theirs, at_risk, ended):
        ReviewRequestFactory(placement=placement, asked_on=ASKED)
    with unscoped("test"):
        Placement.objects.filter(pk=ended.pk).update(
            status=PlacementStatus.ENDED, ended_on=ASKED + DAY, end_reason="Back at school."
        )
    assert must_hold(ASKED + 2 * DAY) == {ours.pk, theirs.pk}
    with unscoped("test"):
        found = requests.must_hold(ASKED).get(pk=ours.pk)
    assert found.parent_asked_on == ASKED


# --- Recording a request --------------------------------------------------------------------------------


def test_the_day_asked_is_not_in_the_future_nor_before_the_start_and_the_same_day_records_nothing(world):
    placement = directed(world)
    with on(ASKED), pytest.raises(ValidationError) as refused:
        act(lead(world), requests.record_request, placement, asked_on=ASKED + DAY)
    assert refused.value.message_dict["asked_on"] == [
        "The date the parent asked must be today or in the past"
    ]
    with on(ASKED), pytest.raises(ValidationError) as refused:
        act(lead(world), requests.record_request, placement, asked_on=START - DAY)
    assert "after the start of the placement (4 January 2027)" in refused.value.message_dict["asked_on"][0]
    with on(ASKED), pytest.raises(ValidationError):
        act(lead(world), requests.record_request, placement, asked_on=None)
    first = asked(world, placement, START)
    assert (first.asked_on, first.reviews_from) == (START, START - 10 * WEEK)
    assert asked(world, placement, START) is None
    with unscoped("test"):
        assert ReviewRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "fields"),
    [
        ("school_leader", {}),
        ("ap_lead", {"reason": PlacementReason.AT_RISK}),
        ("ap_lead", {"status": PlacementStatus.PLANNED}),
    ],
)
def test_only_the_ap_lead_records_and_only_on_a_running_off_site_direction(world, role, fields):
    placement = directed(world, **fields)
    with on(ASKED), pytest.raises(PermissionDenied):
        act(world.members[role], requests.record_request, placement, asked_on=ASKED)


# --- The pages ------------------------------------------------------------------------------------------


def test_the_ap_lead_records_it_on_the_page_and_the_placement_and_the_register_say_what_is_owed(world):
    placement = placed(
        world,
        reason=PlacementReason.OFF_SITE_DIRECTION,
        starts_on=START,
        planned_end_on=START + 40 * WEEK,
    )
    url = reverse("reviews:parent_request", args=[placement.pk])
    said = f"The parent asked for a review on 14 June 2027. {MUST}"
    with on(ASKED):
        client = signed_in(world, "ap_lead")
        detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
        assert url in detail
        assert "No request has been recorded." in detail
        refused = client.post(url, date_input("asked_on", ASKED + DAY))
        assert "The date the parent asked must be today or in the past" in refused.content.decode()
        response = client.post(url, date_input("asked_on", ASKED), follow=True)
        page = response.content.decode()
        assert "The parent&#x27;s request of 14 June 2027 is recorded." in page
        assert said in page.replace("&#x27;", "'")
        again = client.post(url, date_input("asked_on", ASKED), follow=True).content.decode()
        assert "Nothing changed: the parent&#x27;s request of 14 June 2027 is already recorded." in again
        for role in ("ap_lead", "trust_leader", "la_officer"):
            row = row_of(signed_in(world, role), placement)
            assert row.parent_request == said, role
            assert "review_asked" in row.flags, role
        assert said in client.get("/register/").content.decode().replace("&#x27;", "'")
        # The provider reads the placement, not the family's request.
        shared = signed_in(world, "provider_manager").get(reverse("placements:detail", args=[placement.pk]))
        assert "asked for a review" not in shared.content.decode()
    held_review(placement, 1, ASKED + DAY, not_on_track=False)
    with on(ASKED + DAY):
        row = row_of(signed_in(world, "ap_lead"), placement)
        assert (row.parent_request, "review_asked" in row.flags) == ("", False)
        detail = signed_in(world, "ap_lead").get(reverse("placements:detail", args=[placement.pk]))
        assert "The school held one on 15 June 2027." in detail.content.decode()
