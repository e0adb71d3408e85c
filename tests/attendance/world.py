"""Placements at the world's provider to mark, on a known week, for the attendance tests."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from attendance import services
from attendance.models import Mark
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
# A Wednesday well in the past, so that its week is whole and none of it is in the future.
WEDNESDAY = datetime.date(2026, 3, 4)
MONDAY = WEDNESDAY - datetime.timedelta(days=2)
FRIDAY = WEDNESDAY + datetime.timedelta(days=2)
MON_TO_WED = ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am", "wed_pm"]


def placed(world, *, provider=None, school=None, name=("Amira", "Khan"), **fields):
    """A placement of a pupil of the world's school with the world's provider, running through the
    spring term of 2026, timetabled Monday to Wednesday."""
    pupil = PupilFactory(
        school=school or world.school,
        legal_forename=name[0],
        legal_surname=name[1],
        known_to_local_authority_since=timezone.now(),
    )
    values = {
        "starts_on": datetime.date(2026, 1, 5),
        "planned_end_on": datetime.date(2026, 7, 17),
        "sessions": list(MON_TO_WED),
        **fields,
    }
    return PlacementFactory(pupil=pupil, provider=provider or world.provider, **values)


def row(placement, on=WEDNESDAY, session="am", mark="present", comment="", number=1):
    pk = placement if isinstance(placement, int | str) else placement.pk
    return services.MarkRow(number, pk, on, session, mark, comment)


def record(membership, rows, *, source="grid", today=TODAY):
    with acting_as(membership):
        return services.record_marks(rows, by=membership, source=source, today=today)


def all_marks() -> list[dict]:
    from apcommission.tenancy.scoping import unscoped

    with unscoped("test"):
        return list(Mark.objects.order_by("pk").values())
