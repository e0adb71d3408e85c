"""The home page's "N referrals have offers to decide" links to a list of exactly those (with the panel
too); an accepted referral's offers count the one accepted; and a referral ended is said to be ended,
withdrawn or closed, never "decided after 0 days"."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from referrals import services
from referrals.models import Referral, ReferralStatus
from tests.referrals.pages import accepted, act, answer_of, offered, pupil_of, sent, signed_in

TODAY = timezone.localdate()


def test_the_home_pages_count_links_to_exactly_the_referrals_with_offers_to_decide(world):
    with_offer = sent(world, pupil=pupil_of(world, legal_surname="Offered"))
    offered(world, with_offer)
    at_panel = sent(world, pupil=pupil_of(world, legal_surname="Panelled"))
    offered(world, at_panel)
    with unscoped("test"):
        Referral.objects.filter(pk=at_panel.pk).update(status=ReferralStatus.AT_PANEL)
    sent(world, pupil=pupil_of(world, legal_surname="Waiting"))  # no offer yet
    decided = accepted(world)  # its offer accepted: nothing to decide
    assert decided.status == ReferralStatus.ACCEPTED
    school = signed_in(world, "ap_lead")

    home = school.get(reverse("home")).content.decode()
    assert f'href="{reverse("referrals:list")}?show=offers">2 referrals have offers to decide</a>' in home
    listed = school.get(reverse("referrals:list") + "?show=offers")

    assert sorted(row.pupil.legal_surname for row in listed.context["page"].object_list) == [
        "Offered",
        "Panelled",
    ]
    assert "Show every referral" in listed.content.decode()
    assert len(school.get(reverse("referrals:list")).context["page"].object_list) == 4


def test_no_offers_to_decide_says_so(world):
    sent(world)
    response = signed_in(world, "ap_lead").get(reverse("referrals:list") + "?show=offers")
    assert "No referral has an offer waiting for your decision." in response.content.decode()


def test_an_accepted_referral_counts_the_offer_it_accepted(world):
    referral = accepted(world, world.other_provider)
    school = signed_in(world, "ap_lead")

    (row,) = school.get(reverse("referrals:list")).context["page"].object_list
    (listed,) = school.get(reverse("pupils:detail", args=[referral.pupil_id])).context["referrals"]

    assert (row.asked, row.offers) == (2, 1)
    assert (listed.asked, listed.offers) == (2, 1)


def test_a_withdrawn_referral_is_said_to_be_withdrawn_not_decided(world):
    referral = sent(world)
    act(
        world.members["ap_lead"], services.end_referral, referral, to=ReferralStatus.WITHDRAWN, reason="Moved"
    )
    school = signed_in(world, "ap_lead")

    text = school.get(reverse("referrals:detail", args=[referral.pk])).content.decode()

    assert f"Sent {TODAY:%-d %B %Y}: withdrawn the same day." in text
    assert "decided after" not in text


def test_an_accepted_referral_says_how_long_it_took(world):
    referral = sent(world)
    with time_machine.travel(TODAY + datetime.timedelta(days=3), tick=False):
        offered(world, referral)
        act(world.members["ap_lead"], services.accept_offer, answer_of(referral, world.provider))
        text = (
            signed_in(world, "ap_lead").get(reverse("referrals:detail", args=[referral.pk])).content.decode()
        )

    assert f"Sent {TODAY:%-d %B %Y}: accepted after 3 days." in text
