"""Access-matrix rows for what is recorded during a placement (progress and incidents). They are read by
whoever reads the placement: its school (every role), that school's trust, the LA of its area (officers
and viewers) and the provider delivering it; anyone else gets 404, another provider included. Only the
provider delivering it (manager and staff) records and corrects them (403 for every other reader), and
only once it has started. The list of incidents is the commissioners' (each their own; 403 for a
provider).

Each row's `setup` builds `world.placement` (a pupil of the world's school placed with the world's
provider, starting today) with `world.objective`, and where the row needs them `world.entry` (a value
recorded against the objective) and `world.incident`."""

from django.utils import timezone

from placements.models import PlacementStatus
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.access.rows_placements import READ, placement
from tests.dates import date_input
from tests.progress.factories import IncidentFactory, ProgressEntryFactory

S = PlacementStatus
TODAY = timezone.localdate()


def recorded(world):
    placement()(world)
    world.entry = ProgressEntryFactory(objective=world.objective, on=TODAY)
    world.incident = IncidentFactory(placement=world.placement, occurred_on=TODAY, severity="high")


def a_value(world, role) -> dict:
    return {"value": "75", **date_input("on", TODAY), "comment": "A full week."}


def an_incident(world, role) -> dict:
    return {
        **date_input("occurred_on", TODAY),
        "occurred_at": "10:15",
        "kind": "behaviour",
        "severity": "medium",
        "what_happened": "Left the classroom without asking.",
        "action_taken": "Found in the yard within five minutes; talked it through.",
    }


the_placement = pk("placement")
the_objective = pk("objective")
the_entry = pk("entry")
the_incident = pk("incident")
# Those who see the placement but do not record for it.
MAY_NOT = {role: FORBIDDEN for role in READ if not role.startswith("provider_")}


def provider_only(name, method="GET", *, answer=OK, **rest):
    """The provider delivering the placement gets `answer`; its other readers 403; outsiders 404."""
    return page(
        name, method, members=NOT_FOUND, **MAY_NOT, provider_manager=answer, provider_staff=answer, **rest
    )


ROWS = [
    # Recording progress against an objective.
    provider_only("progress:record", setup=placement(), kwargs=the_objective),
    provider_only(
        "progress:record",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_objective,
        data=a_value,
    ),
    provider_only(
        "progress:record",
        note="not started yet",
        answer=FORBIDDEN,
        setup=placement(S.PLANNED),
        kwargs=the_objective,
    ),
    provider_only(
        "progress:record", note="ended: for the days it ran", setup=placement(S.ENDED), kwargs=the_objective
    ),
    wrong_method("progress:record", "PUT", setup=placement(), kwargs=the_objective),
    # Correcting a value.
    provider_only("progress:correct", setup=recorded, kwargs=the_entry),
    provider_only(
        "progress:correct",
        "POST",
        answer=to("placements:detail"),
        setup=recorded,
        kwargs=the_entry,
        data=a_value,
    ),
    wrong_method("progress:correct", "PUT", setup=recorded, kwargs=the_entry),
    # Recording an incident.
    provider_only("progress:incident_new", setup=placement(), kwargs=the_placement),
    provider_only(
        "progress:incident_new",
        "POST",
        answer=to("placements:detail"),
        setup=placement(),
        kwargs=the_placement,
        data=an_incident,
    ),
    provider_only(
        "progress:incident_new",
        note="not started yet",
        answer=FORBIDDEN,
        setup=placement(S.PLANNED),
        kwargs=the_placement,
    ),
    wrong_method("progress:incident_new", "PUT", setup=placement(), kwargs=the_placement),
    # An incident: read by whoever reads the placement; changed by its provider.
    page("progress:incident", setup=recorded, kwargs=the_incident, members=NOT_FOUND, **READ),
    wrong_method("progress:incident", "POST", setup=recorded, kwargs=the_incident),
    provider_only("progress:incident_change", setup=recorded, kwargs=the_incident),
    provider_only(
        "progress:incident_change",
        "POST",
        answer=to("progress:incident"),
        setup=recorded,
        kwargs=the_incident,
        data=an_incident,
    ),
    wrong_method("progress:incident_change", "PUT", setup=recorded, kwargs=the_incident),
    # The list of incidents: every school role, trust leaders and LA people, each their own.
    page(
        "progress:incidents",
        setup=recorded,
        members=OK,
        provider_manager=FORBIDDEN,
        provider_staff=FORBIDDEN,
        other_provider_manager=FORBIDDEN,
    ),
    wrong_method("progress:incidents", "POST"),
]
