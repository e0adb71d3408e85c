"""The API under /api/v1/, for providers' and schools' own systems. Thin: the scoped managers decide what
exists for the key (what it cannot see is 404, never 403), the services the pages call record and check,
and every reply that shows a pupil writes an access event.

- GET placements/ and placements/<id>/: a provider's placements (with what the school shared of the pupil,
  never the record) or a school's (with the pupil from its record); the timetable and objectives.
- GET attendance/: marks, a page at a time, by date range and placement.
- POST attendance/ (providers): a batch of marks, checked whole, written all or nothing.
- POST progress/ (providers): a batch of progress values against objectives, the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from apcommission.audit.services import record_access
from apcommission.tenancy.rules import is_school
from api import batches, rules
from api import serializers as s
from attendance import codes
from attendance.models import Mark, Source
from attendance.services import MarksRefused, check_marks, record_marks
from placements.models import Objective, PartTimePlan, Placement, PlacementStatus
from placements.sharing import year_group_now
from progress.services import MOST_ROWS, Outcome, RowsRefused, record_progress_many
from pupils.models import Pupil


class Pages(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class MarkPages(Pages):
    page_size = 500
    max_page_size = 2000


def _query(serializer_class, request):
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _refused(problems: list, more: int, *, what: str) -> Response:
    return Response(
        {
            "detail": f"Nothing was recorded ({what}): correct the rows below and send the batch again.",
            "errors": [{"row": problem.row, "message": _sentence(problem.message)} for problem in problems],
            "more": more,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


def _sentence(message: str) -> str:
    """A row's problem as a sentence of its own (the upload's words follow "Row N: ")."""
    return message[:1].upper() + message[1:]


def _items(request, field: str, most: int) -> list:
    if not isinstance(request.data, dict) or not isinstance(request.data.get(field), list):
        raise ParseError(f'Send a JSON object with a list "{field}".')
    items = request.data[field]
    if not items:
        raise ParseError(f'Send at least one in "{field}".')
    if len(items) > most:
        raise ParseError(
            f'Send at most {most:,} in "{field}" at once: split them over more than one request.'
        )
    return items


def nowhere(request, rest: str):
    return JsonResponse(
        {"detail": "There is nothing at this address: the API documentation is at /api/docs/."}, status=404
    )


# --- Placements ------------------------------------------------------------------------------------

PLACEMENT_COLUMNS = (
    "pk", "pupil_id", "status", "school_id", "school__name", "provider_id", "provider__name", "site__name",
    "starts_on", "planned_end_on", "ended_on", "hours_per_week", "sessions", "provider_copy",
)  # fmt: skip
STATUSES = {
    "current": PlacementStatus.current_values(),
    "all": tuple(PlacementStatus.values),
    **{value: (value,) for value in PlacementStatus.values},
}


def _placements(request):
    return Placement.objects.visible_to(request.membership).order_by("starts_on", "pk")


OBJECTIVE_COLUMNS = (
    "pk", "placement_id", "area", "description", "measure", "unit", "baseline_value", "baseline_on",
    "target_value", "target_on",
)  # fmt: skip


def _objectives(placement_ids, membership) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for objective in (
        Objective.objects.visible_to(membership)
        .filter(placement_id__in=placement_ids)
        .order_by("pk")
        .values(*OBJECTIVE_COLUMNS)
    ):
        placement_id = objective.pop("placement_id")
        objective["id"] = objective.pop("pk")
        found.setdefault(placement_id, []).append(objective)
    return found


def _pupils(rows, membership, today) -> dict[int, dict]:
    """Each row's pupil, by placement: for a school (and only a school) from its record; for a provider
    from the copy the school shared, with no read of any pupil's record."""
    if not is_school(membership):
        return {row["pk"]: _shared(row["provider_copy"], today) for row in rows}
    records = Pupil.objects.visible_to(membership).in_bulk({row["pupil_id"] for row in rows})
    return {
        row["pk"]: _from_record(records[row["pupil_id"]], today) if row["pupil_id"] in records else {}
        for row in rows
    }


