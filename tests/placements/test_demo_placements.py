"""The demo's placements: planned, active, part-time (with a plan) and ended at every demo school (and one
cancelled at Northvale), an unregistered provider one pupil short of the registration threshold, a pupil
short of full time with no plan, an accepted referral left for the AP lead to plan from; the register and
a provider's pupils show them, and loading again changes nothing. `seed_demo --placements N` adds N at LA
scale, once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from apcommission.accounts.models import User
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from placements.checks import threshold_counts
from placements.models import Objective, PartTimePlan, Placement
from placements.register_flags import Flag
from placements.waiting import waiting
from referrals.models import Referral, ReferralStatus
from tests.bound_client import BoundClient

DEMO_SCHOOLS = ("Demoshire Academy", "Riverside High School", "Northvale Secondary School")


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO(), stderr=io.StringIO())


def signed_in(email: str, organisation: str) -> BoundClient:
    with unscoped("test"):
        membership = Membership.objects.get(user__email=email, organisation__name=organisation)
    client = BoundClient()
    client.force_login(membership.user)
    client.post("/organisation/switch/", {"membership": membership.pk})
    return client


@pytest.fixture
def demo(db):
    seed()


def test_every_demo_school_has_planned_active_part_time_and_ended_placements(demo):
    with unscoped("test"):
        for school in DEMO_SCHOOLS:
            placements = Placement.objects.filter(school__name=school)
            assert {"planned", "active", "ended"} <= set(placements.values_list("status", flat=True)), school
            assert PartTimePlan.objects.filter(placement__school__name=school).exists(), school
            for placement in placements:
                assert Objective.objects.filter(placement=placement).exists()


def test_an_unregistered_provider_is_one_pupil_short_of_the_threshold_across_two_schools(demo):
    with unscoped("test"):
        greenfield = Organisation.objects.get(name="Greenfield Farm Project")
        counts = threshold_counts()[greenfield.pk]
        schools = set(
            Placement.objects.filter(provider=greenfield, hours_per_week__gt=18).values_list(
                "school__name", flat=True
            )
        )
    assert (counts.full_time, counts.protected, counts.near, counts.at) == (4, 0, True, False)
    assert schools == {"Demoshire Academy", "Riverside High School"}


def test_the_academys_register_shows_a_pupil_short_of_full_time_with_no_plan(demo):
    client = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    rows = client.get("/register/?flag=short").context["page"].object_list
    assert [(row.forename, row.surname) for row in rows] == [("Owen", "Reid")]
    assert Flag.PART_TIME_NO_PLAN in rows[0].flags
    unregistered = client.get("/register/?flag=unregistered").context["page"].object_list
    at_greenfield = {row.surname for row in unregistered if row.provider_name == "Greenfield Farm Project"}
    assert at_greenfield == {"Cole", "Grant"}


def test_an_accepted_referral_is_left_for_the_ap_lead_to_plan_from(demo):
    with unscoped("test"):
        accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED)
        assert accepted.exists()
        assert not Placement.objects.filter(referral__in=accepted).exists()


def test_the_home_pages_say_what_needs_doing(demo):
    lead = User.objects.get(email="ap.lead@academy.demoshire.example")
    with unscoped("test"):
        academy = Membership.objects.get(user=lead, organisation__name="Demoshire Academy")
        officer = Membership.objects.get(user__email="la.officer@demoshire.example")
    for membership in (academy, officer):
        with acting_as(membership):
            counts = waiting(membership=membership, today=timezone.localdate())
        assert counts.no_baseline == 1
        assert counts.part_time_ending == 1
    text = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy").get("/").content.decode()
    assert "1 placement has no baseline" in text
    assert "1 part-time timetable ends within 2 weeks" in text


def test_the_pages_show_the_demo_to_those_who_would_read_it(demo):
    academy = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    assert academy.get("/register/").context["page"].paginator.count == 6  # the ended one is not current
    trust = signed_in("trust.leader@trust.demoshire.example", "Demoshire Learning Trust")
    assert trust.get("/register/").context["page"].paginator.count == 9
    officer = signed_in("la.officer@demoshire.example", "Demoshire Council")
    # Kai Moss's placement ended before the school used the service (apcommission/demo/outcomes.py).
    assert officer.get("/register/?status=all").context["page"].paginator.count == 12
    northvale = signed_in("la.officer@northvale.example", "Northvale Council")
    assert northvale.get("/register/?status=all").context["page"].paginator.count == 5
    [cancelled] = northvale.get("/register/?status=cancelled").context["page"].object_list
    assert (cancelled.pupil_name, cancelled.ended_on) == ("Ella Shaw", None)
    provider = signed_in("manager@pru.demoshire.example", "Demoshire Pupil Referral Unit")
    text = provider.get("/your-pupils/").content.decode()
    assert "Jordan Pike" in text
    assert "Sam Ortiz" in text


def test_loading_again_changes_nothing(demo):
    with unscoped("test"):
        before = list(Placement.objects.order_by("pk").values())
    seed()
    with unscoped("test"):
        assert list(Placement.objects.order_by("pk").values()) == before


def test_generated_placements_are_added_once_at_la_scale(demo):
    with unscoped("test"):
        demo_placements = Placement.objects.count()
    for _ in range(2):
        seed("--placements", "40")
        with unscoped("test"):
            assert Placement.objects.count() == demo_placements + 40
            generated = Placement.objects.exclude(pupil__upn__in=[]).filter(school__urn__startswith="997")
            assert generated.exists()
    officer = signed_in("la.officer@demoshire.example", "Demoshire Council")
    assert officer.get("/register/").context["page"].paginator.count >= 40
