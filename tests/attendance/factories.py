"""Attendance marks as a provider records them, with the placement's keys copied on."""

import datetime

import factory
from django.utils import timezone

from attendance.models import Mark, MarkKind, Source
from tests.factories import UnscopedFactory
from tests.placements.factories import PlacementFactory


def last_school_day(today: datetime.date | None = None) -> datetime.date:
    """Today, or the Friday before at a weekend."""
    day = today or timezone.localdate()
    while day.weekday() > 4:
        day -= datetime.timedelta(days=1)
    return day


class MarkFactory(UnscopedFactory):
    class Meta:
        model = Mark

    placement = factory.SubFactory(PlacementFactory)
    school_id = factory.LazyAttribute(lambda o: o.placement.school_id)
    local_authority_id = factory.LazyAttribute(lambda o: o.placement.local_authority_id)
    provider_id = factory.LazyAttribute(lambda o: o.placement.provider_id)
    pupil_id = factory.LazyAttribute(lambda o: o.placement.pupil_id)
    on = factory.LazyFunction(last_school_day)
    session = "am"
    mark = MarkKind.PRESENT
    source = Source.GRID
    recorded_at = factory.LazyFunction(timezone.now)
