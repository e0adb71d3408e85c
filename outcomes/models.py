"""What became of a placement (DOMAIN.md 3.7).

- `Outcome`: one per ended placement, recorded by the school's AP lead (at the final review when it was
  held): how far the placement met its objectives, the destination the pupil moved on to (with an
  optional detail such as the school or college), and the date the pupil moved on, from which the
  check-ins are counted.
- `CheckIn`: where the pupil was found later. The sustained-destination check covers the first October
  to March after the pupil moved on (DfE's definition); the others fall 1, 3 and 5 years after
  (`settings.DESTINATION_CHECKIN_YEARS`). Made when the outcome is recorded (`outcomes.schedule`); due
  until recorded (`recorded_at` empty), and a recorded one is never removed.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.forms.dates import long_date
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from outcomes import visibility

DETAIL_LENGTH = 200
NOTE_LENGTH = 5000
# What the school records of each, on its form and through its service (the rest the service sets).
OUTCOME_FIELDS = ("objectives_met", "destination", "destination_detail", "left_on")
CHECK_IN_FIELDS = ("destination", "destination_detail", "sustained", "note")


class ObjectivesMet(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class Destination(models.TextChoices):
    """Where the pupil went after the placement (the issue's list, in the DfE destination measures'
    words where they have one)."""

    REINTEGRATED = "reintegrated", "Back at the school (reintegrated)"
    MOVED_SCHOOL = "moved_school", "Moved to another school"
    SPECIAL_SCHOOL = "special_school", "A special school"
    FURTHER_EDUCATION = "further_education", "Further education"
    APPRENTICESHIP = "apprenticeship", "An apprenticeship or training"
    EMPLOYMENT = "employment", "Employment"
    NEET = "neet", "Not in education, employment or training"
    UNKNOWN = "unknown", "Not known"


class OutcomeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.outcomes(membership, "placement__"))


@pghistory.track()
class Outcome(models.Model):
    placement = models.OneToOneField("placements.Placement", on_delete=models.PROTECT, related_name="outcome")
    # The final review it was recorded at, when one was held (`outcomes.services.record_outcome`).
    final_review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objectives_met = models.CharField(
        "The placement's objectives", max_length=12, choices=ObjectivesMet.choices
    )
    destination = models.CharField(max_length=20, choices=Destination.choices)
    destination_detail = models.CharField("Where", max_length=DETAIL_LENGTH, blank=True)
    left_on = models.DateField("Date the pupil moved on")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(OutcomeQuerySet)()

    def __str__(self) -> str:
        return f"{self.get_destination_display()} from {long_date(self.left_on)}"


class CheckInKind(models.TextChoices):
    SUSTAINED = "sustained", "Sustained destination"
    YEARS = "years", "Years on"


class CheckInQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.check_ins(membership, "placement__"))


@pghistory.track()
class CheckIn(models.Model):
    """One later look at where the pupil is. `years` is 0 for the sustained-destination check, else how
    many years after the pupil moved on. `sustained` answers DfE's question, for that check only. It is
    due until recorded: `recorded_at` is empty until then, and nothing else says so."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="check_ins")
    kind = models.CharField(max_length=10, choices=CheckInKind.choices)
    years = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField("Due on")
    destination = models.CharField(max_length=20, choices=Destination.choices, blank=True)
    destination_detail = models.CharField("Where", max_length=DETAIL_LENGTH, blank=True)
    sustained = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(CheckInQuerySet)()

    class Meta:
        ordering = ["due_on", "years", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind", "years"], name="one_check_in_of_each_kind"),
            models.CheckConstraint(
                condition=Q(kind="sustained", years=0) | Q(kind="years", years__gte=1),
                name="sustained_check_is_year_0",
            ),
            models.CheckConstraint(
                condition=(~Q(destination="") & Q(recorded_at__isnull=False))
                | (Q(destination="") & Q(recorded_at__isnull=True)),
                name="a_recorded_check_in_says_where_and_when",
            ),
            models.CheckConstraint(
                condition=Q(sustained__isnull=True) | Q(kind="sustained", recorded_at__isnull=False),
                name="only_the_sustained_check_says_sustained",
            ),
        ]
        # The daily sweep reads the check-ins still due by date: only those, a small share in time.
        indexes = [
            models.Index(fields=["due_on"], name="check_in_due", condition=Q(recorded_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.label} due {long_date(self.due_on)}"

    @property
    def label(self) -> str:
        if self.kind == CheckInKind.SUSTAINED:
            return "Sustained destination"
        return f"{self.years} year{'s' if self.years != 1 else ''} on"