def _from_record(pupil: Pupil, today) -> dict:
    return {
        "id": pupil.pk,
        "upn": pupil.upn,
        "name": pupil.name,
        "date_of_birth": pupil.date_of_birth,
        "year_group": pupil.year_group_on(today),
    }


def _shared(copy: dict, today) -> dict:
    pupil = {key: copy[key] for key in s.SHARED_KEYS if key in copy}
    if "year_group" in pupil:
        pupil["year_group"] = year_group_now(copy, today)
    return pupil


def _placement_replies(rows: list[dict], request) -> list[dict]:
    today = timezone.localdate()
    pupils = _pupils(rows, request.membership, today)
    objectives = _objectives([row["pk"] for row in rows], request.membership)
    return [
        {
            "id": row["pk"],
            "status": row["status"],
            "school": {"id": row["school_id"], "name": row["school__name"]},
            "provider": {"id": row["provider_id"], "name": row["provider__name"]},
            "site": row["site__name"],
            "starts_on": row["starts_on"],
            "planned_end_on": row["planned_end_on"],
            "ended_on": row["ended_on"],
            "hours_per_week": row["hours_per_week"],
            "sessions": row["sessions"],
            "pupil": pupils[row["pk"]],
            "objectives": objectives.get(row["pk"], []),
        }
        for row in rows
    ]


# What any operation may answer besides its own success, for the schema and the docs.
NO_KEY = OpenApiResponse(s.Problem, description="No valid API key: missing, wrong, expired or revoked")
TOO_MANY = OpenApiResponse(s.Problem, description="Too many requests from this key this minute: wait")
NOT_SEEN = OpenApiResponse(s.Problem, description="No such placement that this key can see")
BAD_QUERY = OpenApiResponse(description="A query parameter that cannot be read, with what is wrong, by name")
PROVIDERS_ONLY = OpenApiResponse(s.Problem, description="A school's key: only a provider's key sends")
ANSWERS = {401: NO_KEY, 429: TOO_MANY}


class PlacementList(APIView):
    @extend_schema(
        summary="Placements",
        operation_id="placements_list",
        parameters=[s.PlacementQuery, s.Pages],
        responses={200: s.PlacementPage, 400: BAD_QUERY, **ANSWERS},
        description="A provider's placements, or a school's, soonest start first, 50 a page.",
    )
    def get(self, request):
        wanted = _query(s.PlacementQuery, request)["status"]
        found = _placements(request).filter(status__in=STATUSES[wanted]).values(*PLACEMENT_COLUMNS)
        paginator = Pages()
        rows = paginator.paginate_queryset(found, request, view=self)
        record_access(request=request, action="api.placements", pupil_ids=[row["pupil_id"] for row in rows])
        return paginator.get_paginated_response(_placement_replies(rows, request))


class PlacementDetail(APIView):
    @extend_schema(
        operation_id="placement_retrieve",
        summary="One placement",
        responses={200: s.PlacementOut, 404: NOT_SEEN, **ANSWERS},
    )
    def get(self, request, pk: int):
        row = _placements(request).values(*PLACEMENT_COLUMNS).filter(pk=pk).first()
        if row is None:
            raise NotFound("There is no placement with that number that this key can see.")
        record_access(request=request, action="api.placement", pupil_ids=[row["pupil_id"]])
        return Response(_placement_replies([row], request)[0])


# --- Attendance ------------------------------------------------------------------------------------


