"""What the pupil's page (built by the pupils app) shows of the pupil's week: `{% pupil_week_panel pupil %}`,
"Education each week": the hours at school and at each current placement, their total against the
full-time week for the pupil's year group, and whether the pupil is short of it with no time-limited
plan. Read through the acting membership's view, for commissioners only."""

from django import template
from django.utils import timezone

from placements import area_rules, checks
from placements.models import Placement, PlacementStatus

register = template.Library()


@register.inclusion_tag("placements/_pupil_week.html", takes_context=True)
def pupil_week_panel(context, pupil):
    """Three queries: the current placements, the week as `placements.checks.weeks_for` counts it, and
    the LA's numbers; with none running today, a fourth for the next planned one."""
    membership = context.get("membership")
    if not area_rules.sees_placement_checks(membership):
        return {"shown": False}
    today = timezone.localdate()
    placements = list(
        Placement.objects.visible_to(membership)
        .filter(checks.running_on(today), pupil_id=pupil.pk)
        .select_related("provider", "part_time_plan")
        .order_by("starts_on", "pk")
    )
    week = checks.weeks_for([pupil.pk], membership=membership, on=today).get(pupil.pk)
    year = pupil.year_group_on(today)
    upcoming = None
    if not placements:
        upcoming = (
            Placement.objects.visible_to(membership)
            .filter(pupil_id=pupil.pk, status=PlacementStatus.PLANNED, starts_on__gt=today)
            .select_related("provider")
            .order_by("starts_on", "pk")
            .first()
        )
    return {
        "shown": True,
        "pupil": pupil,
        "today": today,
        "placements": [(placement, getattr(placement, "part_time_plan", None)) for placement in placements],
        "school_hours": max((p.school_hours_per_week for p in placements), default=None),
        "week": week,
        "upcoming": upcoming,
        "year": "Reception" if year == 0 else f"Year {year}",
    }
