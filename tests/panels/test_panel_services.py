"""Running an LA's panels through their services: the setting, meetings, putting a referral to a meeting
and the panel's decision. Every move of the referral is asserted on its own timeline, every refusal
changes nothing, and who sees what is asserted through the scoping path itself."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from panels import services
from panels.models import Decision, PanelItem, PanelKind, PanelMeeting, PanelSetting
from referrals.models import Referral, ReferralStatus, ReferralStatusChange
from referrals.workflow import REFERRAL_STATUS
from tests.history import history
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import RecipientFactory, ReferralFactory

TODAY = datetime.date.today()
S = ReferralStatus


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def seen(model, membership) -> set[int]:
    with acting_as(membership):
        return set(model.objects.visible_to(membership).values_list("pk", flat=True))


def status_of(referral) -> str:
    with unscoped("test"):
        return Referral.objects.get(pk=referral.pk).status


def timeline(referral) -> list[tuple[str, str, str]]:
    with unscoped("test"):
        changes = ReferralStatusChange.objects.filter(referral=referral).order_by("pk")
        return [(c.from_status, c.to_status, c.reason) for c in changes]


def referral_of(school, *, status=S.SENT, provider=None):
    pupil = PupilFactory(school=school, known_to_local_authority_since=timezone.now())
    referral = ReferralFactory(pupil=pupil, status=status, sent_at=timezone.now(), shared_name="Amira K.")
    if provider is not None:
        RecipientFactory(referral=referral, provider=provider)
    return referral


@pytest.fixture
def panel(world):
    """Demoshire uses a panel and meets today: a referral may still be put to it, and its decision
    recorded."""
    PanelSettingFactory(local_authority=world.la)
    return PanelMeetingFactory(local_authority=world.la, meets_on=TODAY)


@pytest.fixture
def referral(world):
    return referral_of(world.school, provider=world.provider)


def put(world, referral, meeting, role="ap_lead"):
    return act(world.members[role], services.put_to_panel, referral, meeting=meeting)


def decide(world, item, role="la_officer", **values):
    values = {"decision": Decision.AGREE, "reasons": "A good match.", **values}
    return act(world.members[role], services.record_decision, item, **values)


# --- The setting and the meetings ------------------------------------------------------------------


def test_an_la_uses_no_panel_until_an_officer_says_so_and_saying_it_again_changes_nothing(world):
    officer = world.members["la_officer"]
    assert seen(PanelSetting, officer) == set()
    setting = act(officer, services.set_uses_panel, uses_panel=True)
    assert setting.uses_panel
    assert setting.local_authority_id == world.la.pk
    events = len(history("panels.PanelSettingEvent"))
    act(officer, services.set_uses_panel, uses_panel=True)
    assert len(history("panels.PanelSettingEvent")) == events
    assert seen(PanelSetting, world.members["ap_lead"]) == {setting.pk}  # its schools know
    assert seen(PanelSetting, world.members["other_la_officer"]) == set()
    assert seen(PanelSetting, world.members["provider_manager"]) == set()


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "trust_leader", "provider_manager"])
def test_only_officers_say_whether_the_la_uses_a_panel_or_arrange_meetings(world, role):
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.set_uses_panel, uses_panel=True)
    with pytest.raises(PermissionDenied):
        act(
            world.members[role],
            services.arrange_meeting,
            meets_on=TODAY,
            kind=PanelKind.FAIR_ACCESS,
            attendees=[],
        )
    with unscoped("test"):
        assert (PanelSetting.objects.count(), PanelMeeting.objects.count()) == (0, 0)


def test_a_meeting_lists_its_attendees_and_is_seen_by_the_la_and_its_schools_only(world):
    meeting = act(
        world.members["la_officer"],
        services.arrange_meeting,
        meets_on=TODAY + datetime.timedelta(days=7),
        kind=PanelKind.COMMISSIONING,
        attendees=[{"name": " Priya Shah ", "role": "Chair"}, {"name": "Tom Reed", "role": ""}],
        notes="Room 4.",
    )
    assert meeting.attendees == [{"name": "Priya Shah", "role": "Chair"}, {"name": "Tom Reed", "role": ""}]
    for role in ("la_officer", "la_viewer", "ap_lead", "school_staff", "other_school_leader"):
        assert seen(PanelMeeting, world.members[role]) == {meeting.pk}, role
    for role in ("other_la_officer", "trust_leader", "provider_manager", "other_provider_manager"):
        assert seen(PanelMeeting, world.members[role]) == set(), role


def test_a_meeting_needs_each_persons_name_and_a_kind(world):
    officer = world.members["la_officer"]
    with pytest.raises(ValidationError) as refused:
        act(
            officer,
            services.arrange_meeting,
            meets_on=TODAY,
            kind="fair_access",
            attendees=[{"name": "", "role": "Chair"}],
        )
    assert refused.value.message_dict == {"attendees": ["Give each person's name before their role"]}
    with pytest.raises(ValidationError) as refused:
        act(officer, services.arrange_meeting, meets_on=TODAY, kind="tribunal", attendees=[])
    assert refused.value.message_dict == {"kind": ["Choose the kind of panel"]}


def test_a_meeting_saved_unchanged_changes_nothing_and_another_las_is_not_found(world, panel):
    officer = world.members["la_officer"]
    events = len(history("panels.PanelMeetingEvent"))
    same = {
        "meets_on": panel.meets_on,
        "kind": panel.kind,
        "attendees": panel.attendees,
        "notes": panel.notes,
    }
    act(officer, services.update_meeting, panel, changes=same)
    assert len(history("panels.PanelMeetingEvent")) == events
    act(officer, services.update_meeting, panel, changes={**same, "notes": "Moved to the town hall."})
    assert len(history("panels.PanelMeetingEvent")) == events + 1
    with pytest.raises(PanelMeeting.DoesNotExist):
        act(world.members["other_la_officer"], services.update_meeting, panel, changes={"notes": "Mine now"})
    with pytest.raises(PermissionDenied):
        act(world.members["la_viewer"], services.update_meeting, panel, changes={"notes": "Mine now"})


# --- Putting a referral to a panel ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["ap_lead", "la_officer"])
def test_the_ap_lead_or_an_officer_puts_a_sent_referral_to_an_upcoming_meeting(world, panel, referral, role):
    item = put(world, referral, panel, role)

    assert status_of(referral) == S.AT_PANEL
    assert (item.meeting, item.put_by, item.decision) == (panel, world.members[role].user, "")
    assert (item.school_id, item.local_authority_id) == (world.school.pk, world.la.pk)
    *_, last = timeline(referral)
    assert last[:2] == (S.SENT, S.AT_PANEL)
    assert "fair access panel on" in last[2]


def test_a_panel_item_is_seen_by_the_la_the_school_and_its_trust_and_never_by_a_provider(
    world, panel, referral
):
    item = put(world, referral, panel)
    for role in ("la_officer", "la_viewer", "ap_lead", "school_staff", "trust_leader"):
        assert seen(PanelItem, world.members[role]) == {item.pk}, role
    # The provider asked sees the referral, never the panel's view of it.
    for role in ("provider_manager", "other_provider_manager", "other_school_leader", "other_la_officer"):
        assert seen(PanelItem, world.members[role]) == set(), role


def test_no_panel_no_putting(world, referral):
    meeting = PanelMeetingFactory(local_authority=world.la)
    with pytest.raises(ValidationError, match="does not put AP referrals to a panel"):
        put(world, referral, meeting)
    PanelSettingFactory(local_authority=world.la, uses_panel=False)
    with pytest.raises(ValidationError, match="does not put AP referrals to a panel"):
        put(world, referral, meeting)
    assert status_of(referral) == S.SENT


def test_a_meeting_already_held_or_of_another_la_is_refused(world, panel, referral):
    held = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        put(world, referral, held)
    assert refused.value.message_dict == {"meeting": ["Choose a meeting that has not happened yet"]}
    elsewhere = PanelMeetingFactory(local_authority=world.other_la)
    PanelSettingFactory(local_authority=world.other_la)
    with pytest.raises(ValidationError) as refused:
        put(world, referral, elsewhere)
    assert refused.value.message_dict == {"meeting": ["Choose one of the meetings listed"]}
    assert status_of(referral) == S.SENT
    with unscoped("test"):
        assert PanelItem.objects.count() == 0


@pytest.mark.parametrize("role", ["dsl", "school_leader", "school_staff", "la_viewer", "trust_leader"])
def test_others_who_see_the_referral_may_not_put_it_to_a_panel(world, panel, referral, role):
    with pytest.raises(PermissionDenied):
        put(world, referral, panel, role)
    assert status_of(referral) == S.SENT


@pytest.mark.parametrize("role", ["other_la_officer", "other_school_leader", "other_provider_manager"])
def test_another_areas_referral_is_not_found(world, panel, referral, role):
    with pytest.raises(Referral.DoesNotExist):
        put(world, referral, panel, role)


def test_a_provider_asked_may_not_put_the_referral_to_a_panel(world, panel, referral):
    with pytest.raises(PermissionDenied):
        put(world, referral, panel, "provider_manager")


@pytest.mark.parametrize("status", [s for s in S if s != S.SENT])
def test_only_a_sent_referral_goes_to_a_panel(world, panel, status):
    referral = referral_of(world.school, status=status)
    with pytest.raises(ValidationError, match="Only a referral sent to providers"):
        put(world, referral, panel)
    assert status_of(referral) == status


def test_the_referral_workflow_allows_the_panels_moves_and_no_others():
    """The moves panels make are in the referral's one table: sent to the panel and back."""
    assert REFERRAL_STATUS.allows(S.SENT, S.AT_PANEL)
    assert REFERRAL_STATUS.allows(S.AT_PANEL, S.SENT)
    for status in (S.DRAFT, S.ACCEPTED, S.WITHDRAWN, S.CLOSED, S.AT_PANEL):
        assert not REFERRAL_STATUS.allows(status, S.AT_PANEL), status