class Attendance(APIView):
    @extend_schema(
        summary="Attendance marks",
        operation_id="attendance_list",
        parameters=[s.MarkQuery, s.Pages],
        responses={200: s.MarkPage, 400: BAD_QUERY, **ANSWERS},
        description="Marks by day, session and placement, 500 a page (from Monday this week to today "
        "unless a start and end are given).",
    )
    def get(self, request):
        query = _query(s.MarkQuery, request)
        marks = Mark.objects.visible_to(request.membership).filter(on__range=(query["start"], query["end"]))
        if "placement" in query:
            marks = marks.filter(placement_id=query["placement"])
        part_time = PartTimePlan.objects.visible_to(request.membership).filter(
            placement_id=OuterRef("placement_id")
        )
        found = marks.order_by("on", "placement_id", "session").values(
            "placement_id", "pupil_id", "on", "session", "mark", "comment", "recorded_at",
            "placement__attendance_code",
        ).annotate(part_time=Exists(part_time))  # fmt: skip
        paginator = MarkPages()
        rows = paginator.paginate_queryset(found, request, view=self)
        record_access(request=request, action="api.attendance", pupil_ids=[row["pupil_id"] for row in rows])
        school = is_school(request.membership)
        replies = []
        for row in rows:
            reply = {
                "placement": row["placement_id"],
                "date": row["on"],
                "session": row["session"],
                "mark": row["mark"],
                "comment": row["comment"],
                "recorded_at": row["recorded_at"],
            }
            if school:
                reply["pupil"] = row["pupil_id"]
                reply["school_code"] = codes.school_code_for(
                    row["mark"], row["placement__attendance_code"], part_time=row["part_time"]
                )
            replies.append(reply)
        return paginator.get_paginated_response(replies)

    @extend_schema(
        summary="Send attendance marks",
        operation_id="attendance_send",
        request=s.MarksIn,
        responses={
            200: s.MarksRecorded,
            400: OpenApiResponse(s.Refused, description="Nothing was recorded: every problem, by row"),
            403: PROVIDERS_ONLY,
            **ANSWERS,
        },
        description="A batch of marks for the provider's own placements, checked whole and written all or "
        "nothing: any problem refuses the batch, naming each row and why. Sending the same marks again "
        "changes nothing; a changed mark keeps the old one in its history.",
    )
    def post(self, request):
        if not rules.posts_records(request.membership):
            raise PermissionDenied("Only a provider's key sends attendance.")
        items = _items(request, "marks", settings.ATTENDANCE_FILE_MAX_ROWS)
        rows, problems = batches.mark_rows(items)
        if problems:
            problems += check_marks(rows, by=request.membership)[0]
            refused = MarksRefused(problems)
            return _refused(refused.shown, refused.more, what="attendance")
        try:
            outcome = record_marks(rows, by=request.membership, source=Source.API)
        except MarksRefused as refused:
            return _refused(refused.shown, refused.more, what="attendance")
        return Response(
            {"created": outcome.created, "changed": outcome.changed, "unchanged": outcome.unchanged}
        )


# --- Progress --------------------------------------------------------------------------------------


class Progress(APIView):
    @extend_schema(
        summary="Send progress against objectives",
        operation_id="progress_send",
        request=s.ProgressBatchIn,
        responses={
            200: s.ProgressRecorded,
            400: OpenApiResponse(s.Refused, description="Nothing was recorded: every problem, by row"),
            403: PROVIDERS_ONLY,
            **ANSWERS,
        },
        description="Values against the objectives of the provider's own placements, checked whole and "
        "written all or nothing. One value an objective a day: sending another for the same day corrects it.",
    )
    def post(self, request):
        if not rules.posts_records(request.membership):
            raise PermissionDenied("Only a provider's key sends progress.")
        items = _items(request, "entries", MOST_ROWS)
        try:
            recorded = record_progress_many(items, by=request.membership)
        except RowsRefused as refused:
            return _refused(refused.rows, 0, what="progress")
        counts = dict.fromkeys(Outcome, 0)
        for entry in recorded:
            counts[entry.outcome] += 1
        return Response(
            {
                "recorded": counts[Outcome.RECORDED],
                "corrected": counts[Outcome.CORRECTED],
                "unchanged": counts[Outcome.UNCHANGED],
            }
        )
