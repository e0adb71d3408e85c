"""The home pages say what needs doing about placements, from counts kept in the cache: a school's of its
own placements, an LA's of its area's. Every save of a placement, an objective or a part-time plan renews
them, and a home page with its counts in the cache makes no query."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as
from placements import waiting
from tests.placements.factories import ObjectiveFactory, PartTimePlanFactory
from tests.placements.register_pages import TODAY, placed, signed_in
from tests.providers.pages import queries_for

DAY = datetime.timedelta(days=1)


def counts(world, role: str) -> waiting.Waiting:
    membership = world.members[role]
    with acting_as(membership):
        return waiting.waiting(membership=membership, today=TODAY)


def home(world, role: str) -> str:
    return signed_in(world, role).get(reverse("home")).content.decode()


def test_a_school_and_its_la_are_told_what_needs_doing(world):
    placed(world, baseline=False)
    placed(world, hours="15", plan_ends_by=TODAY + 3 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY + 14 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY + 15 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY - DAY)
    placed(world, school=world.sibling_school, baseline=False)
    text = home(world, "ap_lead")
    assert "1 placement has no baseline" in text
    assert "2 part-time timetables end within 2 weeks" in text
    assert "1 part-time timetable is past its time limit" in text
    assert counts(world, "la_officer") == waiting.Waiting(
        no_baseline=2, part_time_ending=2, part_time_overdue=1
    )
    assert "2 placements have no baseline" in home(world, "la_viewer")
    assert counts(world, "other_la_officer") == waiting.Waiting()


def test_with_nothing_to_do_the_home_page_says_so(world):
    placed(world)
    assert "No placement is waiting for a baseline" in home(world, "school_staff")


def test_an_ended_placement_needs_nothing_doing(world):
    placed(world, baseline=False, status="ended", ended_on=TODAY, end_reason="Moved away.")
    assert counts(world, "ap_lead") == waiting.Waiting()


def test_each_save_renews_the_counts_of_the_school_and_its_la(world):
    assert counts(world, "ap_lead") == counts(world, "la_officer") == waiting.Waiting()
    placement = placed(world, baseline=False)
    assert counts(world, "ap_lead").no_baseline == counts(world, "la_officer").no_baseline == 1
    ObjectiveFactory(placement=placement)  # an objective with a baseline
    assert counts(world, "ap_lead").no_baseline == counts(world, "la_officer").no_baseline == 0
    PartTimePlanFactory(placement=placement, ends_by=TODAY + DAY)
    assert counts(world, "ap_lead").part_time_ending == 1
    placement.status = "ended"
    placement.ended_on, placement.end_reason = TODAY, "Back at school full time."
    placement.save()
    assert counts(world, "ap_lead") == counts(world, "la_officer") == waiting.Waiting()


def test_another_areas_saves_leave_the_counts_in_the_cache(world):
    counts(world, "ap_lead")
    placed(world, school=world.other_school, provider=world.other_provider, baseline=False)
    membership = world.members["ap_lead"]
    with acting_as(membership), pytest.MonkeyPatch.context() as patch:
        patch.setattr(waiting, "_count", lambda *args: pytest.fail("counted again"))
        waiting.waiting(membership=membership, today=TODAY)


def test_tomorrows_counts_are_counted_afresh(world):
    placed(world, hours="15", plan_ends_by=TODAY + 14 * DAY)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        assert waiting.waiting(membership=membership, today=TODAY).part_time_ending == 1
        assert waiting.waiting(membership=membership, today=TODAY - 2 * DAY).part_time_ending == 0


@pytest.mark.parametrize("role", ["ap_lead", "school_staff", "la_officer", "trust_leader", "provider_staff"])
def test_a_home_page_with_its_counts_kept_makes_no_query_of_its_own(world, role):
    placed(world, baseline=False)
    expected = 1 if role == "provider_staff" else 0  # a provider's open QA actions (providers' panel)
    assert queries_for(signed_in(world, role), reverse("home")) == expected


def test_a_trust_and_a_provider_are_pointed_to_their_lists(world):
    assert 'href="/register/"' in home(world, "trust_leader")
    assert 'href="/your-pupils/"' in home(world, "provider_manager")


@pytest.mark.parametrize("role", ["ap_lead", "la_officer"])
def test_each_count_links_to_the_register_showing_exactly_those_placements(world, role):
    placed(world, baseline=False)
    placed(world, hours="15", plan_ends_by=TODAY)
    placed(world, hours="15", plan_ends_by=TODAY + 14 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY + 15 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY - DAY)
    placed(world, school=world.sibling_school, hours="15", plan_ends_by=TODAY + 3 * DAY)
    placed(world, status="planned", hours="15", plan_ends_by=TODAY + 7 * DAY, starts_on=TODAY + 7 * DAY)
    placed(
        world,
        status="ended",
        hours="15",
        plan_ends_by=TODAY + 3 * DAY,
        ended_on=TODAY,
        end_reason="Back at school full time.",
    )
    client = signed_in(world, role)
    links = re.findall(r'<a class="govuk-link" href="([^"]+)">(\d+) ([^<]+)</a>', home(world, role))
    assert len(links) == 3
    for href, count, words in links:
        page = client.get(html.unescape(href)).context["page"]
        assert page.paginator.count == int(count), words
    ending = next(href for href, _count, words in links if "within 2 weeks" in words)
    assert ending == "/register/?flag=part_time_ending"
