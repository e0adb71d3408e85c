"""Attendance marks: one per placement, school day and session (AM or PM), in the provider's words
(`MarkKind`), which `attendance.codes.school_code` turns into the code the school records.

An LA's year is about 3.8 million marks (10,000 placements x 380 sessions), so a mark is a narrow row
with the placement's tenancy keys copied onto it, and the lookups the pages make (one pupil's term, one
provider's week, one school's or one area's day) are each an index range. Only a changed mark keeps
history (the old mark, by a database trigger): the first recording of each is the row itself.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from attendance import visibility


class Half(models.TextChoices):
    """The two registration sessions of a school day."""

    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class MarkKind(models.TextChoices):
    """What the provider says happened in a session, in its own words."""

    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ILLNESS = "illness", "Absent, authorised: illness"
    MEDICAL = "medical", "Absent, authorised: medical appointment"
    RELIGIOUS = "religious", "Absent, authorised: religious observance"
    OTHER_AUTHORISED = "other_authorised", "Absent, authorised: other reason"
    UNAUTHORISED = "unauthorised", "Absent, unauthorised"
    NOT_TIMETABLED = "not_timetabled", "Not timetabled"

    @classmethod
    def attended(cls) -> tuple[str, ...]:
        return (cls.PRESENT, cls.LATE)

    @classmethod
    def absent(cls) -> tuple[str, ...]:
        return (cls.ILLNESS, cls.MEDICAL, cls.RELIGIOUS, cls.OTHER_AUTHORISED, cls.UNAUTHORISED)


class Source(models.TextChoices):
    GRID = "grid", "The weekly grid"
    FILE = "file", "An uploaded file"
    API = "api", "The API"


COMMENT_LIMIT = 200


def academic_year_sql(column: str) -> str:
    """SQL for the academic year a date `column` is in, as the calendar year it starts (1 September)."""
    return f"(extract(year FROM {column})::int - (extract(month FROM {column}) < 9)::int)"


def _kinds(*kinds: str) -> str:
    return f"mark IN ({', '.join(repr(str(kind)) for kind in kinds)})"


# What each column of a tally counts, as SQL over a mark: the same as `attendance.counting.COUNTS`
# (tests/attendance/test_tallies.py holds them to it). `marks` counts them all.
TALLIED = {
    "marks": "TRUE",
    "possible": f"mark <> '{MarkKind.NOT_TIMETABLED}'",
    "attended": _kinds(*MarkKind.attended()),
    "late": _kinds(MarkKind.LATE),
    "unauthorised": _kinds(MarkKind.UNAUTHORISED),
    "illness": _kinds(MarkKind.ILLNESS),
    "authorised": _kinds(MarkKind.MEDICAL, MarkKind.RELIGIOUS, MarkKind.OTHER_AUTHORISED),
}


def _tally_function(*, old: str = "", new: str = "") -> str:
    """The body of a statement trigger on marks, whose transition tables are `old` and `new`: each row
    the statement inserted counts once, each it deleted minus once, an updated row both (old out, new in),
    summed per placement and academic year and added to the tallies in one statement. An update that
    changed no count (a comment, a session's `source`) writes nothing. A tally left counting no marks is
    removed. Built from the constants above only: nothing here comes from a request."""
    year = academic_year_sql('"on"')
    keys = f"placement_id, school_id, local_authority_id, provider_id, {year} AS year"
    sides = " UNION ALL ".join(
        f"SELECT {keys}, {sign} AS sign, mark FROM {table}"  # noqa: S608
        for sign, table in ((1, new), (-1, old))
        if table
    )
    sums = ", ".join(
        f"sum(CASE WHEN {rule} THEN sign ELSE 0 END) AS {name}" for name, rule in TALLIED.items()
    )
    columns = ", ".join(TALLIED)
    changed = " OR ".join(f"{name} <> 0" for name in TALLIED)
    added = ", ".join(f"{name} = tally.{name} + excluded.{name}" for name in TALLIED)
    upsert = f"""
        INSERT INTO attendance_tally AS tally
               (placement_id, year, school_id, local_authority_id, provider_id, {columns})
        SELECT * FROM (
            SELECT placement_id, year, max(school_id), max(local_authority_id), max(provider_id), {sums}
            FROM ({sides}) AS delta
            GROUP BY placement_id, year
        ) AS summed
        WHERE {changed}
        ORDER BY placement_id, year
        ON CONFLICT (placement_id, year) DO UPDATE SET {added};
    """  # noqa: S608
    emptied = (
        f"DELETE FROM attendance_tally WHERE marks = 0 AND placement_id IN (SELECT placement_id FROM {old});"  # noqa: S608
        if old
        else ""
    )
    return f"{upsert}{emptied}RETURN NULL;"


class MarkQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.marks(membership))


@pghistory.track(
    pghistory.UpdateEvent(
        "mark.changed", row=pghistory.Old, condition=pghistory.AnyChange("mark", "comment")
    ),
    fields=["placement", "on", "session", "mark", "comment", "source", "recorded_by", "recorded_at"],
    model_name="MarkEvent",
    obj_field=pghistory.ObjForeignKey(related_name="events"),
)
class Mark(models.Model):
    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="marks")
    # The placement's keys (placements.visibility), copied so that a rule is a comparison on this row and
    # each page's lookup an index range. Copies made by the service from the placement, which holds the
    # constraints: checking each again on every mark would double the cost of writing a batch. Their
    # indexes are the composite ones below.
    school = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    local_authority = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    provider = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # For one pupil's term across placements: a key the commissioners' pages compare, never joined for a
    # provider (which reads no pupil's record).
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    on = models.DateField()
    session = models.CharField(max_length=2, choices=Half.choices)
    mark = models.CharField(max_length=20, choices=MarkKind.choices)
    comment = models.CharField(max_length=COMMENT_LIMIT, blank=True)
    source = models.CharField(max_length=4, choices=Source.choices)
    # Nobody for a mark sent with an API key (which is an organisation's, not a person's).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recorded_at = models.DateTimeField()

    objects = TenantManager.from_queryset(MarkQuerySet)()

    class Meta:
        ordering = ["on", "session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "on", "session"], name="one_mark_per_session"),
            models.CheckConstraint(condition=Q(session__in=Half.values), name="mark_session_am_or_pm"),
            models.CheckConstraint(condition=Q(mark__in=MarkKind.values), name="mark_in_vocabulary"),
        ]
        indexes = [
            models.Index(fields=["provider", "on"], name="mark_provider_on"),
            models.Index(fields=["school", "on"], name="mark_school_on"),
            models.Index(fields=["pupil", "on"], name="mark_pupil_on"),
            models.Index(fields=["local_authority", "on"], name="mark_la_on"),
        ]
        # Keep each placement's yearly tally (`Tally`) right whoever writes marks: the service's batches,
        # the demo's bulk seeding, a benchmark's INSERT ... SELECT. Once a statement, over the rows it
        # wrote: a trigger per row would double the cost of a 10,000-mark batch.
        triggers = [
            pgtrigger.Trigger(
                name=f"tally_{operation}".lower(),
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=operation,
                referencing=pgtrigger.Referencing(**referencing),
                func=_tally_function(**referencing),
            )
            for operation, referencing in (
                (pgtrigger.Insert, {"new": "new_marks"}),
                (pgtrigger.Update, {"old": "old_marks", "new": "new_marks"}),
                (pgtrigger.Delete, {"old": "old_marks"}),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_mark_display()} on {self.on:%-d %B %Y} ({self.get_session_display().lower()})"


class TallyQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.tallies(membership))


class Tally(models.Model):
    """One placement's marks in one academic year, counted: what the summaries of many placements read
    instead of the marks (an LA's year is about 3.8 million marks, and some 10,000 tallies).

    Kept by the database, never by the application: the triggers on `Mark` add each statement's rows.
    A derived table, so it keeps no history: every change to it is a change to marks, whose history is
    kept there, and it can be counted again from them at any time (migration 0002 does)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    # The academic year, as the calendar year of its 1 September.
    year = models.PositiveSmallIntegerField()
    # The placement's keys, copied from its marks (Mark's rule, compared on this row).
    school = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    local_authority = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    provider = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Plain integers, not positive ones: a deleted mark's delta passes through a negative row proposed
    # to the insert before it meets the tally it comes off.
    marks = models.IntegerField(default=0)
    possible = models.IntegerField(default=0)
    attended = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    unauthorised = models.IntegerField(default=0)
    illness = models.IntegerField(default=0)
    authorised = models.IntegerField(default=0)

    objects = TenantManager.from_queryset(TallyQuerySet)()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["placement", "year"], name="one_tally_per_year")]
        indexes = [
            models.Index(fields=["provider", "year"], name="tally_provider_year"),
            models.Index(fields=["school", "year"], name="tally_school_year"),
            models.Index(fields=["local_authority", "year"], name="tally_la_year"),
        ]

    def __str__(self) -> str:
        return f"{self.marks} marks in {self.year}/{(self.year + 1) % 100:02d}"
