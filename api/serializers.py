"""What the API says and accepts. Output is built from `values()` rows by the views (one query a page, no
model instances); these serializers describe it for the OpenAPI schema and validate query parameters.
Posted batches are read by `api.batches` and checked whole by the services the pages call."""

import datetime

from django.utils import timezone
from rest_framework import serializers

from attendance.models import COMMENT_LIMIT, Half, MarkKind
from placements.models import PlacementStatus, Shared

STATUS_CHOICES = [*PlacementStatus.values, "current", "all"]


class OrganisationOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ObjectiveOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Send this as `objective` to record progress")
    area = serializers.CharField()
    description = serializers.CharField()
    measure = serializers.CharField()
    unit = serializers.CharField()
    baseline_value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    baseline_on = serializers.DateField(allow_null=True)
    target_value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    target_on = serializers.DateField(allow_null=True)


class PupilOut(serializers.Serializer):
    """For a school: the pupil from its own record. For a provider: only what the school chose to share
    (any of these may be missing), never the record."""

    id = serializers.IntegerField(required=False, help_text="Schools only")
    upn = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    date_of_birth = serializers.DateField(required=False)
    year_group = serializers.IntegerField(required=False)
    sex = serializers.CharField(required=False)
    sen_status = serializers.CharField(required=False)


class PlacementOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The placement reference: send it as `placement` with marks")
    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    school = OrganisationOut()
    provider = OrganisationOut()
    site = serializers.CharField(allow_null=True)
    starts_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    sessions = serializers.ListField(
        child=serializers.CharField(), help_text='The timetable: sessions at the provider, like "mon_am"'
    )
    pupil = PupilOut()
    objectives = ObjectiveOut(many=True)


def page_of(item_serializer, name: str):
    """The shape of one page of a list: how many in all, the links to the pages either side, and the
    items."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text="How many there are in all"),
            "next": serializers.URLField(allow_null=True, help_text="The next page, or null on the last"),
            "previous": serializers.URLField(allow_null=True, help_text="The page before, or null"),
            "results": item_serializer(many=True),
        },
    )


class PlacementQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES,
        default="current",
        help_text="current (planned or active, the default), planned, active, ended, cancelled or all",
    )


class MarkOut(serializers.Serializer):
    placement = serializers.IntegerField()
    pupil = serializers.IntegerField(required=False, help_text="Schools only: the pupil's id")
    date = serializers.DateField()
    session = serializers.ChoiceField(choices=Half.choices)
    mark = serializers.ChoiceField(choices=MarkKind.choices)
    school_code = serializers.CharField(
        required=False, help_text="Schools only: the DfE code the school records for the session"
    )
    comment = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class Pages(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, help_text="Which page (from 1)")
    page_size = serializers.IntegerField(required=False, min_value=1, help_text="How many a page")


class MarkQuery(serializers.Serializer):
    placement = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Only this placement's marks (one you see: another's gives no marks)",
    )
    start = serializers.DateField(required=False, help_text="From this day (default: Monday this week)")
    end = serializers.DateField(required=False, help_text="To this day (default: today); at most a year on")

    def validate(self, attrs):
        """The range asked for, its missing ends filled in (this week so far, or the week of the end), and
        checked once, whichever ends were given."""
        today = timezone.localdate()
        start = attrs.get("start") or _monday(attrs.get("end") or today)
        end = attrs.get("end") or max(today, start)
        if end < start:
            raise serializers.ValidationError({"end": "The end must be the same as or after the start."})
        if (end - start).days > 366:
            raise serializers.ValidationError({"end": "Ask for at most a year of marks at once."})
        return {**attrs, "start": start, "end": end}


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


class MarkIn(serializers.Serializer):
    placement = serializers.IntegerField(help_text="The placement reference (`id` in /api/v1/placements/)")
    date = serializers.DateField(help_text="A school day, YYYY-MM-DD")
    session = serializers.ChoiceField(choices=Half.choices)
    mark = serializers.ChoiceField(choices=MarkKind.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_LIMIT)


class MarksIn(serializers.Serializer):
    marks = MarkIn(many=True)


class MarksRecorded(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ProgressIn(serializers.Serializer):
    objective = serializers.IntegerField(help_text="An objective's `id` from /api/v1/placements/")
    value = serializers.DecimalField(max_digits=8, decimal_places=2)
    on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True)


class ProgressBatchIn(serializers.Serializer):
    entries = ProgressIn(many=True)


class ProgressRecorded(serializers.Serializer):
    recorded = serializers.IntegerField()
    corrected = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RowProblem(serializers.Serializer):
    row = serializers.IntegerField(help_text="Counted from 1, the first item sent")
    message = serializers.CharField()


class Refused(serializers.Serializer):
    detail = serializers.CharField()
    errors = RowProblem(many=True)
    more = serializers.IntegerField(help_text="Problems beyond those listed")


class Problem(serializers.Serializer):
    detail = serializers.CharField()


PlacementPage = page_of(PlacementOut, "PlacementPage")
MarkPage = page_of(MarkOut, "MarkPage")
SHARED_KEYS = tuple(str(choice) for choice in Shared)
