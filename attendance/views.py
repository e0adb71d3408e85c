"""Attendance pages. Thin: `attendance.rules` says whose page it is, `attendance.selectors` what it
shows, `attendance.services` records marks, `attendance.files` reads a file. Every page that shows
pupils writes an access event.

- /attendance/ (a provider): the weekly grid of its placements, one select per timetabled session.
- /attendance/upload/ (a provider): a CSV or Excel file of marks, and the template for a week.
- /attendance/school/ (a school, trust or LA): same-day absences, providers that have not sent the last
  school day's marks, and attendance per provider.
- /attendance/area/ (an LA): attendance per provider and per school across its area.
"""

import datetime
import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.documents.exports import Column, csv_response, xlsx_response
from apcommission.documents.upload_handlers import refused_upload
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import submitted
from attendance import files, rules, selectors, services
from attendance.codes import GRID_WORDS, SHORT_CODE_OF
from attendance.days import academic_year_start, monday_of, previous_school_day
from attendance.forms import TemplateForm, UploadForm
from attendance.models import MarkKind, Source

MEGABYTE = 1024 * 1024
_CELL = re.compile(r"^m-(\d{1,9})-(\d{4}-\d{2}-\d{2})-(am|pm)$")
MAX_CELLS = 5000  # a page of 50 placements has 500


def _week(value: str | None, today: datetime.date) -> datetime.date:
    """The Monday of the week asked for (?week=YYYY-MM-DD, any day of it), never after this week."""
    this_week = monday_of(today)
    try:
        asked = monday_of(datetime.date.fromisoformat(value or ""))
    except ValueError:
        return this_week
    return min(asked, this_week)


def _saved(outcome: services.Outcome) -> str:
    if not outcome.written:
        return "Nothing changed: every mark was already recorded."
    parts = []
    if outcome.created:
        parts.append(f"{outcome.created} new mark{'s' if outcome.created != 1 else ''} recorded")
    if outcome.changed:
        parts.append(f"{outcome.changed} mark{'s' if outcome.changed != 1 else ''} changed")
    return "Attendance saved: " + " and ".join(parts) + "."


# --- The provider's week ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_record_marks)
def grid(request):
    membership = request.membership
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    monday = _week(source.get("week"), today)
    week = selectors.provider_week(monday, source.get("page"), membership=membership, today=today)
    cell_errors, summary = {}, []
    if request.method == "POST":
        rows, cells = _posted_rows(request.POST, week)
        try:
            outcome = services.record_marks(rows, by=membership, source=Source.GRID, today=today)
        except services.MarksRefused as refused:
            for problem in refused.shown:
                name, words = cells[problem.row]
                cell_errors.setdefault(name, []).append(problem.message)
                summary.append((name, f"{words}: {problem.message}"))
            if refused.more:
                summary.append(("", f"and {refused.more} more problems"))
        else:
            messages.success(request, _saved(outcome))
            query = f"?week={monday.isoformat()}" + (
                f"&page={week.page.number}" if week.page.number > 1 else ""
            )
            return redirect(reverse("attendance:grid") + query)
    rows = week.page.object_list
    for cell in week.open_cells:
        if request.method == "POST":
            cell.chosen = request.POST.get(cell.name, "") or cell.mark
        cell.errors = cell_errors.get(cell.name, [])
    if rows:
        record_access(request=request, action="attendance.grid", pupil_ids=[row.pupil_id for row in rows])
    since = academic_year_start(today)
    return render(
        request,
        "attendance/grid.html",
        {
            "week": week,
            "today": today,
            "previous_week": monday - datetime.timedelta(weeks=1),
            "next_week": monday + datetime.timedelta(weeks=1) if monday < monday_of(today) else None,
            "this_week": monday_of(today),
            "choices": list(GRID_WORDS.items()),
            "key": [(GRID_WORDS[kind], kind.label) for kind in MarkKind],
            "cell_errors": cell_errors,
            "summary": summary,
            "since": since,
            "unmarked_total": selectors.unmarked_since(since, membership=membership, today=today),
        },
    )


def _posted_rows(post, week: selectors.Week) -> tuple[list[services.MarkRow], dict[int, tuple[str, str]]]:
    """The marks posted: every `m-<placement>-<date>-<half>` field with a mark (the service judges each,
    including a placement that is not the provider's), and, when "Mark all ... present" was pressed, present
    for every open cell of the page with no mark recorded or chosen. Row numbers map back to the cells."""
    names = {row.placement_id: row.name for row in week.page.object_list}
    rows, cells = [], {}

    def add(name, placement_id, on, half, mark):
        number = len(rows) + 1
        rows.append(services.MarkRow(number, placement_id, on, half, mark))
        who = names.get(placement_id, f"Placement {placement_id}")
        cells[number] = (name, f"{who}, {on:%A} {on:%-d %B} {'morning' if half == 'am' else 'afternoon'}")

    for name in list(post.keys())[:MAX_CELLS]:
        match = _CELL.match(name)
        if not match or not (value := post.get(name, "")):
            continue
        try:
            on = datetime.date.fromisoformat(match[2])
        except ValueError:
            continue
        add(name, int(match[1]), on, match[3], value)
    if "fill" in post:
        for cell in week.open_cells:
            if not cell.mark and not post.get(cell.name):
                placement_id = int(_CELL.match(cell.name)[1])
                add(cell.name, placement_id, cell.on, cell.half, MarkKind.PRESENT)
    return rows, cells


