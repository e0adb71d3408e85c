"""The demo has a referral in each state the referral pages show, made by the services, and each one's
page opens for the people who would read it."""

import io

from django.core.management import call_command
from django.urls import reverse

from apcommission.accounts.models import User
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from referrals.models import Recipient, Referral, ReferralDetail, ReferralStatus, Visit
from tests.bound_client import BoundClient

STATES = set(ReferralStatus.values)


def test_the_demo_has_referrals_in_every_state_and_their_pages_open(db):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with unscoped("test"):
        referrals = list(Referral.objects.all())
        assert {r.status for r in referrals} == STATES
        answers = set(Recipient.objects.values_list("response", flat=True))
        assert {"awaiting", "can_offer", "visit_first", "cannot_offer", "chosen", "not_needed"} <= answers
        assert Visit.objects.filter(went_ahead=True).exists()
        assert ReferralDetail.objects.filter(shared=False).exists()
        lead = User.objects.get(email="ap.lead@academy.demoshire.example")
        manager = User.objects.get(email="manager@pru.demoshire.example")
        academy = Membership.objects.get(user=lead, organisation__name="Demoshire Academy")
        counts = Referral.objects.count()
        asked_the_pru = set(
            Recipient.objects.filter(provider__name="Demoshire Pupil Referral Unit").values_list(
                "referral_id", flat=True
            )
        )

    school = BoundClient()
    school.force_login(lead)
    school.post(reverse("switch_organisation"), {"membership": academy.pk})
    provider = BoundClient()
    provider.force_login(manager)
    for referral in referrals:
        url = reverse("referrals:detail", args=[referral.pk])
        if referral.school.name == "Demoshire Academy":
            assert school.get(url).status_code == 200
        if referral.pk in asked_the_pru:
            assert provider.get(url).status_code == 200
    assert "wait" in provider.get(reverse("home")).content.decode()

    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with unscoped("test"):
        assert Referral.objects.count() == counts


def test_generated_referrals_are_added_once(db):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with unscoped("test"):
        demo = Referral.objects.count()
        offers = Recipient.objects.filter(response="can_offer").count()
    for _ in range(2):
        call_command("seed_demo", "--referrals", "4", stdout=io.StringIO(), stderr=io.StringIO())
        with unscoped("test"):
            assert Referral.objects.count() == demo + 4
            assert Recipient.objects.filter(response="can_offer").count() == offers + 2
