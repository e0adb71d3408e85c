"""Ended placements of the world's school, their outcomes recorded through the service as the pages record
them, and the check-ins as stored."""

import datetime

from apcommission.tenancy.scoping import acting_as, unscoped
from outcomes import services
from outcomes.models import CheckIn, Outcome
from placements.models import PlacementStatus
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory


def ended(world, ended_on: datetime.date, **fields):
    """A placement of a pupil of the world's school at the world's provider, ended on `ended_on` after
    twelve weeks."""
    return PlacementFactory(
        **{
            "pupil": PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan"),
            "provider": world.provider,
            "status": PlacementStatus.ENDED,
            "starts_on": ended_on - datetime.timedelta(weeks=12),
            "planned_end_on": ended_on,
            "ended_on": ended_on,
            "end_reason": "Back at school full time.",
            **fields,
        }
    )


def outcome_values(placement, **overrides) -> dict:
    return {
        "objectives_met": "met",
        "destination": "reintegrated",
        "destination_detail": "",
        "left_on": placement.ended_on,
        **overrides,
    }


def record(world, placement, role="ap_lead", **overrides):
    membership = world.members[role]
    with acting_as(membership):
        values = outcome_values(placement, **overrides)
        return services.record_outcome(placement, by=membership, values=values)


def record_check_in(world, check_in, role="ap_lead", **values):
    membership = world.members[role]
    values = {"destination": "further_education", "destination_detail": "", "note": "", **values}
    values.setdefault("sustained", True if check_in.kind == "sustained" else None)
    with acting_as(membership):
        return services.record_check_in(check_in, by=membership, values=values)


def check_ins_of(placement) -> list[CheckIn]:
    with unscoped("a test reads the rows as stored"):
        return list(CheckIn.objects.filter(placement_id=placement.pk))


def due_dates(placement) -> list[tuple[str, int, datetime.date]]:
    return [(c.kind, c.years, c.due_on) for c in check_ins_of(placement)]


def outcome_of(placement) -> Outcome | None:
    with unscoped("a test reads the rows as stored"):
        return Outcome.objects.filter(placement_id=placement.pk).first()
