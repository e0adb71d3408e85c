"""Placements for the progress tests, made through the placement services as the pages make them, and
the provider's records of them made through the progress services."""

import datetime
from decimal import Decimal

from apcommission.tenancy.scoping import acting_as, unscoped
from placements import services as placements
from progress.models import Incident, ProgressEntry
from tests.bound_client import BoundClient
from tests.placements.plan_world import TODAY, act, active, lead, planned, with_objective

DAY = datetime.timedelta(days=1)
STARTED = TODAY - 30 * DAY


def running(world, **overrides):
    """An active placement of a pupil of the world's school with the world's provider, started 30 days
    ago, with an attendance objective (%, baseline 62, target 90)."""
    return active(world, **{"starts_on": STARTED, **overrides})


def ended(world, *, on=TODAY - 5 * DAY, **overrides):
    placement = running(world, **overrides)
    return act(lead(world), placements.end_placement, placement, ended_on=on, reason="Back at school.")


def not_started(world, **overrides):
    """A planned placement starting next week, with an objective."""
    placement = planned(world, **overrides)
    with_objective(world, placement)
    return placement


def objective_of(placement):
    with unscoped("a test reads the placement's objective"):
        return placement.objectives.order_by("pk").first()


def maths_objective(world, placement):
    """A second objective, measured in grades."""
    return act(
        lead(world),
        placements.add_objective,
        placement,
        change_reason="Maths added.",
        area="maths",
        description="Entry level 3 maths.",
        measure="Teacher assessment",
        unit="grade",
        baseline_value=Decimal("1"),
        baseline_on=STARTED,
        target_value=Decimal("3"),
        target_on=TODAY + 60 * DAY,
    )


def as_role(world, role, function, *args, **kwargs):
    membership = world.members[role]
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def entries(**filters) -> list[ProgressEntry]:
    with unscoped("a test reads the rows as stored"):
        return list(ProgressEntry.objects.filter(**filters).order_by("pk"))


def incidents(**filters) -> list[Incident]:
    with unscoped("a test reads the rows as stored"):
        return list(Incident.objects.filter(**filters).order_by("pk"))


def signed_in(world, role: str) -> BoundClient:
    client = BoundClient()
    client.force_login(world.user(role))
    return client
