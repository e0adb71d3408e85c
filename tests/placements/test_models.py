"""The placement's rows hold what the database can promise on its own: dates in order, hours in range,
an ended placement saying when and why, a cancelled one saying when and why with no end date, a baseline
with both value and date, and a history that cannot be rewritten."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from apcommission.tenancy.scoping import unscoped
from placements.models import PlacementStatus, PlanChange
from tests.placements.factories import (
    BlockPurchaseFactory,
    ObjectiveFactory,
    PartTimeStepFactory,
    PlacementFactory,
    PlacementRulesFactory,
    PlacementStatusChangeFactory,
    PlanChangeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_placement_takes_its_keys_from_the_pupil():
    placement = PlacementFactory()
    assert placement.school_id == placement.pupil.school_id == placement.commissioner_id
    assert placement.local_authority_id == placement.pupil.local_authority_id


@pytest.mark.parametrize(
    "values",
    [
        {"planned_end_on": datetime.date(2020, 1, 1)},
        {"hours_per_week": Decimal("0")},
        {"hours_per_week": Decimal("60.5")},
        {"status": PlacementStatus.ENDED, "ended_on": datetime.date.today(), "end_reason": ""},
        {"status": PlacementStatus.ENDED, "ended_on": None, "end_reason": "Reintegrated"},
        {"status": PlacementStatus.CANCELLED, "cancelled_on": datetime.date.today(), "cancel_reason": ""},
        {"status": PlacementStatus.CANCELLED, "cancelled_on": None, "cancel_reason": "Moved away"},
        # A cancelled placement never took place: it has no end date.
        {
            "status": PlacementStatus.CANCELLED,
            "cancelled_on": datetime.date.today(),
            "cancel_reason": "Moved away",
            "ended_on": datetime.date.today(),
            "end_reason": "Moved away",
        },
        {"status": PlacementStatus.ACTIVE, "ended_on": datetime.date.today()},
        {"status": PlacementStatus.PLANNED, "cancelled_on": datetime.date.today()},
    ],
)
def test_the_database_refuses_a_placement_out_of_order(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(**values)


def test_a_baseline_has_both_its_value_and_its_date():
    ObjectiveFactory(baseline_value=None, baseline_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveFactory(baseline_on=None)


def test_the_other_rows_are_made_and_the_plans_history_cannot_be_rewritten():
    PartTimeStepFactory()
    BlockPurchaseFactory()
    PlacementRulesFactory()
    PlacementStatusChangeFactory()
    change = PlanChangeFactory()
    with pytest.raises(ProgrammingError), transaction.atomic(), unscoped("test"):
        PlanChange.objects.filter(pk=change.pk).update(reason="Rewritten")
