"""The register's "Next review": the earliest review still due of each current placement, overdue ones
included, from the schedule; in the download too. Ended and cancelled placements have none."""

import datetime

from django.urls import reverse

from placements.models import PlacementStatus as S
from tests.placements.register_pages import TODAY, csv_rows, placed, row_of, signed_in
from tests.reviews.factories import ReviewFactory

DAY = datetime.timedelta(days=1)


def test_the_register_shows_each_placements_next_review_due(world):
    overdue, later, none = placed(world), placed(world), placed(world)
    ReviewFactory(placement=overdue, number=1, planned_on=TODAY - 3 * DAY)
    ReviewFactory(placement=overdue, number=2, planned_on=TODAY + 30 * DAY)
    ReviewFactory(
        placement=later, number=1, planned_on=TODAY - 3 * DAY, state="held", held_on=TODAY - 3 * DAY
    )
    ReviewFactory(placement=later, number=2, planned_on=TODAY + 9 * DAY, state="cancelled")
    ReviewFactory(placement=later, kind="final", number=0, planned_on=TODAY + 20 * DAY)
    # The same placement's reviews seen by the trust and the LA too.
    for role in ("ap_lead", "trust_leader", "la_officer"):
        client = signed_in(world, role)
        assert row_of(client, overdue).next_review_on == TODAY - 3 * DAY, role
        assert row_of(client, later).next_review_on == TODAY + 20 * DAY, role
        assert row_of(client, none).next_review == "Not scheduled", role
    rows = csv_rows(signed_in(world, "ap_lead").get(reverse("register:export", args=["csv"])))
    assert {row["Next review"] for row in rows} == {
        (TODAY - 3 * DAY).isoformat(),
        (TODAY + 20 * DAY).isoformat(),
        "Not scheduled",
    }


def test_an_ended_placements_final_review_due_is_not_its_next_review_on_the_register(world):
    ended = placed(world, status=S.ENDED, ended_on=TODAY, end_reason="Back at school full time.")
    ReviewFactory(placement=ended, kind="final", number=0, planned_on=TODAY)
    assert row_of(signed_in(world, "ap_lead"), ended, "?status=ended").next_review == ""
