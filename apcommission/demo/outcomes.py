"""The demo's outcomes and destinations, so that the placement pages and Destinations tell a story:

- Mia Fox (Demoshire Academy, at the PRU, ended two weeks ago): objectives met, back at the school. Her
  final review is still to hold; her check-ins are due in the years ahead.
- Grace Lowe (Riverside High School, at Forge Vocational Training): objectives partly met, moved to a
  special school; her check-ins are due too.
- Tom Bell (Northvale Secondary School): not recorded yet, so his placement's page asks for it.
- Kai Moss (Demoshire Academy, at Forge, ended about 20 months ago): recorded when it ended, back at the
  school; the sustained-destination check found it sustained, and the 1-year check-in is overdue.

Kai's placement ended before the school used the service, and the placement services plan
only placements that start within the last year, so it is written as the school's records give it, like
the generated placements (`scale.py`). Everything else goes through the services as the pages do. A
placement with an outcome is left as it is, so loading again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.placements import TUE_THU, A, Demo, _pupil
from apcommission.tenancy.scoping import acting_as
from outcomes import services
from outcomes.models import CheckIn, CheckInKind, Outcome
from placements.models import Objective, Placement, PlacementStatus, shared_by_default
from placements.sharing import provider_copy

EARLIER_ENDED_DAYS_AGO = 600  # its sustained check (at most 18 months on) and 1-year check are both due


def _ended(by, forename: str, surname: str) -> Placement | None:
    return (
        Placement.objects.visible_to(by)
        .filter(status=PlacementStatus.ENDED, pupil__legal_forename=forename, pupil__legal_surname=surname)
        .select_related("pupil")
        .order_by("-ended_on")
        .first()
    )


def _recorded(by, placement: Placement) -> bool:
    return Outcome.objects.visible_to(by).filter(placement_id=placement.pk).exists()


def _earlier_placement(by, organisations: dict, today: datetime.date) -> Placement:
    """Kai Moss's placement at Forge that ended before the school used the service, with its objective.
    Written directly: the placement services refuse a start more than a year back, and this one started
    about two years ago. The provider's copy is made as the services make it, from the default shared list."""
    ended_on = today - datetime.timedelta(days=EARLIER_ENDED_DAYS_AGO)
    starts_on = ended_on - datetime.timedelta(weeks=16)
    demo = Demo(A, "618", "Kai", "Moss", 11, "forge", "ended", 0, 0, "10", TUE_THU, ended=0)
    pupil, _placed = _pupil(demo, by=by, today=today)
    shared = shared_by_default()
    placement = Placement.objects.create(
        pupil=pupil,
        provider=organisations["forge"],
        status=PlacementStatus.ENDED,
        starts_on=starts_on,
        planned_end_on=ended_on,
        ended_on=ended_on,
        end_reason="Back at school full time at the end of the spring term.",
        sessions=TUE_THU,
        hours_per_week=Decimal("10"),
        school_hours_per_week=Decimal("15"),
        attendance_code="B",
        reason="at_risk",
        intended_end_point="reintegration",
        created_by_id=by.user_id,
        shared=shared,
        provider_copy=provider_copy(pupil, shared, starts_on=starts_on),
    )
    Objective.objects.create(
        placement=placement,
        area="behaviour",
        description="No more than one incident a week.",
        measure="Incidents a week",
        unit="incidents a week",
        baseline_value=Decimal("4"),
        baseline_on=starts_on,
        target_value=Decimal("1"),
        target_on=ended_on,
    )
    return placement


def seed_outcomes(organisations: dict, acting: dict) -> None:
    """Record the demo's outcomes, each by its school's AP lead (`acting[school]`), once."""
    today = timezone.localdate()
    academy, riverside = acting["academy"], acting["riverside"]
    with acting_as(academy):
        mia = _ended(academy, "Mia", "Fox")
        if not _recorded(academy, mia):
            values = {"objectives_met": "met", "destination": "reintegrated"}
            values |= {"destination_detail": "Demoshire Academy, full time", "left_on": mia.ended_on}
            services.record_outcome(mia, by=academy, values=values)
        earlier = _ended(academy, "Kai", "Moss")
        if earlier is None:
            earlier = _earlier_placement(academy, organisations, today)
            values = {"objectives_met": "met", "destination": "reintegrated"}
            values |= {"destination_detail": "Demoshire Academy", "left_on": earlier.ended_on}
            services.record_outcome(earlier, by=academy, values=values)
            sustained = CheckIn.objects.visible_to(academy).get(
                placement_id=earlier.pk, kind=CheckInKind.SUSTAINED
            )
            services.record_check_in(
                sustained,
                by=academy,
                values={
                    "destination": "reintegrated",
                    "destination_detail": "Demoshire Academy",
                    "sustained": True,
                    "note": "At school all of October to March; attendance 88%.",
                },
            )
    with acting_as(riverside):
        grace = _ended(riverside, "Grace", "Lowe")
        if not _recorded(riverside, grace):
            values = {"objectives_met": "partly_met", "destination": "special_school"}
            values |= {"destination_detail": "Brookfield School (SEMH)", "left_on": grace.ended_on}
            services.record_outcome(grace, by=riverside, values=values)