# --- The decision --------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", [d for d in Decision if d != Decision.AGREE_WITH_CHANGES])
def test_each_decision_returns_the_referral_to_sent_with_its_reasons(world, panel, referral, decision):
    item = put(world, referral, panel)
    decided = decide(world, item, decision=decision, reasons="Discussed at length.")

    assert (decided.decision, decided.reasons, decided.changes) == (decision, "Discussed at length.", "")
    assert decided.decided_by == world.members["la_officer"].user
    assert decided.decided_at
    assert status_of(referral) == S.SENT
    *_, last = timeline(referral)
    assert last[:2] == (S.AT_PANEL, S.SENT)
    assert last[2].startswith(f"{Decision(decision).label} by the fair access panel on")
    assert last[2].endswith("Discussed at length.")


def test_agreeing_with_changes_says_what_changes(world, panel, referral):
    item = put(world, referral, panel)
    with pytest.raises(ValidationError) as refused:
        decide(world, item, decision=Decision.AGREE_WITH_CHANGES)
    assert refused.value.message_dict == {"changes": ["Say what changes the panel asks for"]}
    assert status_of(referral) == S.AT_PANEL
    decided = decide(world, item, decision=Decision.AGREE_WITH_CHANGES, changes="Mornings only at first.")
    assert decided.changes == "Mornings only at first."


