""" "Is this placement still right?" wherever a placement is listed: the register (a school's, a trust's
and an LA's), with a filter by it, the pupil's page and a provider's Your pupils. It is asked after two
reviews held in a row each found an objective not on track: not after one, nor when a good review breaks
the run. Every page costs the same queries however many placements ask it."""

import datetime

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as
from placements.models import PlacementStatus
from placements.register_flags import Flag
from reviews import holding
from tests.placements.register_pages import TODAY, placed, register_rows, row_of, signed_in
from tests.placements.test_register_costs import REGISTER
from tests.providers.pages import queries_for
from tests.reviews.factories import held_review

DAY = datetime.timedelta(days=1)
STILL_RIGHT = "Is this placement still right?"
COMMISSIONERS = ("ap_lead", "trust_leader", "la_officer")


def reviewed(world, *not_on_track: bool, **fields):
    """A placement whose reviews were held six weeks apart, the last a week ago, each finding an objective
    not on track (True) or not."""
    placement = placed(world, starts_on=TODAY - 200 * DAY, **fields)
    for number, bad in enumerate(not_on_track, start=1):
        held_on = TODAY - DAY * (7 + 42 * (len(not_on_track) - number))
        held_review(placement, number, held_on, not_on_track=bad)
    return placement


RUNS = [
    ((), False),
    ((True,), False),
    ((True, True), True),
    ((True, False), False),
    ((False, True), False),
    ((True, True, False), False),
    ((False, True, True), True),
    ((True, False, True), False),
]


@pytest.mark.parametrize(("runs", "asked"), RUNS, ids=[f"{r}" for r, _ in RUNS])
def test_the_register_asks_after_two_reviews_in_a_row_not_on_track(world, runs, asked):
    placement = reviewed(world, *runs)
    for role in COMMISSIONERS:
        assert (Flag.STILL_RIGHT in row_of(signed_in(world, role), placement).flags) is asked, role
    # The placement's page asks it by the same rule.
    lead = world.members["ap_lead"]
    with acting_as(lead):
        assert (placement.pk in holding.still_right_flags([placement.pk], membership=lead)) is asked


def test_the_register_filters_by_it_and_names_it_in_words_and_in_the_download(world):
    asked = reviewed(world, True, True)
    reviewed(world, True)
    reviewed(world, False, True)
    other_school = reviewed(world, True, True, school=world.sibling_school)
    client = signed_in(world, "ap_lead")
    assert {row.placement_id for row in register_rows(client, "?flag=still_right")} == {asked.pk}
    assert asked.pk in {row.placement_id for row in register_rows(client, "?flag=any")}
    la = signed_in(world, "la_officer")
    assert {row.placement_id for row in register_rows(la, "?flag=still_right")} == {asked.pk, other_school.pk}
    page = client.get("/register/").content.decode()
    assert f">{STILL_RIGHT}</strong>" in page
    assert page.count(f">{STILL_RIGHT}</strong>") == 1
    export = client.get(reverse("register:export", args=["csv"]))
    assert STILL_RIGHT in b"".join(export.streaming_content).decode()


def test_an_ended_placement_is_not_asked(world):
    ended = reviewed(world, True, True, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Moved.")
    assert row_of(signed_in(world, "ap_lead"), ended, "?status=ended").flags == []
    assert register_rows(signed_in(world, "ap_lead"), "?flag=still_right&status=all") == []


def test_the_pupils_page_asks_it_of_the_current_placements_only(world):
    asked = reviewed(world, True, True)
    pupil = asked.pupil
    reviewed(world, True, False, pupil=pupil)
    reviewed(
        world, True, True, pupil=pupil, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Moved."
    )
    for role in ("ap_lead", "la_officer"):
        page = signed_in(world, role).get(reverse("pupils:detail", args=[pupil.pk])).content.decode()
        assert page.count(STILL_RIGHT) == 1, role
        link = reverse("placements:detail", args=[asked.pk])
        asked_row = page[page.index(f'href="{link}"') :].split("</tr>")[0]
        assert STILL_RIGHT in asked_row, role


def test_the_provider_reads_it_among_its_pupils_and_another_provider_never(world):
    asked = reviewed(world, True, True)
    reviewed(world, True, False)
    page = signed_in(world, "provider_manager").get(reverse("placement_provider:pupils"))
    pupils = {pupil.placement_id: pupil.still_right for pupil in page.context["page"].object_list}
    assert sorted(pupils.values()) == [False, True]
    assert pupils[asked.pk] is True
    assert page.content.decode().count(STILL_RIGHT) == 1
    theirs = signed_in(world, "other_provider_manager").get(reverse("placement_provider:pupils"))
    assert STILL_RIGHT not in theirs.content.decode()


# --- Costs ----------------------------------------------------------------------------------------------


def many(world, count: int, **fields) -> list:
    return [reviewed(world, True, True, **fields) for _ in range(count)]


@pytest.mark.parametrize("url", ["/register/", "/register/?flag=still_right"])
def test_the_register_costs_the_same_however_many_are_asked(world, url):
    client = signed_in(world, "ap_lead")
    many(world, 3)
    with_3 = queries_for(client, url)
    many(world, 30)
    assert queries_for(client, url) == with_3
    assert len(register_rows(client, "?flag=still_right")) == 25  # a page of them
    if "flag" not in url:
        assert with_3 == REGISTER


def test_the_pupils_page_and_the_providers_list_cost_the_same_however_many_are_asked(world):
    pupil = reviewed(world, True, True).pupil
    pupil_url = reverse("pupils:detail", args=[pupil.pk])
    lead, provider = signed_in(world, "ap_lead"), signed_in(world, "provider_manager")
    costs = (queries_for(lead, pupil_url), queries_for(provider, reverse("placement_provider:pupils")))
    many(world, 6, pupil=pupil)
    assert (
        queries_for(lead, pupil_url),
        queries_for(provider, reverse("placement_provider:pupils")),
    ) == costs
    assert costs[1] == 3
