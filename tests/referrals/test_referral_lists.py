"""The referral lists cost the same few queries at 10 referrals as at 200, for each kind of organisation,
and the home pages say what waits for the organisation without a query of their own: the counts are kept
in the cache and the referral services bump them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from referrals import services
from referrals.waiting import waiting_count
from tests.providers.pages import queries_for
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import RecipientFactory, ReferralFactory
from tests.referrals.pages import accepted, act, answer_of, offered, sent, signed_in

# A signed-in page makes no query of its own (apcommission/tenancy/standing.py). The list: the count,
# the page of rows, and the access event naming the pupils shown.
LIST = 3


def referrals(world, count: int) -> None:
    for _ in range(count):
        referral = ReferralFactory(
            pupil=PupilFactory(school=world.school), status="sent", sent_at=timezone.now(), shared_name="A B."
        )
        RecipientFactory(referral=referral, provider=world.provider)


@pytest.mark.parametrize("role", ["ap_lead", "la_officer", "trust_leader", "provider_manager"])
def test_the_list_costs_the_same_at_10_and_at_200_referrals(world, role):
    client = signed_in(world, role)
    referrals(world, 10)
    with_10 = queries_for(client, reverse("referrals:list"))
    referrals(world, 190)
    with_200 = queries_for(client, reverse("referrals:list"))
    assert (with_10, with_200) == (LIST, LIST)
    assert len(client.get(reverse("referrals:list")).context["page"].object_list) == 25


def count_for(world, role: str) -> int:
    membership = world.members[role]
    with acting_as(membership):
        return waiting_count(membership=membership)


def test_the_counts_follow_each_answer_and_decision(world):
    assert (count_for(world, "provider_manager"), count_for(world, "ap_lead")) == (0, 0)
    first = sent(world)
    assert (count_for(world, "provider_manager"), count_for(world, "ap_lead")) == (1, 0)
    second = sent(world, world.provider, world.other_provider)
    assert count_for(world, "provider_manager") == 2
    assert count_for(world, "other_provider_manager") == 1

    offered(world, first)
    assert (count_for(world, "provider_manager"), count_for(world, "ap_lead")) == (1, 1)
    offered(world, second, world.other_provider, manager="other_provider_manager")
    assert count_for(world, "ap_lead") == 2

    act(world.members["ap_lead"], services.accept_offer, answer_of(first, world.provider))
    assert (count_for(world, "provider_manager"), count_for(world, "ap_lead")) == (1, 1)
    act(world.members["ap_lead"], services.end_referral, second, to="withdrawn", reason="Moved away.")
    assert count_for(world, "provider_manager") == 0
    assert count_for(world, "other_provider_manager") == 0
    assert count_for(world, "ap_lead") == 0


def test_the_home_pages_say_what_waits_and_cost_no_query(world):
    sent(world)
    accepted(world)
    third = sent(world)
    offered(world, third)
    provider = signed_in(world, "provider_manager")
    assert "1 referral waits for your reply" in provider.get(reverse("home")).content.decode()
    school = signed_in(world, "ap_lead")
    assert "1 referral has offers to decide" in school.get(reverse("home")).content.decode()
    assert queries_for(school, reverse("home")) == 0
    assert queries_for(provider, reverse("home")) == 1  # the open actions its QA visits left it


@pytest.mark.parametrize("role", ["ap_lead", "la_officer"])
def test_a_pupils_page_lists_that_pupils_referrals_alone_in_one_query_however_many(world, role):
    pupil = PupilFactory(school=world.school, known_to_local_authority_since=timezone.now())
    mine = ReferralFactory(pupil=pupil, reason="medical", status="sent", sent_at=timezone.now())
    ReferralFactory(pupil=PupilFactory(school=world.school), reason="excluded")
    client = signed_in(world, role)
    url = reverse("pupils:detail", args=[pupil.pk])
    text = client.get(url).content.decode()
    assert reverse("referrals:detail", args=[mine.pk]) in text
    assert "Medical needs" in text
    assert "Permanently excluded" not in text
    with_1 = queries_for(client, url)
    for _ in range(20):
        RecipientFactory(referral=ReferralFactory(pupil=pupil), provider=world.provider)
    assert queries_for(client, url) == with_1
    assert client.get(url).content.decode().count(reverse("referrals:detail", args=[mine.pk])) == 1


def test_a_pupil_with_no_referral_says_so(world):
    pupil = PupilFactory(school=world.school, preferred_forename="")
    text = signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[pupil.pk])).content.decode()
    assert "has no referrals yet" in text
