"""Progress and incidents as a provider records them, with the placement's keys copied as the services
copy them."""

import datetime
from decimal import Decimal

import factory

from progress.models import Incident, IncidentKind, ProgressEntry, Severity
from tests.factories import UnscopedFactory, UserFactory
from tests.placements.factories import ObjectiveFactory, PlacementFactory

TODAY = datetime.date.today()


class ProgressEntryFactory(UnscopedFactory):
    class Meta:
        model = ProgressEntry

    objective = factory.SubFactory(ObjectiveFactory)
    placement = factory.LazyAttribute(lambda o: o.objective.placement)
    school = factory.LazyAttribute(lambda o: o.placement.school)
    local_authority = factory.LazyAttribute(lambda o: o.placement.local_authority)
    provider = factory.LazyAttribute(lambda o: o.placement.provider)
    value = Decimal("70")
    on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=3))
    comment = "Settling in well."
    recorded_by = factory.SubFactory(UserFactory)


class IncidentFactory(UnscopedFactory):
    class Meta:
        model = Incident

    placement = factory.SubFactory(PlacementFactory)
    school = factory.LazyAttribute(lambda o: o.placement.school)
    local_authority = factory.LazyAttribute(lambda o: o.placement.local_authority)
    provider = factory.LazyAttribute(lambda o: o.placement.provider)
    occurred_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=2))
    kind = IncidentKind.BEHAVIOUR
    severity = Severity.LOW
    what_happened = "Swore at a member of staff in the workshop."
    action_taken = "Time out with a mentor; talked it through."
    recorded_by = factory.SubFactory(UserFactory)
