"""Recording incidents: the provider delivering the placement records them on the days it ran, with what
happened and what was done, and changes them later (when the parent was told), keeping history; the same
values again change nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import Placement
from progress import services
from progress.models import Incident
from tests.history import history
from tests.placements.plan_world import TODAY
from tests.progress.world import DAY, STARTED, as_role, ended, incidents, not_started, running


def values(**overrides) -> dict:
    return {
        "occurred_on": TODAY - DAY,
        "occurred_at": datetime.time(14, 30),
        "kind": "injury",
        "severity": "high",
        "what_happened": "Cut his hand on a chisel in the workshop.",
        "action_taken": "First aid, then taken to the minor injuries unit with a member of staff.",
        "parent_told_on": TODAY - DAY,
        **overrides,
    }


def record(world, placement, role="provider_manager", **overrides):
    return as_role(world, role, services.record_incident, placement, **values(**overrides))


def refused(world, placement, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        record(world, placement, **overrides)
    return caught.value.message_dict


def test_the_provider_records_an_incident_with_the_placements_keys(world):
    placement = running(world)
    incident = record(world, placement, role="provider_staff")
    [stored] = incidents()
    assert stored.pk == incident.pk
    assert (stored.placement_id, stored.school_id, stored.local_authority_id, stored.provider_id) == (
        placement.pk,
        world.school.pk,
        world.la.pk,
        world.provider.pk,
    )
    assert (stored.kind, stored.severity, stored.occurred_at) == ("injury", "high", datetime.time(14, 30))
    assert stored.recorded_by == world.user("provider_staff")


def test_the_time_and_the_day_the_parent_was_told_may_wait(world):
    record(world, running(world), occurred_at=None, parent_told_on=None)
    assert (incidents()[0].occurred_at, incidents()[0].parent_told_on) == (None, None)


def test_each_field_is_checked_in_plain_english(world):
    placement = running(world)
    assert refused(
        world, placement, kind="fight", severity="extreme", what_happened=" ", action_taken=""
    ) == {
        "kind": ["Choose what kind of incident it was"],
        "severity": ["Choose how serious it was"],
        "what_happened": ["Enter what happened"],
        "action_taken": ["Enter what was done about it"],
    }
    assert refused(world, placement, occurred_on=TODAY + DAY, parent_told_on=None) == {
        "occurred_on": ["The date of the incident must be today or in the past"]
    }
    started = f"{STARTED.day} {STARTED:%B %Y}"
    assert refused(world, placement, occurred_on=STARTED - DAY, parent_told_on=None) == {
        "occurred_on": [
            f"The date of the incident must be the same as or after the placement started ({started})"
        ]
    }
    assert refused(world, placement, occurred_on=None) == {"occurred_on": ["Enter the date of the incident"]}
    assert refused(world, placement, parent_told_on=TODAY - 2 * DAY) == {
        "parent_told_on": [
            "The date the parent or carer was told must be the same as or after the date of the incident"
        ]
    }
    assert refused(world, placement, parent_told_on=TODAY + DAY) == {
        "parent_told_on": ["The date the parent or carer was told must be today or in the past"]
    }
    assert refused(world, placement, what_happened="x" * 5001) == {
        "what_happened": ["What happened must be 5,000 characters or fewer"]
    }
    assert incidents() == []


def test_an_ended_placement_takes_incidents_on_the_days_it_ran(world):
    last_day = TODAY - 5 * DAY
    placement = ended(world, on=last_day)
    assert "occurred_on" in refused(world, placement, occurred_on=last_day + DAY)
    record(world, placement, occurred_on=last_day, parent_told_on=last_day)
    assert len(incidents()) == 1


def test_a_placement_not_started_takes_no_incident(world):
    with pytest.raises(ValidationError, match="has not started yet"):
        record(world, not_started(world), occurred_on=TODAY)


@pytest.mark.parametrize(
    "role", ["ap_lead", "dsl", "school_staff", "trust_leader", "la_officer", "la_viewer"]
)
def test_nobody_but_the_provider_records_incidents(world, role):
    with pytest.raises(PermissionDenied):
        record(world, running(world), role=role)
    assert incidents() == []


def test_another_provider_does_not_find_the_placement(world):
    with pytest.raises(Placement.DoesNotExist):
        record(world, running(world), role="other_provider_manager")
    assert incidents() == []


def test_a_change_keeps_history_and_the_same_values_change_nothing(world):
    incident = record(world, running(world), parent_told_on=None)
    same = as_role(world, "provider_staff", services.update_incident, incident, **values(parent_told_on=None))
    assert same.updated_at is None
    assert len(history("progress.IncidentEvent", pgh_obj_id=incident.pk)) == 1
    changed = as_role(world, "provider_staff", services.update_incident, incident, parent_told_on=TODAY)
    assert (changed.parent_told_on, changed.updated_by) == (TODAY, world.user("provider_staff"))
    told = [event.parent_told_on for event in history("progress.IncidentEvent", pgh_obj_id=incident.pk)]
    assert told == [None, TODAY]


def test_a_change_is_checked_as_a_new_incident_is(world):
    incident = record(world, running(world))
    with pytest.raises(ValidationError) as caught:
        as_role(world, "provider_manager", services.update_incident, incident, severity="", action_taken=" ")
    assert caught.value.message_dict == {
        "severity": ["Choose how serious it was"],
        "action_taken": ["Enter what was done about it"],
    }
    assert incidents()[0].severity == "high"


def test_only_the_recording_provider_changes_an_incident(world):
    incident = record(world, running(world))
    with pytest.raises(PermissionDenied):
        as_role(world, "ap_lead", services.update_incident, incident, severity="low")
    with pytest.raises(Incident.DoesNotExist):
        as_role(world, "other_provider_manager", services.update_incident, incident, severity="low")
    assert incidents()[0].severity == "high"


def test_an_unknown_field_is_a_mistake_in_the_code(world):
    with pytest.raises(TypeError, match="Not fields of an incident: school"):
        record(world, running(world), school=world.sibling_school)
