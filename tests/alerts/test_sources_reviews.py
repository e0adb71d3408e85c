"""The alert that a parent's request obliges the school to hold a review: to the school's AP leads, from
the day it is recorded until a review is held, once."""

import pytest

from alerts.kinds import AlertKind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.alerts.helpers import recipients, stored, sweep_on
from tests.reviews.factories import held_review
from tests.reviews.test_parent_requests import ASKED, DAY, asked, directed

pytestmark = pytest.mark.django_db


def ap_leads(school) -> set[int]:
    with unscoped("a test lists the school's AP leads"):
        return set(school.memberships.filter(role=Role.AP_LEAD).values_list("pk", flat=True))


def test_a_parents_request_alerts_the_schools_ap_leads_until_a_review_is_held(world):
    placement = directed(world)
    directed(world, school=world.other_school)  # another school's direction, with no request
    sweep_on(ASKED - DAY)
    assert recipients(AlertKind.REVIEW_REQUESTED) == set()
    asked(world, placement)
    sweep_on(ASKED)
    assert recipients(AlertKind.REVIEW_REQUESTED) == ap_leads(world.school)
    [alert, *_] = stored(kind=AlertKind.REVIEW_REQUESTED)
    assert alert.due_on == ASKED
    assert "must hold one" in alert.words
    assert sweep_on(ASKED)[0] == 0
    held_review(placement, 1, ASKED + DAY, not_on_track=False)
    sweep_on(ASKED + 2 * DAY)
    assert recipients(AlertKind.REVIEW_REQUESTED) == set()
