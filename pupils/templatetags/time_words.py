"""`{% load time_words %}`: a moment as GOV.UK writes one, the same on every page of pupils, imports,
referrals and safeguarding concerns: "1 December 2026 at 5:34pm", "at 5pm", "at midday", "at midnight"
(the GOV.UK style guide's times; never the 24-hour clock beside the 12-hour one, never seconds).

- `|date_and_time`: a moment with its date;
- `|time_of_day`: a time alone, or the times inside a time someone wrote in words (a concern's "Time"),
  the rest as written."""

import datetime
import re

from django import template
from django.utils import timezone

register = template.Library()


def time_of_day(moment: datetime.datetime | datetime.time) -> str:
    """ "5:34pm", "5pm", "midday", "midnight"."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'pm' if moment.hour >= 12 else 'am'}"


# A time as people type one: "13:58", "1.58 PM", "10 a.m.", "00:05:30" (seconds are dropped).
WRITTEN_TIME = re.compile(
    r"(?<![\w.:])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::\d{2})?)?"
    r"(?:\s?(?P<half>[ap])(?:\.m\.|m\b))?(?![\w:]|\.\d)",
    re.IGNORECASE,
)


def _reworded(match: re.Match) -> str:
    written, hour, minute = match[0], int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").lower()
    if minute > 59:
        return written
    if half:
        if not 1 <= hour <= 12:
            return written
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match["minute"] is None or hour > 23:
        return written  # a number, not a time
    elif hour < 12 and not match["hour"].startswith("0"):
        return written  # "10:30" alone may be either clock, so it stays as the person wrote it
    return time_of_day(datetime.time(hour, minute))


def times_in_words(text: str) -> str:
    """Each time in `text` that can only mean one time, written the GOV.UK way ("13:58" and "1.58 PM" as
    "1:58pm", "00:05" as "12:05am", "12:00" as "midday"), and every other word as written ("about
    10:30", "at lunchtime")."""
    return WRITTEN_TIME.sub(_reworded, text)


@register.filter(name="time_of_day")
def time_of_day_words(value: datetime.datetime | datetime.time | str | None) -> str:
    """A moment's time of day in the service's time zone, a time, or the times in a time written in
    words (`times_in_words`); "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return times_in_words(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return time_of_day(value)


@register.filter
def date_and_time(moment: datetime.datetime | None) -> str:
    """ "1 December 2026 at 5:34pm", in the service's time zone; "" for none."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.day} {local:%B %Y} at {time_of_day(local)}"
