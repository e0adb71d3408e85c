"""A pupil's week over full time says so plainly, as a week short of it does, on the pupil's page and on the
placement's: "27 hours a week: more than a full-time week of 25 hours". Full time is the pupil's
full-time week for their year group as their LA sets it, never the registration test's 18 hours."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.week import Week
from tests.placements.factories import PlacementFactory, PlacementRulesFactory
from tests.placements.test_area_pages import born_into
from tests.providers.pages import signed_in
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db
OVER = "27 hours a week: more than a full-time week of 25 hours"


@pytest.mark.parametrize(
    ("hours", "full_time", "words"),
    [
        ("27", "25", OVER),
        ("24.5", "23.5", "24.5 hours a week: more than a full-time week of 23.5 hours"),
        ("25", "25", ""),  # a full-time week, no more
        ("19", "25", ""),  # over the registration test's 18 hours, and still short of full time
    ],
)
def test_a_week_over_full_time_says_so(hours, full_time, words):
    week = Week(hours=Decimal(hours), full_time=Decimal(full_time))

    assert week.over_words == words
    assert week.is_over == bool(words)


def year_11_pupil(world, *, hours: str, school_hours: str):
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(11))
    placement = PlacementFactory(
        pupil=pupil,
        provider=world.provider,
        hours_per_week=Decimal(hours),
        school_hours_per_week=Decimal(school_hours),
    )
    return pupil, placement


def words_of(response) -> str:
    assert response.status_code == 200
    # Unescaped: a generated surname such as O'Brien is written &#x27; in the page.
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_pupils_page_says_a_week_is_over_full_time(world):
    pupil, _placement = year_11_pupil(world, hours="20", school_hours="7")

    page = words_of(signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[pupil.pk])))

    assert f"Full time {pupil.name} is taught {OVER}." in page


def test_the_placements_page_says_the_pupils_week_is_over_full_time(world):
    _pupil, placement = year_11_pupil(world, hours="20", school_hours="7")

    page = words_of(signed_in(world, "ap_lead").get(reverse("placements:detail", args=[placement.pk])))

    assert f"The pupil's week {OVER}, counting the school and every current placement" in page


def test_a_week_of_exactly_full_time_is_not_called_more(world):
    pupil, placement = year_11_pupil(world, hours="18", school_hours="7")

    pupil_page = words_of(signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[pupil.pk])))
    placement_page = words_of(
        signed_in(world, "ap_lead").get(reverse("placements:detail", args=[placement.pk]))
    )

    assert f"Full time {pupil.name} is taught a full-time week." in pupil_page
    assert "25 of the 25 hours of a full-time week, counting the school" in placement_page
    assert "more than a full-time week" not in pupil_page + placement_page


def test_over_is_judged_by_the_las_own_full_time_week(world):
    PlacementRulesFactory(local_authority=world.la, hours_year_11=Decimal("28"))
    pupil, placement = year_11_pupil(world, hours="20", school_hours="7")

    pupil_page = words_of(signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[pupil.pk])))
    placement_page = words_of(
        signed_in(world, "ap_lead").get(reverse("placements:detail", args=[placement.pk]))
    )

    assert "more than a full-time week" not in pupil_page + placement_page
    assert "27 of the 28 hours of a full-time week: 1 short" in placement_page
    assert "1 hour a week short of full time" in pupil_page
