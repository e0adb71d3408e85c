"""What the placement's page (built by the placements app) shows of attendance:
`{% placement_attendance_panel placement %}`, "Attendance during the placement": sessions possible and
attended against the pupil's baseline, the counts the school reports to the LA (flagged when reached),
the sessions not marked yet and the latest marks with the code the school records for each."""

from django import template
from django.utils import timezone

from attendance import selectors
from attendance.codes import school_code
from attendance.counting import ILLNESS_SESSIONS_TO_REPORT, UNAUTHORISED_SESSIONS_TO_REPORT
from placements.models import PlacementStatus

register = template.Library()


@register.inclusion_tag("attendance/_placement.html", takes_context=True)
def placement_attendance_panel(context, placement):
    """Four queries (selectors.placement_attendance), however many marks. Nothing for a placement that
    never started."""
    membership = context.get("membership")
    if membership is None or placement.status in (PlacementStatus.PLANNED, PlacementStatus.CANCELLED):
        return {"shown": False}
    attendance = selectors.placement_attendance(placement, membership=membership, today=timezone.localdate())
    return {
        "shown": True,
        "placement": placement,
        "attendance": attendance,
        "recent": [
            (mark, school_code(mark.mark, placement, part_time=attendance.part_time))
            for mark in attendance.recent
        ],
        "unauthorised_limit": UNAUTHORISED_SESSIONS_TO_REPORT,
        "illness_limit": ILLNESS_SESSIONS_TO_REPORT,
    }
