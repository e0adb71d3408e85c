"""Access-matrix rows for the report pages (under /reports/).

Reports are used by those who print them: a school's AP lead, DSL and leader and a trust's leaders
print evidence packs; an LA's officers (not its viewers) print area reports. Everyone else is
refused (403): school staff, LA viewers, providers. A printed report is its organisation's own: another
school, the school's trust and its LA get 404 for a pack the school printed; the school's staff 403.
An area report is its LA's, opened by its officers; a trust report (all its schools) its leaders'.
A placement's report is printed by whoever reads its whole plan (its school's people, its trust and
its LA); its provider is refused. Making a report is a Celery task run after the request commits,
which the matrix never reaches.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from placements.models import PlacementStatus
from reports.models import ReportState
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.access.rows_placements import READ, placement
from tests.dates import date_input
from tests.reports.factories import ReportFactory

PRINTERS = {"ap_lead": OK, "dsl": OK, "school_leader": OK, "other_school_leader": OK, "trust_leader": OK}
USERS = {**PRINTERS, "la_officer": OK, "other_la_officer": OK}


def a_pack(world):
    world.report = ReportFactory(school=world.school, requested_as=world.members["school_leader"])


def a_ready_pack(world):
    a_pack(world)
    world.report.file.save("report.pdf", ContentFile(b"%PDF-1.7 a pack"), save=False)
    world.report.state = ReportState.READY
    world.report.pupil_ids = []
    world.report.finished_at = world.report.expires_at = timezone.now()
    world.report.save()


def the_pack_asked(world, role) -> dict:
    member = world.members.get(role)  # the signed-out, the operator and no_mfa are refused before the form
    school = world.school if member is None or member.organisation.kind != "school" else member.organisation
    today = timezone.localdate()
    return {
        "school": school.pk,
        **date_input("period_start", today.replace(day=1)),
        **date_input("period_end", today),
        "naming": "initials",
    }


def a_period(world, role) -> dict:
    today = timezone.localdate()
    return {**date_input("period_start", today.replace(day=1)), **date_input("period_end", today)}


def an_area_report(world):
    world.report = ReportFactory(
        school=None, organisation=world.la, kind="area", requested_as=world.members["la_officer"]
    )


the_report = pk("report")
the_placement = pk("placement")
# A placement's report: whoever reads the whole plan (its school, trust and LA); its provider 403.
COMMISSIONERS_READ = {**READ, "provider_manager": FORBIDDEN, "provider_staff": FORBIDDEN}
LA_OFFICERS = {"la_officer": OK, "other_la_officer": OK}
THE_SCHOOL_OPENS = {"ap_lead": OK, "dsl": OK, "school_leader": OK, "la_officer": NOT_FOUND}
OTHERS_NEVER_SEE = {
    "other_school_leader": NOT_FOUND,
    "trust_leader": NOT_FOUND,
    "other_la_officer": NOT_FOUND,
}

ROWS = [
    page("reports:index", members=FORBIDDEN, **USERS),
    wrong_method("reports:index", "POST"),
    page("reports:evidence_pack", members=FORBIDDEN, **PRINTERS),
    page(
        "reports:evidence_pack",
        "POST",
        members=FORBIDDEN,
        **dict.fromkeys(PRINTERS, to("reports:report")),
        data=the_pack_asked,
    ),
    wrong_method("reports:evidence_pack", "PUT"),
    page("reports:area_report", members=FORBIDDEN, **LA_OFFICERS),
    page(
        "reports:area_report",
        "POST",
        members=FORBIDDEN,
        **dict.fromkeys(LA_OFFICERS, to("reports:report")),
        data=a_period,
    ),
    wrong_method("reports:area_report", "PUT"),
    page("reports:trust_report", members=FORBIDDEN, trust_leader=OK),
    page("reports:trust_report", "POST", members=FORBIDDEN, trust_leader=to("reports:report"), data=a_period),
    wrong_method("reports:trust_report", "PUT"),
    page(
        "reports:placement",
        setup=placement(),
        kwargs=the_placement,
        members=NOT_FOUND,
        **COMMISSIONERS_READ,
        other_provider_manager=FORBIDDEN,
    ),
    page(
        "reports:placement",
        note="ended",
        setup=placement(PlacementStatus.ENDED),
        kwargs=the_placement,
        members=NOT_FOUND,
        **COMMISSIONERS_READ,
        other_provider_manager=FORBIDDEN,
    ),
    wrong_method("reports:placement", "POST", setup=placement(), kwargs=the_placement),
    page(
        "reports:report",
        note="an area report",
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,
        **dict.fromkeys(PRINTERS, NOT_FOUND),
        setup=an_area_report,
        kwargs=the_report,
    ),
    page(
        "reports:report",
        members=FORBIDDEN,
        **THE_SCHOOL_OPENS,
        **OTHERS_NEVER_SEE,
        setup=a_pack,
        kwargs=the_report,
    ),
    wrong_method("reports:report", "POST", setup=a_pack, kwargs=the_report),
    page(
        "reports:download",
        members=FORBIDDEN,
        **THE_SCHOOL_OPENS,
        **OTHERS_NEVER_SEE,
        setup=a_ready_pack,
        kwargs=the_report,
    ),
    wrong_method("reports:download", "POST", setup=a_ready_pack, kwargs=the_report),
]
