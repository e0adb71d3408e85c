"""Making a placement plan: directly, for an arrangement brought onto the service, or from an accepted
referral, which fills in what it already says. Every value is checked, with a plain-English message
keyed by the field, and a refused plan writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from placements import services
from placements.models import Placement, PlacementStatus, PlacementStatusChange, Session
from providers.models import ProviderType
from pupils.identifiers import academic_year_start
from pupils.models import Pupil, SENStatus
from referrals.models import Recipient, Referral, ReferralStatus
from tests.factories import MembershipFactory, ProviderFactory
from tests.placements.factories import BlockPurchaseFactory
from tests.placements.plan_world import (
    NEXT_WEEK,
    SIX_SESSIONS,
    TODAY,
    act,
    lead,
    plan_values,
    planned,
    pupil_of,
    rows,
)
from tests.providers.factories import ProviderProfileFactory, SiteFactory
from tests.referrals import pages as referral_pages
from tests.referrals.factories import ReferralFactory

MONDAY = NEXT_WEEK - datetime.timedelta(days=NEXT_WEEK.weekday()) + datetime.timedelta(days=7)


def refused(world, pupil=None, **overrides) -> dict:
    pupil = pupil or pupil_of(world)
    with pytest.raises(ValidationError) as caught:
        planned(world, pupil, **overrides)
    assert rows(Placement) == []
    return caught.value.message_dict


def test_the_ap_lead_plans_a_placement_for_a_pupil_of_the_school(world):
    pupil = pupil_of(world)
    placement = planned(world, pupil)
    assert placement.status == PlacementStatus.PLANNED
    assert (placement.school_id, placement.local_authority_id, placement.commissioner_id) == (
        world.school.pk,
        world.la.pk,
        world.school.pk,
    )
    assert placement.attendance_code == "B"
    assert placement.created_by == world.user("ap_lead")
    # What the provider reads by default: the name, the year group on the start date and the sex.
    assert placement.provider_copy == {
        "name": "Amira Khan",
        "year_group": 10,
        "year_group_in": academic_year_start(placement.starts_on),
        "sex": "F",
    }
    [first] = rows(PlacementStatusChange, placement=placement)
    assert (first.from_status, first.to_status, first.changed_by) == ("", "planned", world.user("ap_lead"))
    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).known_to_local_authority_since is not None


@pytest.mark.parametrize(
    "role", ["dsl", "school_leader", "school_staff", "trust_leader", "la_officer", "provider_manager"]
)
def test_only_the_ap_lead_plans_a_placement(world, role):
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.plan_placement, pupil_of(world), **plan_values(world))
    assert rows(Placement) == []


def test_another_schools_pupil_is_not_found(world):
    with pytest.raises(Pupil.DoesNotExist):
        planned(world, pupil_of(world, school=world.sibling_school))


A_YEAR_AGO = TODAY.replace(year=TODAY.year - 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"planned_end_on": NEXT_WEEK - datetime.timedelta(days=1)},
            "planned_end_on",
            "The planned end date must be the same as or after the start date",
        ),
        (
            {"starts_on": A_YEAR_AGO - datetime.timedelta(days=1)},
            "starts_on",
            f"The start date must be the same as or after {A_YEAR_AGO.day} {A_YEAR_AGO:%B %Y}",
        ),
        ({"hours_per_week": Decimal("0.4")}, "hours_per_week", "Hours a week must be between 0.5 and 60"),
        ({"hours_per_week": Decimal("60.5")}, "hours_per_week", "Hours a week must be between 0.5 and 60"),
        ({"hours_per_week": None}, "hours_per_week", "Enter the hours a week at the provision"),
        (
            {"school_hours_per_week": Decimal("40.5")},
            "school_hours_per_week",
            "Hours a week at the school alongside must be between 0 and 40",
        ),
        (
            {"school_hours_per_week": Decimal("-1")},
            "school_hours_per_week",
            "Hours a week at the school alongside must be between 0 and 40",
        ),
        ({"sessions": []}, "sessions", "Choose the sessions the pupil is at the provision"),
        (
            {"hours_per_week": Decimal("36.5"), "school_hours_per_week": Decimal("0")},
            "hours_per_week",
            "36.5 hours is more than 6 hours for each of the 6 sessions ticked (36 hours in all): check the "
            "hours or the sessions",
        ),
        (
            {"hours_per_week": Decimal("7"), "sessions": ["mon_am"]},
            "hours_per_week",
            "7 hours is more than 6 hours for the 1 session ticked: check the hours or the sessions",
        ),
        ({"sessions": ["sat_am"]}, "sessions", "Choose sessions from the list"),
        ({"reason": "bored"}, "reason", "Choose the reason for the placement"),
        (
            {"reason": "off_site_direction"},
            "off_site_notice_on",
            "Enter the date written notice of the off-site direction was given",
        ),
        (
            {"attendance_code": "D"},
            "attendance_code",
            "D is for a pupil dual registered at another school: Demoshire PRU is not a school, PRU or AP "
            "academy",
        ),
        (
            {"attendance_code": "K"},
            "attendance_code",
            "K is for provision the local authority arranges: a school records B, or D for dual registration",
        ),
        ({"attendance_code": "X"}, "attendance_code", "Choose the attendance code the school records"),
        (
            {"cost": Decimal("95")},
            "cost_unit",
            "Choose whether the cost is per day, week or session",
        ),
        ({"cost_unit": "day"}, "cost", "Enter the cost, or leave what it is per blank"),
        ({"shared": ["address"]}, "shared", "Choose what the provider reads from the list"),
    ],
)
def test_a_plan_out_of_bounds_is_refused_in_plain_english(world, overrides, field, message):
    assert refused(world, **overrides)[field] == [message]


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": A_YEAR_AGO},
        {"hours_per_week": Decimal("0.5"), "school_hours_per_week": Decimal("40")},
        {"hours_per_week": Decimal("60"), "school_hours_per_week": Decimal("0"), "sessions": Session.values},
        {"hours_per_week": Decimal("36"), "school_hours_per_week": Decimal("0")},
        {"planned_end_on": NEXT_WEEK},
        {"cost": Decimal("95"), "cost_unit": "day", "funder": "high_needs"},
    ],
)
def test_a_plan_at_its_bounds_is_made(world, overrides):
    assert planned(world, **overrides).pk


def test_the_provider_must_be_a_provider_of_the_directory(world):
    for not_a_provider in (world.school, world.la, world.trust):
        assert refused(world, provider=not_a_provider)["provider"] == ["Choose a provider from the directory"]


def test_the_site_must_be_the_providers_and_open(world):
    theirs = SiteFactory(provider=world.other_provider)
    closed = SiteFactory(provider=world.provider, name="Old mill", closed_on=NEXT_WEEK)
    assert refused(world, site=theirs)["site"] == ["Choose a site of Demoshire PRU"]
    assert refused(world, site=closed)["site"] == [
        f"Old mill closed on {NEXT_WEEK.day} {NEXT_WEEK:%B %Y}: choose another site"
    ]
    ours = SiteFactory(provider=world.provider)
    assert planned(world, site=ours).site_id == ours.pk


def test_the_block_purchase_must_be_the_schools_from_the_provider(world):
    theirs = BlockPurchaseFactory(school=world.sibling_school, provider=world.provider)
    elsewhere = BlockPurchaseFactory(school=world.school, provider=world.other_provider)
    for foreign in (theirs, elsewhere):
        assert refused(world, block_purchase=foreign)["block_purchase"] == [
            "Choose a block purchase your school made from Demoshire PRU"
        ]
    ours = BlockPurchaseFactory(school=world.school, provider=world.provider)
    assert planned(world, block_purchase=ours).block_purchase_id == ours.pk


@pytest.mark.parametrize("kind", [ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.INDEPENDENT_SCHOOL])
def test_dual_registration_is_at_another_school(world, kind):
    school_like = ProviderFactory(name="Another school", local_authority=world.la)
    ProviderProfileFactory(provider=school_like, provider_type=kind)
    assert planned(world, provider=school_like, attendance_code="D").attendance_code == "D"


def test_an_off_site_direction_is_planned_with_its_notice_and_warned_when_it_is_short(world):
    # Notice on a Friday for a Monday start is one school day; on the Thursday before, two.
    friday, thursday = MONDAY - datetime.timedelta(days=3), MONDAY - datetime.timedelta(days=4)
    short = planned(world, reason="off_site_direction", starts_on=MONDAY, off_site_notice_on=friday)
    assert services.notice_is_short(short)
    enough = planned(world, reason="off_site_direction", starts_on=MONDAY, off_site_notice_on=thursday)
    assert not services.notice_is_short(enough)
    assert not services.notice_is_short(planned(world))


def test_what_the_provider_reads_is_what_the_school_ticks(world):
    pupil = pupil_of(world, upn="A123456789012", sen_status=SENStatus.EHC_PLAN, health_needs="Asthma.")
    every = ["name", "date_of_birth", "year_group", "sex", "upn", "sen_status"]
    next_september = datetime.date(TODAY.year + (TODAY.month >= 9), 9, 7)
    placement = planned(
        world, pupil, shared=list(reversed(every)), starts_on=next_september, planned_end_on=next_september
    )
    assert placement.shared == every  # kept in the list's order
    assert placement.provider_copy == {
        "name": "Amira Khan",
        "date_of_birth": pupil.date_of_birth.isoformat(),
        "year_group": pupil.year_group_on(next_september),  # on the start date, not today
        "year_group_in": next_september.year,  # the academic year it is the year group of
        "sex": "F",
        "upn": "A123456789012",
        "sen_status": "ehc_plan",
    }
    assert pupil.year_group_on(next_september) == pupil.year_group_on(TODAY) + 1
    assert planned(world, pupil, shared=[]).provider_copy == {}


# --- From an accepted referral ----------------------------------------------------------------------


def test_an_accepted_referral_becomes_a_plan_with_what_it_already_says(world):
    referral = referral_pages.accepted(world)
    placement = act(
        lead(world),
        services.plan_from_referral,
        referral,
        planned_end_on=referral_pages.START + datetime.timedelta(weeks=12),
        sessions=["mon_am", "tue_am", "wed_am"],
    )
    assert placement.referral_id == referral.pk
    assert placement.provider_id == world.provider.pk
    assert placement.starts_on == referral_pages.START
    assert placement.hours_per_week == Decimal("15")
    assert placement.reason == "at_risk"
    assert placement.parent_told_on == referral.parent_informed_on
    assert placement.status == PlacementStatus.PLANNED


@pytest.mark.parametrize(
    ("referral_reason", "placement_reason"),
    [
        ("excluded", "permanent_exclusion"),
        ("suspended", "suspension"),
        ("medical", "medical"),
        ("semh", "semh"),
        ("attendance", "attendance"),
        ("other", "other"),
    ],
)
def test_the_referrals_reason_becomes_the_censuss(world, referral_reason, placement_reason):
    offer = Recipient(provider=world.provider, offered_start=NEXT_WEEK, offered_hours=Decimal("12"))
    defaults = services.defaults_from_referral(Referral(reason=referral_reason), offer)
    assert defaults["reason"] == placement_reason


def test_an_off_site_directions_notice_comes_from_the_referral(world):
    notice = referral_pages.START - datetime.timedelta(days=7)
    referral = referral_pages.sent(
        world, reason="off_site_direction", parent_consents=False, parent_notice_on=notice
    )
    referral_pages.offered(world, referral)
    act(lead(world), referral_pages.services.accept_offer, referral_pages.answer_of(referral, world.provider))
    placement = act(
        lead(world),
        services.plan_from_referral,
        referral,
        planned_end_on=referral_pages.START + datetime.timedelta(weeks=6),
        sessions=SIX_SESSIONS,
    )
    assert (placement.reason, placement.off_site_notice_on) == ("off_site_direction", notice)


def test_a_referral_is_planned_once_and_only_with_its_chosen_provider(world):
    referral = referral_pages.accepted(world)
    values = {"planned_end_on": referral_pages.START, "sessions": SIX_SESSIONS}
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.plan_from_referral, referral, provider=world.other_provider, **values)
    assert caught.value.message_dict["provider"] == [
        "The placement is with Demoshire PRU, whose offer you accepted"
    ]
    act(lead(world), services.plan_from_referral, referral, **values)
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.plan_from_referral, referral, **values)
    assert caught.value.messages == ["A placement plan has already been made from this referral"]
    assert len(rows(Placement)) == 1


def test_a_referral_not_accepted_is_not_planned(world):
    referral = referral_pages.sent(world)
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.plan_from_referral, referral, sessions=["mon_am"])
    assert caught.value.messages == ["Only an accepted referral becomes a placement plan"]
    # An accepted referral whose offer was not recorded as chosen has nothing to plan from.
    accepted_alone = ReferralFactory(pupil=pupil_of(world), status=ReferralStatus.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.plan_from_referral, accepted_alone, sessions=["mon_am"])
    assert caught.value.messages == ["Only a referral with an accepted offer becomes a placement plan"]
    assert rows(Placement) == []


def test_only_the_referring_schools_ap_lead_plans_from_it(world):
    referral = referral_pages.accepted(world)
    for role in ("dsl", "school_leader", "la_officer"):
        with pytest.raises(PermissionDenied):
            act(world.members[role], services.plan_from_referral, referral, sessions=["mon_am"])
    elsewhere = MembershipFactory(organisation=world.sibling_school, role=Role.AP_LEAD)
    with pytest.raises(type(referral).DoesNotExist):
        act(elsewhere, services.plan_from_referral, referral, sessions=["mon_am"])
    assert rows(Placement) == []


def test_an_off_site_directions_notice_after_the_start_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        planned(
            world,
            reason="off_site_direction",
            starts_on=MONDAY,
            off_site_notice_on=MONDAY + datetime.timedelta(days=1),
        )
    assert refused.value.message_dict == {
        "off_site_notice_on": ["The date notice was given must be the same as or before the start date"]
    }
