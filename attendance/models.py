"""Attendance marks: one per placement, school day and session (AM or PM), in the provider's words
(`MarkKind`), which `attendance.codes.school_code` turns into the code the school records.

An LA's year is about 3.8 million marks (10,000 placements x 380 sessions), so a mark is a narrow row
with the placement's tenancy keys copied onto it, and the lookups the pages make (one pupil's term, one
provider's week, one school's or one area's day) are each an index range. Only a changed mark keeps
history (the old mark, by a database trigger): the first recording of each is the row itself.
"""

import pghistory
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

    def __str__(self) -> str:
        return f"{self.get_mark_display()} on {self.on:%-d %B %Y} ({self.get_session_display().lower()})"
