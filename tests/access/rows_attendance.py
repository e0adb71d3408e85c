"""Access-matrix rows for attendance. A provider's manager and staff mark attendance for its own
placements (the grid, a file, the template); a post naming another provider's placement is refused as
unknown with nothing written (the page is shown again, 200). Schools (every role), the trust and the LA
read the school page; only the LA's officers and viewers the area's; providers are refused those (403),
and commissioners the provider's pages."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access.matrix import FORBIDDEN, OK, page, to, wrong_method
from tests.attendance.factories import MarkFactory, last_school_day
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
DAY = last_school_day(TODAY)
ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def a_placement(world):
    """The world's school's pupil at the world's provider since three weeks ago, every session, with an
    unauthorised absence marked on the last school day (the school page's same-day absence)."""
    world.placement = PlacementFactory(
        pupil=PupilFactory(school=world.school, known_to_local_authority_since=timezone.now()),
        provider=world.provider,
        starts_on=DAY - datetime.timedelta(days=21),
        sessions=ALL_WEEK,
    )
    MarkFactory(placement=world.placement, on=DAY, session="pm", mark="unauthorised")


def a_mark(world, role) -> dict:
    return {"week": DAY.isoformat(), f"m-{world.placement.pk}-{DAY.isoformat()}-am": "present"}


def a_file(world, role) -> dict:
    csv = f"Placement reference,Pupil,Date,Session,Mark\r\n{world.placement.pk},,{DAY:%d/%m/%Y},AM,P\r\n"
    return {"file": SimpleUploadedFile("marks.csv", csv.encode())}


PROVIDERS = {"members": FORBIDDEN, "provider": OK}
SAVED = {"provider_manager": to("attendance:grid"), "provider_staff": to("attendance:grid")}
RECORDED = {"provider_manager": to("attendance:upload"), "provider_staff": to("attendance:upload")}
COMMISSIONERS = {"members": OK, "provider": FORBIDDEN}
LA = {"members": FORBIDDEN, "la": OK}

ROWS = [
    page("attendance:grid", **PROVIDERS),
    page("attendance:grid", note="with a placement", setup=a_placement, **PROVIDERS),
    # Another provider's manager is refused the mark as an unknown placement: the grid again, nothing saved.
    page("attendance:grid", "POST", note="a mark", setup=a_placement, data=a_mark, **PROVIDERS, **SAVED),
    wrong_method("attendance:grid", "PUT"),
    page("attendance:upload", **PROVIDERS),
    page("attendance:upload", "POST", note="a file", setup=a_placement, data=a_file, **PROVIDERS, **RECORDED),
    wrong_method("attendance:upload", "PUT"),
    page("attendance:template", note="this week's, as a workbook", setup=a_placement, **PROVIDERS),
    wrong_method("attendance:template", "POST"),
    page("attendance:school", **COMMISSIONERS),
    page("attendance:school", note="with a same-day absence", setup=a_placement, **COMMISSIONERS),
    wrong_method("attendance:school", "POST"),
    page("attendance:area", setup=a_placement, **LA),
    wrong_method("attendance:area", "POST"),
]
