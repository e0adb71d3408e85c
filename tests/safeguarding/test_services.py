"""The safeguarding services: the provider a pupil is placed with raises a concern (and nobody else), the
school's DSLs are told at once, record what was done and may share the details; each refuses whole, with
messages keyed by field, and writes nothing when it refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.forms.dates import long_date, years_ago
from placements.models import Placement, PlacementStatus
from safeguarding import alerts, services
from safeguarding.forms import ConcernForm
from safeguarding.models import Concern, ConcernAction, ConcernDetail, ConcernState, DetailShare
from tests.safeguarding.world import (
    DAY,
    SEEN,
    TODAY,
    act,
    action_values,
    handled,
    placed,
    raised,
    seen,
    shared,
    table,
)


def new_for_dsl(world) -> int:
    return act(world.members["dsl"], lambda *, by: alerts.new_concerns(membership=by))


# --- Raising --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["provider_staff", "provider_manager"])
def test_the_provider_raises_a_concern_with_the_placements_keys_and_the_dsl_is_told_at_once(world, role):
    placement = placed(world)
    assert new_for_dsl(world) == 0
    concern = raised(world, placement, role=role)
    assert (concern.school_id, concern.local_authority_id, concern.provider_id) == (
        world.school.pk,
        world.la.pk,
        world.provider.pk,
    )
    assert (concern.placement_id, concern.pupil_id, concern.state) == (
        placement.pk,
        placement.pupil_id,
        ConcernState.RAISED,
    )
    assert concern.raised_by == world.user(role)
    (detail,) = table(ConcernDetail)
    assert (detail.concern_id, detail.what_happened, detail.immediate_risk) == (concern.pk, SEEN, False)
    assert (detail.school_id, detail.provider_id) == (world.school.pk, world.provider.pk)
    assert new_for_dsl(world) == 1


@pytest.mark.parametrize(
    "role", ["ap_lead", "dsl", "school_leader", "school_staff", "la_officer", "trust_leader"]
)
def test_nobody_but_the_provider_raises_one(world, role):
    placement = placed(world)
    with pytest.raises(PermissionDenied):
        raised(world, placement, role=role)
    assert table(Concern) == []


def test_another_provider_cannot_raise_one_about_a_placement_it_does_not_see(world):
    placement = placed(world)
    with pytest.raises(Placement.DoesNotExist):
        raised(world, placement, role="other_provider_manager")
    assert table(Concern) == []


def test_a_provider_raises_one_within_30_days_of_the_end_and_not_after(world):
    ended = {"status": PlacementStatus.ENDED, "end_reason": "Back at school."}
    raised(world, placed(world, ended_on=TODAY - 30 * DAY, **ended))
    with pytest.raises(PermissionDenied):
        raised(world, placed(world, ended_on=TODAY - 31 * DAY, **ended))
    cancelled = placed(
        world, status=PlacementStatus.CANCELLED, cancelled_on=TODAY, cancel_reason="The family moved."
    )
    with pytest.raises(PermissionDenied):
        raised(world, cancelled)
    assert len(table(Concern)) == 1


def test_a_planned_placement_takes_a_concern(world):
    raised(world, placed(world, status=PlacementStatus.PLANNED, starts_on=TODAY + 7 * DAY))
    assert len(table(Concern)) == 1


def test_a_concern_is_refused_whole_with_a_message_for_each_field(world):
    placement = placed(world)
    with pytest.raises(ValidationError) as refused:
        raised(
            world,
            placement,
            what_happened="  ",
            who_involved="",
            provider_action="",
            happened_on=TODAY + DAY,
            immediate_risk=None,
        )
    assert refused.value.message_dict == {
        "what_happened": ["Enter what was seen or heard"],
        "who_involved": ["Enter who was involved"],
        "provider_action": ["Enter what you have done already, or write that you have done nothing yet"],
        "happened_on": ["The date it was seen or heard must be today or in the past"],
        "immediate_risk": ["Select yes if the pupil is at immediate risk of harm"],
    }
    with pytest.raises(ValidationError) as refused:
        raised(world, placement, happened_on=TODAY - 400 * DAY, what_happened="x" * 5001)
    assert set(refused.value.message_dict) == {"happened_on", "what_happened"}
    assert table(Concern) == []
    assert table(ConcernDetail) == []


def test_the_earliest_date_is_a_year_back_as_the_form_says(world):
    """The service and the form bound the date alike, so neither takes what the other refuses."""
    earliest = years_ago(1)()
    placement = placed(world)
    with pytest.raises(ValidationError) as refused:
        raised(world, placement, happened_on=earliest - DAY)
    assert refused.value.message_dict == {
        "happened_on": [f"The date it was seen or heard must be the same as or after {long_date(earliest)}"]
    }
    assert ConcernForm.base_fields["happened_on"].earliest() == earliest
    assert raised(world, placement, happened_on=earliest).pk


# --- The DSL's record -----------------------------------------------------------------------------------


def test_the_dsl_records_what_was_done_and_the_concern_is_being_handled(world):
    concern = raised(world)
    entry = handled(world, concern, referred_to=["social_care", "other"], referred_elsewhere="School nurse")
    (concern,) = table(Concern)
    assert concern.state == ConcernState.BEING_HANDLED
    assert concern.handled_at is not None
    assert concern.closed_at is None
    assert entry.referred_to_words == ["Children's social care", "School nurse"]
    assert (entry.school_id, entry.provider_id, entry.recorded_by) == (
        world.school.pk,
        world.provider.pk,
        world.user("dsl"),
    )
    assert new_for_dsl(world) == 0


def test_closing_it_ends_the_record(world):
    concern = raised(world)
    handled(world, concern)
    first_handled = table(Concern)[0].handled_at
    handled(world, concern, action="Social care visited; no further action.", close=True)
    (concern,) = table(Concern)
    assert concern.state == ConcernState.CLOSED
    assert concern.closed_at is not None
    assert concern.handled_at == first_handled
    with pytest.raises(PermissionDenied):
        handled(world, concern)
    assert len(table(ConcernAction)) == 2


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "provider_manager", "provider_staff"])
def test_only_the_dsl_records_what_was_done(world, role):
    concern = raised(world)
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.record_dsl_action, concern, **action_values())
    assert table(ConcernAction) == []


@pytest.mark.parametrize("role", ["school_staff", "la_officer", "trust_leader", "other_provider_manager"])
def test_those_who_do_not_see_the_concern_cannot_touch_it(world, role):
    concern = raised(world)
    with pytest.raises(Concern.DoesNotExist):
        act(world.members[role], services.record_dsl_action, concern, **action_values())
    with pytest.raises(Concern.DoesNotExist):
        act(world.members[role], services.share_details, concern, role="ap_lead", reason="Why.")
    assert table(ConcernAction) == []
    assert table(DetailShare) == []


def test_what_was_done_is_refused_whole(world):
    concern = raised(world)
    with pytest.raises(ValidationError) as refused:
        handled(
            world,
            concern,
            action="",
            done_by=" ",
            done_on=None,
            referred_to=["other", "the_moon"],
            referred_elsewhere="",
        )
    assert refused.value.message_dict == {
        "action": ["Enter what was done"],
        "done_by": ["Enter who did it"],
        "done_on": ["Enter the date it was done"],
        "referred_to": ["Select who it was referred to from the list"],
        "referred_elsewhere": ["Enter who else it was referred to"],
    }
    with pytest.raises(ValidationError) as refused:
        handled(world, concern, done_on=TODAY + DAY)
    assert refused.value.message_dict == {"done_on": ["The date it was done must be today or in the past"]}
    assert table(ConcernAction) == []
    assert table(Concern)[0].state == ConcernState.RAISED


def test_someone_else_named_is_forgotten_unless_someone_else_is_ticked(world):
    entry = handled(world, raised(world), referred_to=["police"], referred_elsewhere="The school nurse")
    assert (entry.referred_to, entry.referred_elsewhere) == (["police"], "")


# --- Sharing --------------------------------------------------------------------------------------------


def test_a_share_lets_that_role_read_the_details_and_no_other(world):
    concern = raised(world)
    handled(world, concern)
    lead, leader = world.members["ap_lead"], world.members["school_leader"]
    assert seen(lead, ConcernDetail) == seen(lead, ConcernAction) == set()
    shared(world, concern, role="ap_lead")
    assert len(seen(lead, ConcernDetail)) == len(seen(lead, ConcernAction)) == 1
    assert seen(leader, ConcernDetail) == seen(leader, ConcernAction) == set()
    (share,) = table(DetailShare)
    assert (share.role, share.shared_by, share.school_id) == ("ap_lead", world.user("dsl"), world.school.pk)


def test_a_share_is_refused_twice_for_one_role_and_for_roles_it_cannot_name(world):
    concern = raised(world)
    shared(world, concern, role="ap_lead")
    with pytest.raises(ValidationError) as refused:
        shared(world, concern, role="ap_lead")
    assert refused.value.message_dict == {
        "role": ["The details are already shared with the school's AP leads"]
    }
    for role in ("school_staff", "trust_leader", "la_officer", ""):
        with pytest.raises(ValidationError) as refused:
            shared(world, concern, role=role, reason="")
        assert refused.value.message_dict == {
            "role": ["Select who to share the details with"],
            "reason": ["Enter why they need to know"],
        }
    assert len(table(DetailShare)) == 1


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "provider_manager"])
def test_only_the_dsl_shares(world, role):
    concern = raised(world)
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.share_details, concern, role="ap_lead", reason="Why.")
    assert table(DetailShare) == []


# --- The count the DSL is shown ---------------------------------------------------------------------------


def test_the_count_is_kept_and_renewed_by_every_change_of_state(world, monkeypatch):
    first = raised(world)
    raised(world, placed(world))
    assert new_for_dsl(world) == 2
    monkeypatch.setattr(alerts.Concern.objects, "visible_to", lambda m: pytest.fail("counted again"))
    assert new_for_dsl(world) == 2
    monkeypatch.undo()
    handled(world, first)
    assert new_for_dsl(world) == 1


def test_another_schools_concern_leaves_the_count_alone(world):
    assert new_for_dsl(world) == 0
    elsewhere = placed(world, school=world.sibling_school)
    raised(world, elsewhere)
    assert new_for_dsl(world) == 0


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "provider_staff", "la_officer"])
def test_only_a_dsl_has_a_count(world, role):
    raised(world)
    assert act(world.members[role], lambda *, by: alerts.new_concerns(membership=by)) == 0


def test_the_seam_for_email_is_one_function_called_once_per_concern(world, monkeypatch):
    told = []
    monkeypatch.setattr(alerts, "notify_dsls", told.append)
    concern = raised(world)
    handled(world, concern)
    assert told == [concern]
