"""The demo's review schedules: every active demo placement has one; Jordan Pike's first review is the
one overdue and Isla Grant's the one due within a week; the rest that fell due were moved, each with a
reason the placement's page shows; ended placements' reviews are closed; loading again changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from placements.models import Placement
from reviews.models import Review, ReviewMove, VoiceLink
from tests.placements.test_demo_placements import signed_in

TODAY = timezone.localdate()


def seed():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def next_due() -> dict[str, datetime.date]:
    """Each active demo placement's next review due, by the pupil's name."""
    with unscoped("test"):
        found = {}
        for placement in Placement.objects.filter(status="active").select_related("pupil"):
            due = placement.reviews.filter(state="due").order_by("due_on").first()
            found[placement.pupil.name] = due.due_on if due else None
        return found


def test_every_active_placement_has_a_schedule_with_one_overdue_and_one_due_within_a_week(demo):
    due = next_due()
    assert len(due) >= 9
    assert None not in due.values()
    assert [name for name, day in due.items() if day < TODAY] == ["Jordan Pike"]
    assert [name for name, day in due.items() if TODAY <= day <= TODAY + datetime.timedelta(days=7)] == [
        "Isla Grant"
    ]
    with unscoped("test"):
        assert ReviewMove.objects.count() >= 3
        assert "" not in set(ReviewMove.objects.values_list("reason", flat=True))
        ended = Review.objects.filter(placement__status="ended")
        assert set(ended.filter(state="due").values_list("kind", flat=True)) == {"final"}


def test_seeding_again_changes_no_review(demo):
    with unscoped("test"):
        before = list(Review.objects.order_by("pk").values()), ReviewMove.objects.count()
    seed()
    with unscoped("test"):
        assert (list(Review.objects.order_by("pk").values()), ReviewMove.objects.count()) == before


def test_the_academys_ap_lead_sees_the_overdue_review_and_a_moved_one_on_the_placements_pages(demo):
    client = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    with unscoped("test"):
        jordan = Placement.objects.get(pupil__legal_forename="Jordan", pupil__legal_surname="Pike")
        move = (
            ReviewMove.objects.filter(review__placement__school=jordan.school)
            .select_related("review")
            .first()
        )
    page = client.get(reverse("placements:detail", args=[jordan.pk])).content.decode()
    assert "Overdue" in page
    page = client.get(reverse("placements:detail", args=[move.review.placement_id])).content.decode()
    assert move.reason.replace("'", "&#x27;") in page


def test_one_review_is_held_with_views_and_a_decision_the_placement_page_links_to(demo):
    with unscoped("test"):
        (review,) = Review.objects.filter(state="held").select_related("placement", "views")
        assert review.decision == "amend"
        assert review.views.pupil_views
        assert review.views.parent_views
        assert review.provider_report
        assert review.objectives.filter(rating="not_on_track").exists()
        assert review.sessions_possible is not None
    client = signed_in("ap.lead@academy.demoshire.example", "Riverside High School")
    page = client.get(reverse("placements:detail", args=[review.placement_id])).content.decode()
    assert reverse("reviews:detail", args=[review.pk]) in page
    shown = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Amend the plan" in shown
    assert "Getting there for nine is hard" in shown


def test_isla_grant_answered_through_a_link_and_her_parents_link_waits(demo):
    with unscoped("test"):
        (answered,) = VoiceLink.objects.filter(used_at__isnull=False).select_related("review", "response")
        (waiting,) = VoiceLink.objects.filter(used_at__isnull=True, withdrawn_at__isnull=True)
        assert answered.review.placement.pupil.name == "Isla Grant"
        assert (answered.voice, waiting.voice, waiting.review_id) == ("pupil", "parent", answered.review_id)
        assert answered.response.comment
        links_before = list(VoiceLink.objects.order_by("pk").values())
    client = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    shown = client.get(reverse("reviews:hold", args=[answered.review_id])).content.decode()
    assert "I like looking after the animals." in shown
    seed()
    with unscoped("test"):
        assert list(VoiceLink.objects.order_by("pk").values()) == links_before
