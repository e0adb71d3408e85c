"""An ended placement's outcome and its check-ins, as the services would store them."""

import datetime

import factory
from django.utils import timezone

from outcomes.models import CheckIn, CheckInKind, Destination, ObjectivesMet, Outcome
from tests.factories import UnscopedFactory, UserFactory
from tests.placements.factories import PlacementFactory

TODAY = datetime.date.today()


class OutcomeFactory(UnscopedFactory):
    class Meta:
        model = Outcome

    placement = factory.SubFactory(PlacementFactory)
    objectives_met = ObjectivesMet.MET
    destination = Destination.FURTHER_EDUCATION
    destination_detail = "Demoshire College"
    left_on = factory.LazyAttribute(lambda o: o.placement.ended_on or TODAY)
    recorded_by = factory.SubFactory(UserFactory)


class CheckInFactory(UnscopedFactory):
    """A sustained-destination check still due; pass `recorded=True` for one recorded."""

    class Meta:
        model = CheckIn

    class Params:
        recorded = False

    placement = factory.SubFactory(PlacementFactory)
    kind = CheckInKind.SUSTAINED
    years = 0
    due_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=120))
    destination = factory.LazyAttribute(lambda o: Destination.FURTHER_EDUCATION if o.recorded else "")
    sustained = factory.LazyAttribute(
        lambda o: True if o.recorded and o.kind == CheckInKind.SUSTAINED else None
    )
    recorded_at = factory.LazyAttribute(lambda o: timezone.now() if o.recorded else None)
