"""The alert that a destination check-in is due: to the school's AP leads from its due date until it is
recorded, once, and to nobody else."""

import datetime

import pytest

from alerts.kinds import AlertKind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.alerts.helpers import recipients, stored, sweep_on
from tests.outcomes.world import check_ins_of, ended, record, record_check_in
from tests.reviews.world import on

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
ENDED = datetime.date(2026, 7, 17)


def ap_leads(school) -> set[int]:
    with unscoped("a test lists the school's AP leads"):
        return set(school.memberships.filter(role=Role.AP_LEAD).values_list("pk", flat=True))


def test_a_check_in_due_alerts_the_schools_ap_leads_until_it_is_recorded(world):
    placement = ended(world, ENDED)
    with on(ENDED + DAY):
        record(world, placement)
    first = min(check_ins_of(placement), key=lambda check_in: check_in.due_on)
    sweep_on(first.due_on - DAY)
    assert recipients(AlertKind.CHECK_IN_DUE) == set()
    sweep_on(first.due_on)
    assert recipients(AlertKind.CHECK_IN_DUE) == ap_leads(world.school)
    [alert, *_] = stored(kind=AlertKind.CHECK_IN_DUE)
    assert alert.subject == f"check-in:{first.pk}"
    assert "Amira" not in alert.words
    assert sweep_on(first.due_on)[0] == 0
    with on(first.due_on):
        record_check_in(world, first)
    sweep_on(first.due_on + DAY)
    assert recipients(AlertKind.CHECK_IN_DUE) == set()