# --- Files ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_record_marks)
def upload(request):
    membership = request.membership
    today = timezone.localdate()
    form = UploadForm(
        submitted(request),
        request.FILES or None,
        refused=refused_upload(request, "file"),
        max_megabytes=round(files.max_bytes() / MEGABYTE, 1),
        max_rows=files.max_rows(),
    )
    problems, names = [], {}
    if request.method == "POST" and form.is_valid():
        try:
            parsed = files.read_file(form.cleaned_data["file"])
        except files.FileRefused as refused:
            form.add_error("file", refused.messages[0])
        else:
            problems, placements = services.check_marks(parsed.rows, by=membership, today=today)
            problems = sorted(parsed.problems + problems, key=lambda problem: problem.row)
            names = parsed.names
            if placements:
                record_access(
                    request=request,
                    action="attendance.upload",
                    pupil_ids=[placement.pupil_id for placement in placements.values()],
                )
            if not problems:
                try:
                    outcome = services.record_marks(
                        parsed.rows, by=membership, source=Source.FILE, today=today
                    )
                except services.MarksRefused as refused:  # a placement ended meanwhile
                    problems = refused.problems
                else:
                    messages.success(request, _saved(outcome))
                    return redirect("attendance:upload")
    shown = problems[: services.MAX_PROBLEMS]
    return render(
        request,
        "attendance/upload.html",
        {
            "form": form,
            "title": "Send attendance in a file",
            "problems": shown,
            "more_problems": len(problems) - len(shown),
            "row_count": len(problems),
            "names": names,
            "template_form": TemplateForm(today=today),
            "short_codes": _short_codes(),
        },
    )


def _short_codes() -> list[tuple[str, str]]:
    return [(SHORT_CODE_OF[kind.value], kind.label) for kind in MarkKind]


@require_GET
@rule_required(rules.can_record_marks)
def template_file(request):
    membership = request.membership
    today = timezone.localdate()
    form = TemplateForm(
        {
            "week": request.GET.get("week") or monday_of(today).isoformat(),
            "file_format": request.GET.get("file_format") or "xlsx",
        },
        today=today,
    )
    if not form.is_valid():
        raise Http404
    monday = form.monday
    rows = selectors.template_rows(monday, membership=membership, today=today)
    record_access(request=request, action="attendance.template", pupil_ids=[row["pupil_id"] for row in rows])
    columns = [
        Column("Placement reference", lambda row: row["placement"], width=20),
        Column("Pupil", lambda row: row["pupil"], width=30),
        Column("Date", lambda row: row["on"], width=12),
        Column("Session", lambda row: row["session"], width=10),
        Column("Mark", lambda row: row["mark"], width=40),
        Column("Comment", lambda row: "", width=40),
    ]
    filename = f"attendance-week-beginning-{monday:%Y-%m-%d}"
    if form.cleaned_data["file_format"] == "csv":
        return csv_response(filename=filename, columns=columns, rows=rows)
    return xlsx_response(filename=filename, sheet_title="Attendance", columns=columns, rows=rows)


# --- Schools, trusts and LAs ------------------------------------------------------------------------


@require_GET
@rule_required(rules.can_view_school_attendance)
def school(request):
    membership = request.membership
    today = timezone.localdate()
    last_day = previous_school_day(today)
    days = [today, last_day]
    absences = selectors.same_day_absences(days, membership=membership)
    if absences:
        record_access(request=request, action="attendance.school", pupil_ids=[a.pupil_id for a in absences])
    since = academic_year_start(today)
    return render(
        request,
        "attendance/school.html",
        {
            "today": today,
            "last_day": last_day,
            "absences": absences,
            "not_marked": selectors.providers_not_marked(last_day, membership=membership),
            "summary": selectors.summary(since, membership=membership, today=today),
            "summary_caption": f"Attendance since {since:%-d %B %Y}, by provider",
            "many_schools": rules.sees_many_schools(membership),
            "unauthorised_limit": selectors.UNAUTHORISED_SESSIONS_TO_REPORT,
            "illness_limit": selectors.ILLNESS_SESSIONS_TO_REPORT,
        },
    )


@require_GET
@rule_required(rules.can_view_area_attendance)
def area(request):
    membership = request.membership
    today = timezone.localdate()
    return render(
        request,
        "attendance/area.html",
        {
            "today": today,
            "summary": selectors.summary(academic_year_start(today), membership=membership, today=today),
            "unauthorised_limit": selectors.UNAUTHORISED_SESSIONS_TO_REPORT,
            "illness_limit": selectors.ILLNESS_SESSIONS_TO_REPORT,
        },
    )
