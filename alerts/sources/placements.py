"""Part-time timetables near or past their time limit, and pupils taught less than a full-time week with
no part-time plan (DOMAIN.md 4 and 6): to the school's AP leads. The rules are the placements app's: its
window for a time limit "ending soon" (`placements.waiting`), and the pupil's week (`placements.checks`),
added up here over every school at once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import F, Max, Q, Sum

from alerts.kinds import AlertKind
from alerts.sources import Due, long_date, path_pattern
from placements.checks import PupilWeek, running_on
from placements.entitlement import DEFAULT_RULES, RULE_FIELDS, Rules
from placements.models import PartTimePlan, Placement, PlacementRules, PlacementStatus
from placements.waiting import ENDING_WITHIN_DAYS
from placements.week import week_of
from pupils.identifiers import year_group

DAY = datetime.timedelta(days=1)


def _plans_of_active_placements():
    return PartTimePlan.objects.filter(placement__status=PlacementStatus.ACTIVE).values_list(
        "pk", "placement_id", "placement__school_id", "placement__provider__name", "ends_by"
    )


def part_time_end_near(today: datetime.date) -> list[Due]:
    """An active placement's part-time plan whose time limit falls within the window a home page counts
    as ending soon (`ENDING_WITHIN_DAYS`), today included: due on the time limit."""
    soon = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    part_time = path_pattern("placements:part_time")
    return [
        Due(
            school,
            f"part_time:{pk}",
            ends_by,
            part_time(placement_id),
            f"A part-time timetable at {provider} reaches its time limit on {long_date(ends_by)}. Plan the "
            "return to full time, or review and extend the plan with the parent or carer.",
        )
        for pk, placement_id, school, provider, ends_by in _plans_of_active_placements().filter(
            ends_by__range=(today, soon)
        )
    ]


def part_time_end_passed(today: datetime.date) -> list[Due]:
    """An active placement's part-time plan whose time limit has passed (`placements.checks.
    part_time_warnings`): due on the time limit, and listed until the plan is extended (a new time
    limit, so a new alert once that passes) or the placement ends."""
    part_time = path_pattern("placements:part_time")
    return [
        Due(
            school,
            f"part_time:{pk}",
            ends_by,
            part_time(placement_id),
            f"A part-time timetable at {provider} passed its time limit of {long_date(ends_by)}. Return "
            "the pupil to full time, or review and extend the plan with the parent or carer and tell the LA.",
        )
        for pk, placement_id, school, provider, ends_by in _plans_of_active_placements().filter(
            ends_by__lt=today
        )
    ]


def _rules_by_authority() -> dict[int, Rules]:
    """Every LA's own numbers (`placements.checks.rules_by_authority`, over every LA): one query."""
    return {
        row["local_authority_id"]: Rules(**{name: row[name] for name in RULE_FIELDS})
        for row in PlacementRules.objects.values("local_authority_id", *RULE_FIELDS)
    }


def _longest_full_time(rules: dict[int, Rules]) -> Decimal:
    return max(
        getattr(each, name)
        for each in (DEFAULT_RULES, *rules.values())
        for name in ("hours_reception_to_ks1", "hours_ks2", "hours_ks3_and_year_10", "hours_year_11")
    )


def short_weeks(today: datetime.date) -> list[tuple[int, int, PupilWeek, datetime.date]]:
    """(pupil, school, week, since) for each pupil whose week today is short of full time with no part-time
    plan in its time limit, across every school: `placements.checks.weeks_for` for every pupil with a
    current placement, added up in one query (and one for the LAs' numbers). Only the pupils whose week
    is short of the longest full-time week any LA sets, and with no plan in its time limit, come back
    from the database, so the rows read stay few however many placements there are.

    `since` is the day the week became what it is: the latest start among the placements making it up,
    or the day after the latest time limit among their plans passed, whichever is later. It stays the
    same from day to day while the week does."""
    rules = _rules_by_authority()
    rows = (
        Placement.objects.filter(running_on(today))
        .values(
            "pupil_id",
            "school_id",
            "pupil__date_of_birth",
            "pupil__year_group_override",
            "pupil__local_authority_id",
        )
        .annotate(
            hours=Sum("hours_per_week"),
            school_hours=Max("school_hours_per_week"),
            time_limit=Max("part_time_plan__ends_by"),
            latest_start=Max("starts_on"),
        )
        .filter(Q(time_limit__isnull=True) | Q(time_limit__lt=today))
        .alias(week=F("hours") + F("school_hours"))
        .filter(week__lt=_longest_full_time(rules))
        .order_by()
        .values_list(
            "pupil_id",
            "school_id",
            "pupil__date_of_birth",
            "pupil__year_group_override",
            "pupil__local_authority_id",
            "hours",
            "school_hours",
            "time_limit",
            "latest_start",
        )
    )
    found = []
    for pupil_id, school_id, born_on, override, la_id, hours, school_hours, time_limit, latest_start in rows:
        group = override if override is not None else year_group(born_on, today)
        week = week_of(hours, school_hours, year_group=group, rules=rules.get(la_id, DEFAULT_RULES))
        pupil_week = PupilWeek(week.hours, week.full_time, time_limit, today)
        if pupil_week.short_without_plan:
            since = max(latest_start, time_limit + DAY) if time_limit is not None else latest_start
            found.append((pupil_id, school_id, pupil_week, since))
    return found


def below_full_time(today: datetime.date) -> list[Due]:
    """A pupil taught less than a full-time week, at school and in every placement, with no part-time
    plan in its time limit (`short_weeks`): due the day the week became so. Listed until the hours reach
    full time or a time-limited plan is made."""
    pupil = path_pattern("pupils:detail")
    return [
        Due(
            school_id,
            f"week:{pupil_id}",
            since,
            pupil(pupil_id),
            f"Since {long_date(since)} a pupil in alternative provision has been taught less than a "
            "full-time week, with no part-time plan in its time limit.",
        )
        for pupil_id, school_id, _week, since in short_weeks(today)
    ]


SOURCES = {
    AlertKind.PART_TIME_END_NEAR: part_time_end_near,
    AlertKind.PART_TIME_END_PASSED: part_time_end_passed,
    AlertKind.BELOW_FULL_TIME: below_full_time,
}
