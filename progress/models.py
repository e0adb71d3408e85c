"""What the provider records while a placement runs: progress against each of its objectives, and
incidents (DOMAIN.md 3.5).

Each row carries the placement's keys (`school`, `local_authority`, `provider`), copied from the placement
when it is made, so that who sees it (`progress.visibility`) is a comparison of the row's own columns.
Both keep history (pghistory): a progress value is corrected by an edit, which the history keeps, and
never deleted.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from progress import visibility


class _Keys(models.Model):
    """The placement and its keys, copied from it when the row is made (`copy_keys`)."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def copy_keys(self, placement) -> None:
        self.placement = placement
        self.school_id = placement.school_id
        self.local_authority_id = placement.local_authority_id
        self.provider_id = placement.provider_id


# --- Progress against an objective ------------------------------------------------------------------


class ProgressEntryQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.during_placement(membership))


@pghistory.track()
class ProgressEntry(_Keys):
    """Where the pupil was on a day, measured as the objective says, in the objective's unit. One value an
    objective a day: recording another for the same day corrects it."""

    objective = models.ForeignKey("placements.Objective", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=8, decimal_places=2)
    on = models.DateField("Date")
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(ProgressEntryQuerySet)()

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "on"], name="one_progress_value_a_day"),
            models.CheckConstraint(condition=Q(value__gte=0), name="progress_value_not_negative"),
        ]
        indexes = [models.Index(fields=["placement", "on"])]

    def __str__(self) -> str:
        return f"Progress on {self.on:%-d %B %Y}"


# --- Incidents --------------------------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    BEHAVIOUR = "behaviour", "Behaviour"
    INJURY = "injury", "Injury or accident"
    MISSING = "missing", "Missing from the provision"
    DAMAGE = "damage", "Damage to property"
    BULLYING = "bullying", "Bullying"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"

    @property
    def tag_class(self) -> str:
        return {"low": "govuk-tag--grey", "medium": "govuk-tag--yellow", "high": "govuk-tag--red"}[self.value]


class IncidentQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.during_placement(membership))


@pghistory.track()
class Incident(_Keys):
    """Something that happened to or was done by the pupil at the provision, how serious, and what the
    provider did about it. A high-severity one is shown to the school at once."""

    occurred_on = models.DateField("Date")
    occurred_at = models.TimeField("Time", null=True, blank=True)
    kind = models.CharField("What kind of incident", max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    what_happened = models.TextField("What happened")
    action_taken = models.TextField("What was done")
    parent_told_on = models.DateField("Parent or carer told on", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(IncidentQuerySet)()

    class Meta:
        ordering = ["-occurred_on", "-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_told_on__isnull=True) | Q(parent_told_on__gte=F("occurred_on")),
                name="parent_told_after_the_incident",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "occurred_on"]),
            models.Index(fields=["local_authority", "occurred_on"]),
            models.Index(fields=["provider", "occurred_on"]),
            models.Index(fields=["placement", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %B %Y}"

    @property
    def severity_tag(self) -> str:
        return Severity(self.severity).tag_class
