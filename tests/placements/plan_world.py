"""Placement plans at each step, made through the services as the pages make them, for the plan tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from placements import services
from placements.models import Placement
from tests.bound_client import BoundClient
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + datetime.timedelta(days=7)
SIX_SESSIONS = ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am", "wed_pm"]


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def lead(world):
    return world.members["ap_lead"]


def signed_in(world, role: str) -> BoundClient:
    client = BoundClient()
    client.force_login(world.user(role))
    return client


def pupil_of(world, **fields):
    """A Year 10 pupil of the world's school (a full-time week of 24 hours)."""
    return PupilFactory(
        **{"school": world.school, "legal_forename": "Amira", "legal_surname": "Khan", **fields}
    )


def plan_values(world, **overrides) -> dict:
    """A full-time plan: 15 hours at the provision and 10 at school, six sessions, from next week."""
    return {
        "provider": world.provider,
        "starts_on": NEXT_WEEK,
        "planned_end_on": NEXT_WEEK + datetime.timedelta(weeks=12),
        "sessions": list(SIX_SESSIONS),
        "hours_per_week": Decimal("15"),
        "school_hours_per_week": Decimal("10"),
        "reason": "at_risk",
        **overrides,
    }


def planned(world, pupil=None, **overrides) -> Placement:
    pupil = pupil or pupil_of(world)
    return act(lead(world), services.plan_placement, pupil, **plan_values(world, **overrides))


def objective_values(**overrides) -> dict:
    return {
        "area": "attendance",
        "description": "Attend every morning session.",
        "measure": "Sessions attended as a percentage of sessions timetabled",
        "unit": "%",
        "baseline_value": Decimal("62"),
        "baseline_on": TODAY - datetime.timedelta(days=10),
        "target_value": Decimal("90"),
        "target_on": TODAY + datetime.timedelta(days=60),
        **overrides,
    }


def with_objective(world, placement, **overrides):
    return act(lead(world), services.add_objective, placement, **objective_values(**overrides))


def active(world, pupil=None, **overrides) -> Placement:
    """A full-time placement started today, with an objective with a baseline."""
    placement = planned(world, pupil, **{"starts_on": TODAY, **overrides})
    with_objective(world, placement)
    return act(lead(world), services.start_placement, placement)


def fresh(placement) -> Placement:
    with unscoped("a test reads the row as stored"):
        return Placement.objects.get(pk=placement.pk)


def rows(model, **filters) -> list:
    with unscoped("a test reads the rows as stored"):
        return list(model.objects.filter(**filters).order_by("pk"))