@pytest.mark.parametrize("decision", [d for d in Decision if d != Decision.AGREE_WITH_CHANGES])
def test_changes_typed_with_another_decision_are_refused_not_dropped(world, panel, referral, decision):
    item = put(world, referral, panel)
    with pytest.raises(ValidationError) as refused:
        decide(world, item, decision=decision, changes="Mornings only at first.")
    assert refused.value.message_dict == {
        "changes": ["Choose 'Agreed with changes' to record changes, or clear the box"]
    }
    assert status_of(referral) == S.AT_PANEL
    with unscoped("test"):
        assert PanelItem.objects.get(pk=item.pk).decision == ""


def test_a_decision_needs_reasons_and_is_recorded_once(world, panel, referral):
    item = put(world, referral, panel)
    with pytest.raises(ValidationError) as refused:
        decide(world, item, reasons="  ", decision="maybe")
    assert refused.value.message_dict == {
        "decision": ["Choose the panel's decision"],
        "reasons": ["Enter the panel's reasons"],
    }
    decide(world, item)
    with pytest.raises(ValidationError, match="already recorded"):
        decide(world, item, decision=Decision.DECLINE)
    with unscoped("test"):
        assert PanelItem.objects.get(pk=item.pk).decision == Decision.AGREE


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "school_leader", "trust_leader"])
def test_only_the_las_officers_record_a_decision(world, panel, referral, role):
    item = put(world, referral, panel)
    with pytest.raises(PermissionDenied):
        decide(world, item, role)
    assert status_of(referral) == S.AT_PANEL


@pytest.mark.parametrize("role", ["other_la_officer", "provider_manager", "other_school_leader"])
def test_another_las_or_a_providers_decision_is_not_found(world, panel, referral, role):
    item = put(world, referral, panel)
    with pytest.raises(PanelItem.DoesNotExist):
        decide(world, item, role)
    assert status_of(referral) == S.AT_PANEL


def test_a_deferred_referral_goes_on_to_a_later_meeting(world, panel, referral):
    item = put(world, referral, panel)
    later = PanelMeetingFactory(
        local_authority=world.la, meets_on=panel.meets_on + datetime.timedelta(days=28)
    )
    decide(world, item, decision=Decision.DEFER, reasons="Wait for the EHC assessment.", later_meeting=later)

    assert status_of(referral) == S.AT_PANEL
    with unscoped("test"):
        items = list(PanelItem.objects.filter(referral=referral).order_by("pk"))
    assert [(i.meeting_id, i.decision) for i in items] == [(panel.pk, Decision.DEFER), (later.pk, "")]
    assert [move[:2] for move in timeline(referral)[-3:]] == [
        (S.SENT, S.AT_PANEL),
        (S.AT_PANEL, S.SENT),
        (S.SENT, S.AT_PANEL),
    ]


