"""Placements as a school makes them: a plan with a timetable, objectives with baselines, and, where the
pupil's week is short of full time, a part-time plan with its steps."""

import datetime
from decimal import Decimal

import factory

from placements.models import (
    AttendanceCode,
    BlockPurchase,
    Objective,
    ObjectiveArea,
    PartTimePlan,
    PartTimeStep,
    Placement,
    PlacementReason,
    PlacementRules,
    PlacementStatus,
    PlacementStatusChange,
    PlanChange,
)
from tests.factories import ProviderFactory, UnscopedFactory, UserFactory
from tests.pupils.factories import PupilFactory

TODAY = datetime.date.today()


class PlacementFactory(UnscopedFactory):
    class Meta:
        model = Placement

    pupil = factory.SubFactory(PupilFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = PlacementStatus.ACTIVE
    starts_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=14))
    planned_end_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=70))
    sessions = factory.LazyFunction(lambda: ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am", "wed_pm"])
    hours_per_week = Decimal("15")
    school_hours_per_week = Decimal("10")
    attendance_code = AttendanceCode.B
    reason = PlacementReason.AT_RISK
    created_by = factory.SubFactory(UserFactory)
    provider_copy = factory.LazyAttribute(lambda o: {"name": o.pupil.name})


class ObjectiveFactory(UnscopedFactory):
    class Meta:
        model = Objective

    placement = factory.SubFactory(PlacementFactory)
    area = ObjectiveArea.ATTENDANCE
    description = "Attend every morning session."
    measure = "Sessions attended as a percentage of sessions timetabled"
    unit = "%"
    baseline_value = Decimal("62")
    baseline_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=20))
    target_value = Decimal("90")
    target_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=60))


class PartTimePlanFactory(UnscopedFactory):
    class Meta:
        model = PartTimePlan

    placement = factory.SubFactory(PlacementFactory)
    reason = "Building up after a long absence with anxiety."
    ends_by = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=42))
    parent_agreed_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=16))
    la_notified_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=15))


class PartTimeStepFactory(UnscopedFactory):
    class Meta:
        model = PartTimeStep

    plan = factory.SubFactory(PartTimePlanFactory)
    from_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=14))
    hours_per_week = Decimal("20")


class BlockPurchaseFactory(UnscopedFactory):
    class Meta:
        model = BlockPurchase

    school = factory.SubFactory("tests.factories.SchoolFactory")
    provider = factory.SubFactory(ProviderFactory)
    places = 4
    starts_on = factory.LazyFunction(
        lambda: datetime.date(TODAY.year if TODAY.month >= 9 else TODAY.year - 1, 9, 1)
    )
    ends_on = factory.LazyFunction(
        lambda: datetime.date(TODAY.year + 1 if TODAY.month >= 9 else TODAY.year, 7, 31)
    )
    cost = Decimal("24000.00")


class PlacementStatusChangeFactory(UnscopedFactory):
    class Meta:
        model = PlacementStatusChange

    placement = factory.SubFactory(PlacementFactory)
    to_status = PlacementStatus.PLANNED
    reason = "Plan made"
    changed_by = factory.SubFactory(UserFactory)


class PlanChangeFactory(UnscopedFactory):
    class Meta:
        model = PlanChange

    placement = factory.SubFactory(PlacementFactory)
    kind = "hours"
    reason = "Settling well: one more afternoon."
    summary = "Hours a week: 15 to 18"
    changed_by = factory.SubFactory(UserFactory)


class PlacementRulesFactory(UnscopedFactory):
    class Meta:
        model = PlacementRules

    local_authority = factory.SubFactory("tests.factories.LocalAuthorityFactory")
