"""Safeguarding times read as GOV.UK writes them, everywhere they are shown: "1:58pm" (12-hour, no leading
zero, lower-case am or pm, no dot, no seconds), "midday" and "midnight": when a concern was raised, on the
DSL's and the provider's lists and on the concern's page, and the time the provider gave for what was seen
or heard, where it can only mean one time. One filter (`time_words`) does it; no safeguarding template
formats a time of its own."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from pupils.templatetags.time_words import time_of_day_words
from tests.placements.plan_world import signed_in
from tests.safeguarding.world import raised

# 1:58pm on 3 November 2026 in London (GMT, so 13:58 UTC too).
AFTERNOON = datetime.datetime(2026, 11, 3, 13, 58, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (datetime.time(13, 58), "1:58pm"),
        (datetime.time(0, 5), "12:05am"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(9, 0), "9am"),
        (AFTERNOON, "1:58pm"),  # no seconds
        (datetime.datetime(2026, 7, 1, 12, 58, tzinfo=datetime.UTC), "1:58pm"),  # in London's summer time
        (None, ""),
        ("", ""),
    ],
)
def test_a_time_reads_the_gov_uk_way(value, words):
    assert time_of_day_words(value) == words


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("13:58", "1:58pm"),
        ("13.58", "1:58pm"),
        ("13:58:30", "1:58pm"),
        ("1:58 PM", "1:58pm"),
        ("1.58p.m.", "1:58pm"),
        ("00:05", "12:05am"),
        ("09:30", "9:30am"),
        ("12:00", "midday"),
        ("00:00", "midnight"),
        ("12am", "midnight"),
        ("12 P.M.", "midday"),
        ("10 a.m.", "10am"),
        ("10:00am", "10am"),
        ("about 13:58, at lunch", "about 1:58pm, at lunch"),
        ("between 14:00 and 14:30", "between 2pm and 2:30pm"),
        ("after 3pm.", "after 3pm."),
        # What can mean more than one time, or is not a time, stays as the provider wrote it.
        ("about 10:30", "about 10:30"),
        ("2.30", "2.30"),
        ("at lunchtime", "at lunchtime"),
        ("period 3, about 25 minutes in", "period 3, about 25 minutes in"),
        ("13:75", "13:75"),
        ("25:00", "25:00"),
        ("13pm", "13pm"),
    ],
)
def test_a_time_the_provider_wrote_reads_the_gov_uk_way_where_it_means_one_time(written, words):
    assert time_of_day_words(written) == words


def test_the_concern_and_the_lists_say_when_it_was_raised_and_the_time_given_the_gov_uk_way(world):
    with time_machine.travel(AFTERNOON, tick=False):
        concern = raised(world, happened_on=AFTERNOON.date(), happened_time="13:05")
    detail, listed = (reverse("safeguarding:detail", args=[concern.pk]), reverse("safeguarding:list"))
    pages = {
        (role, url): signed_in(world, role).get(url).content.decode()
        for role in ("dsl", "provider_staff")
        for url in (detail, listed)
    }

    for role in ("dsl", "provider_staff"):
        assert "on 3 November 2026 at 1:58pm" in pages[role, detail]
        assert "3 November 2026, 1:05pm" in pages[role, detail]  # when it was seen or heard
        assert "3 November 2026 at 1:58pm" in pages[role, listed]
    for page in pages.values():
        assert not re.search(r"\b1[0-9]:[0-5][0-9]\b|\b[AP]M\b|[ap]\.m\.", page)


def test_no_safeguarding_or_alert_template_formats_a_time_of_its_own():
    """Times go through `time_words` so every one reads alike: a `|date` or `|time` format with an hour,
    minute, second or am/pm in it is the way they drifted apart before."""
    time_format = re.compile(r"\|(?:date|time):\s*['\"][^'\"]*[aAfgGhHiPsu][^'\"]*['\"]")
    found = [
        path.relative_to(settings.BASE_DIR).as_posix()
        for app in ("safeguarding", "alerts")
        for path in sorted((Path(settings.BASE_DIR) / app / "templates").rglob("*"))
        if path.is_file() and time_format.search(path.read_text())
    ]
    assert found == []