def test_a_later_meeting_must_be_later_of_the_same_la_and_only_for_a_deferral(world, panel, referral):
    item = put(world, referral, panel)
    earlier = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY)  # not after this one
    elsewhere = PanelMeetingFactory(
        local_authority=world.other_la, meets_on=TODAY + datetime.timedelta(days=60)
    )
    later = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY + datetime.timedelta(days=60))
    refusals = [
        (Decision.DEFER, earlier, "Choose a meeting after this one"),
        (Decision.DEFER, elsewhere, "Choose one of the meetings listed"),
        (Decision.AGREE, later, "Only a deferred referral goes to a later meeting"),
    ]
    for decision, meeting, message in refusals:
        with pytest.raises(ValidationError) as refused:
            decide(world, item, decision=decision, later_meeting=meeting)
        assert refused.value.message_dict == {"later_meeting": [message]}
    assert status_of(referral) == S.AT_PANEL
    with unscoped("test"):
        assert PanelItem.objects.get(pk=item.pk).decision == ""


def test_a_decision_waits_for_the_day_of_the_meeting(world, referral):
    PanelSettingFactory(local_authority=world.la)
    meeting = PanelMeetingFactory(local_authority=world.la, meets_on=TODAY + datetime.timedelta(days=14))
    item = put(world, referral, meeting)

    with pytest.raises(ValidationError) as refused:
        decide(world, item)

    assert refused.value.messages == [
        f"The panel meets on {meeting.meets_on.day} {meeting.meets_on:%B %Y}: record its decision after it "
        "meets"
    ]
    assert status_of(referral) == S.AT_PANEL
    with time_machine.travel(meeting.meets_on, tick=False):
        assert decide(world, item).decision == Decision.AGREE
    assert status_of(referral) == S.SENT


def test_a_referral_accepted_or_withdrawn_while_with_the_panel_takes_no_decision(world, panel, referral):
    item = put(world, referral, panel)
    act(world.members["ap_lead"], REFERRAL_STATUS.move, referral, to=S.WITHDRAWN, reason="Moved away")
    with pytest.raises(ValidationError, match="no longer with the panel: it is withdrawn"):
        decide(world, item)
    with unscoped("test"):
        assert PanelItem.objects.get(pk=item.pk).decision == ""


@pytest.mark.parametrize("status", [s for s in S if s != S.AT_PANEL])
def test_only_a_referral_with_the_panel_takes_its_decision(world, panel, status):
    item = PanelItemFactory(referral=referral_of(world.school, status=status), meeting=panel)
    with pytest.raises(ValidationError, match="no longer with the panel"):
        decide(world, item)
    assert status_of(item.referral) == status
    with unscoped("test"):
        assert PanelItem.objects.get(pk=item.pk).decision == ""


def test_a_decided_item_cannot_be_changed_by_its_own_constraint(world, panel, referral):
    """The database itself refuses a decision without reasons."""
    item = PanelItemFactory(referral=referral, meeting=panel)
    with unscoped("test"), pytest.raises(Exception, match="decision_has_reasons"):
        PanelItem.objects.filter(pk=item.pk).update(decision=Decision.AGREE)


@pytest.mark.parametrize("decision", list(Decision))
def test_only_a_referral_the_panel_has_not_agreed_to_goes_to_a_panel_again(world, panel, referral, decision):
    changes = "Mornings only." if decision == Decision.AGREE_WITH_CHANGES else ""
    decide(world, put(world, referral, panel), decision=decision, changes=changes)
    if decision in (Decision.AGREE, Decision.AGREE_WITH_CHANGES):
        with pytest.raises(ValidationError, match="already agreed"):
            put(world, referral, panel)
        assert status_of(referral) == S.SENT
    else:
        with pytest.raises(ValidationError, match="put to that meeting already"):
            put(world, referral, panel)
        later = PanelMeetingFactory(local_authority=world.la, meets_on=panel.meets_on + datetime.timedelta(7))
        put(world, referral, later)
        assert status_of(referral) == S.AT_PANEL


def test_saying_an_la_uses_no_panel_when_it_has_no_setting_writes_nothing(world):
    act(world.members["la_officer"], services.set_uses_panel, uses_panel=False)
    assert seen(PanelSetting, world.members["la_officer"]) == set()


def test_a_meeting_that_has_decided_keeps_its_date(world, panel, referral):
    decide(world, put(world, referral, panel))
    with pytest.raises(ValidationError) as refused:
        act(
            world.members["la_officer"],
            services.update_meeting,
            panel,
            changes={"meets_on": panel.meets_on + datetime.timedelta(days=30)},
        )
    assert list(refused.value.message_dict) == ["meets_on"]
    act(world.members["la_officer"], services.update_meeting, panel, changes={"notes": "Minutes sent."})
