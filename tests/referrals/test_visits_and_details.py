"""Visits and tasters, and the detailed referral, through their services: who may, when (a visit's
outcome from its day on), and that the same values again change nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.tenancy.scoping import acting_as, unscoped
from referrals import details, visits
from referrals.models import ReferralDetail, Visit
from tests.history import history
from tests.referrals.pages import START, accepted, act, answer_of, sent


def test_the_school_or_the_provider_arranges_a_visit_and_records_how_it_went(world):
    referral = sent(world)
    answer = answer_of(referral, world.provider)
    visit = act(world.members["ap_lead"], visits.schedule_visit, answer, kind="taster", scheduled_on=START)
    with time_machine.travel(START, tick=False):
        recorded = act(
            world.members["provider_manager"],
            visits.record_visit_outcome,
            visit,
            went_ahead=True,
            risk_found="Knows a pupil in the group.",
            pupil_thought="Liked the bike workshop.",
        )
        assert (recorded.went_ahead, recorded.outcome_recorded_at is not None) == (True, True)
        events = len(history("referrals.VisitEvent", pgh_obj_id=visit.pk))
        act(
            world.members["ap_lead"],
            visits.record_visit_outcome,
            visit,
            went_ahead=True,
            risk_found="Knows a pupil in the group.",
            pupil_thought="Liked the bike workshop.",
        )
    assert len(history("referrals.VisitEvent", pgh_obj_id=visit.pk)) == events


def test_how_a_visit_went_is_not_recorded_before_its_day(world):
    answer = answer_of(sent(world), world.provider)
    visit = act(world.members["ap_lead"], visits.schedule_visit, answer, kind="taster", scheduled_on=START)

    for day in (datetime.date.today(), START - datetime.timedelta(days=1)):
        with time_machine.travel(day, tick=False), pytest.raises(ValidationError) as refused:
            act(world.members["provider_manager"], visits.record_visit_outcome, visit, went_ahead=True)
        assert refused.value.messages == [
            f"You can record how the taster session went from {START:%-d %B %Y}, the day it is arranged for"
        ]
    with unscoped("test"):
        visit.refresh_from_db()
    assert (visit.went_ahead, visit.outcome_recorded_at) == (None, None)

    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        recorded = act(
            world.members["provider_manager"], visits.record_visit_outcome, visit, went_ahead=False
        )
    assert recorded.went_ahead is False
    assert recorded.outcome_recorded_at.date() >= recorded.scheduled_on


@pytest.mark.parametrize("role", ["provider_staff", "school_staff", "la_officer", "dsl"])
def test_read_only_roles_arrange_no_visit(world, role):
    answer = answer_of(sent(world), world.provider)
    with pytest.raises(PermissionDenied):
        act(world.members[role], visits.schedule_visit, answer, kind="visit", scheduled_on=START)


def test_no_visit_once_the_provider_is_released(world):
    referral = accepted(world, world.other_provider)
    released = answer_of(referral, world.other_provider)
    with pytest.raises(PermissionDenied):
        act(world.members["ap_lead"], visits.schedule_visit, released, kind="visit", scheduled_on=START)
    with unscoped("test"):
        assert Visit.objects.count() == 0


def test_a_visit_is_seen_by_the_commissioners_and_its_provider_only(world):
    referral = sent(world, world.provider, world.other_provider)
    visit = act(
        world.members["ap_lead"],
        visits.schedule_visit,
        answer_of(referral, world.provider),
        kind="visit",
        scheduled_on=datetime.date.today(),
    )
    for role, sees in [("provider_manager", True), ("other_provider_manager", False), ("la_officer", True)]:
        membership = world.members[role]
        with acting_as(membership):
            assert Visit.objects.visible_to(membership).filter(pk=visit.pk).exists() is sees, role


def test_details_are_written_only_once_accepted_and_read_by_the_chosen_provider_when_shared(world):
    referral = sent(world)
    with pytest.raises(PermissionDenied):
        act(world.members["ap_lead"], details.save_details, referral, sections={"health": ("Asthma.", True)})
    referral = accepted(world)
    sections = {"health": ("Asthma.", True), "risk": ("Low.", False), "contacts": ("", False)}
    assert act(world.members["ap_lead"], details.save_details, referral, sections=sections) == [
        "health",
        "risk",
    ]
    assert act(world.members["ap_lead"], details.save_details, referral, sections=sections) == []

    def read(role):
        membership = world.members[role]
        with acting_as(membership):
            return set(details.details_of(referral, membership=membership))

    assert read("provider_manager") == {"health"}
    assert read("ap_lead") == read("dsl") == read("la_officer") == {"health", "risk"}
    assert read("school_staff") == read("la_viewer") == read("trust_leader") == set()
    assert read("other_provider_manager") == set()
    with pytest.raises(PermissionDenied):
        act(world.members["dsl"], details.save_details, referral, sections=sections)
    with unscoped("test"):
        assert ReferralDetail.objects.count() == 2
