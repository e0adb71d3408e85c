"""Small things the pages say the same way everywhere: times as GOV.UK writes them, a UPN kept on one
line in the list, and no placeholder left where the home page now shows what waits."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pupils.templatetags.time_words import date_and_time, time_of_day
from tests.providers.pages import signed_in
from tests.pupils.factories import CTFUploadFactory, PupilFactory
from tests.referrals.pages import sent


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (17, 34, "5:34pm"),
        (17, 0, "5pm"),
        (9, 5, "9:05am"),
        (12, 0, "midday"),
        (12, 30, "12:30pm"),
        (0, 0, "midnight"),
        (0, 15, "12:15am"),
    ],
)
def test_a_time_is_written_the_gov_uk_way(hour, minute, words):
    assert time_of_day(datetime.time(hour, minute)) == words


def test_a_moment_is_written_in_the_services_time_zone():
    summer = datetime.datetime(2026, 7, 1, 16, 34, tzinfo=datetime.UTC)  # 5:34pm in London
    assert date_and_time(summer) == "1 July 2026 at 5:34pm"
    assert date_and_time(None) == ""


MOMENT = datetime.datetime(2026, 7, 1, 16, 34, tzinfo=datetime.UTC)


def test_the_import_pages_and_the_timeline_say_times_alike(world):
    with time_machine.travel(MOMENT, tick=False):
        CTFUploadFactory(school=world.school, uploaded_at=timezone.now())
        referral = sent(world)
        upload_page = signed_in(world, "ap_lead").get(reverse("pupil_import:upload")).content.decode()
        timeline = signed_in(world, "ap_lead").get(reverse("referrals:detail", args=[referral.pk]))

    assert "uploaded 1 July 2026 at 5:34pm" in upload_page
    assert "1 July 2026 at 5:34pm" in timeline.content.decode()
    assert "16:34" not in timeline.content.decode()


def test_a_upn_stays_on_one_line_in_the_list(world):
    pupil = PupilFactory(school=world.school)
    page = signed_in(world, "ap_lead").get(reverse("pupils:list")).content.decode()
    assert f'<td class="govuk-table__cell app-nowrap">{pupil.upn}' in page


def test_the_school_home_page_has_no_placeholder_where_the_referrals_now_show(world):
    page = signed_in(world, "ap_lead").get(reverse("home")).content.decode()
    assert "will appear here" not in page
    assert "No referral has an offer waiting for your decision." in page
