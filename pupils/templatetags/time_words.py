"""`{% load time_words %}`: a moment as GOV.UK writes one, the same on every page of pupils, imports and
referrals: "1 December 2026 at 5:34pm", "at 5pm", "at midday", "at midnight" (the GOV.UK style guide's
times; never the 24-hour clock beside the 12-hour one)."""

import datetime

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


@register.filter
def date_and_time(moment: datetime.datetime | None) -> str:
    """ "1 December 2026 at 5:34pm", in the service's time zone; "" for none."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.day} {local:%B %Y} at {time_of_day(local)}"
