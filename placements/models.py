"""The placement plan (DOMAIN.md 3.4): which pupil is where, from when to when, on what timetable, why, at
what cost, and with which objectives and baselines. Its status moves through one table
(`placements.workflow.PLACEMENT_STATUS`); every other change of plan is recorded with its reason
(`PlanChange`), and every row keeps history.

The commissioner is a school today. `commissioner` is a separate key from `school` (the pupil's school,
which owns the record and is the scoping key) so that an LA can commission directly later (code K).

Data minimisation: a provider reads only `provider_copy`, the values the school chose to share, copied
onto the placement when it is saved. It never reads the pupil's record.
"""

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from apcommission.workflow import StatusRecord
from placements import visibility


class PlacementStatus(models.TextChoices):
    """Planned, then active, then ended; or cancelled while still planned, having never taken place (so
    it is no placement for the census, costs nothing, and has no end date)."""

    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"

    @classmethod
    def current_values(cls) -> tuple[str, ...]:
        """Planned or active: what the pupil's week, the register and the provider's pupils count."""
        return (cls.PLANNED, cls.ACTIVE)

    @classmethod
    def closed_values(cls) -> tuple[str, ...]:
        """Ended or cancelled: the record, which is no longer changed."""
        return (cls.ENDED, cls.CANCELLED)


class AttendanceCode(models.TextChoices):
    """What the school records in its register for a session at the provision (2024 regulations)."""

    B = "B", "B: education off-site, arranged by the school"
    D = "D", "D: dual registered at another school"
    K = "K", "K: provision arranged by the local authority"


class PlacementReason(models.TextChoices):
    """Why the placement was commissioned (the census's primary reason for placement), not the pupil's
    needs."""

    PERMANENT_EXCLUSION = "permanent_exclusion", "Permanent exclusion"
    SUSPENSION = "suspension", "Suspension"
    OFF_SITE_DIRECTION = "off_site_direction", "Off-site direction to improve behaviour"
    AT_RISK = "at_risk", "At risk of exclusion"
    MEDICAL = "medical", "Physical or mental health needs"
    SEMH = "semh", "Social, emotional and mental health"
    SEN = "sen", "Special educational needs, awaiting a suitable place"
    ATTENDANCE = "attendance", "Attendance"
    OTHER = "other", "Other"


class Session(models.TextChoices):
    """The half-days of a school week: a timetable is the sessions the pupil is at the provision."""

    MON_AM = "mon_am", "Monday morning"
    MON_PM = "mon_pm", "Monday afternoon"
    TUE_AM = "tue_am", "Tuesday morning"
    TUE_PM = "tue_pm", "Tuesday afternoon"
    WED_AM = "wed_am", "Wednesday morning"
    WED_PM = "wed_pm", "Wednesday afternoon"
    THU_AM = "thu_am", "Thursday morning"
    THU_PM = "thu_pm", "Thursday afternoon"
    FRI_AM = "fri_am", "Friday morning"
    FRI_PM = "fri_pm", "Friday afternoon"


class CostUnit(models.TextChoices):
    DAY = "day", "Per day"
    WEEK = "week", "Per week"
    SESSION = "session", "Per session"


class Funder(models.TextChoices):
    SCHOOL_BUDGET = "school_budget", "School budget"
    HIGH_NEEDS = "high_needs", "High-needs top-up"
    PUPIL_PREMIUM = "pupil_premium", "Pupil premium"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class EndPoint(models.TextChoices):
    """Where the placement is meant to lead."""

    REINTEGRATION = "reintegration", "Back to the school full time"
    ANOTHER_SCHOOL = "another_school", "Another mainstream school"
    SPECIAL_SCHOOL = "special_school", "A special school"
    FURTHER_EDUCATION = "further_education", "Further education"
    TRAINING = "training", "Training or an apprenticeship"
    EMPLOYMENT = "employment", "Employment"


class Shared(models.TextChoices):
    """What the provider delivering the placement may read of the pupil: the school picks."""

    NAME = "name", "Full name"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    YEAR_GROUP = "year_group", "Year group"
    SEX = "sex", "Sex"
    UPN = "upn", "UPN"
    SEN_STATUS = "sen_status", "SEN status"


SHARED_BY_DEFAULT = [Shared.NAME, Shared.YEAR_GROUP, Shared.SEX]


def shared_by_default() -> list[str]:
    return [str(choice) for choice in SHARED_BY_DEFAULT]


# --- Purchases --------------------------------------------------------------------------------------


class BlockPurchaseQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.block_purchases(membership))


@pghistory.track()
class BlockPurchase(models.Model):
    """Places a commissioner bought from a provider in advance for a period: placements fill them."""

    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField()
    starts_on = models.DateField("From")
    ends_on = models.DateField("To")
    cost = models.DecimalField("Total cost", max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(BlockPurchaseQuerySet)()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gt=0), name="block_buys_places"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="block_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.places} places from {self.starts_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.local_authority_id is None:
            self.local_authority_id = self.school.local_authority_id
        super().save(*args, **kwargs)


# --- The placement ----------------------------------------------------------------------------------


class PlacementQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.placements(membership))


@pghistory.track()
class Placement(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="placements")
    # Keys the visibility rules compare (placements/visibility.py), stored so a rule is a comparison:
    # the pupil's school (which owns the record), the LA of its area, and the provider delivering it.
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    # Who commissions and stays responsible throughout: the school today, an LA later.
    commissioner = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        "providers.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="placement"
    )
    status = models.CharField(max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED)

    starts_on = models.DateField("Start date")
    planned_end_on = models.DateField("Planned end date")
    ended_on = models.DateField("Ended on", null=True, blank=True)
    end_reason = models.TextField("Why it ended", blank=True)
    cancelled_on = models.DateField("Cancelled on", null=True, blank=True)
    cancel_reason = models.TextField("Why it was cancelled", blank=True)

    sessions = ArrayField(models.CharField(max_length=6, choices=Session.choices), default=list, blank=True)
    hours_per_week = models.DecimalField("Hours a week", max_digits=4, decimal_places=1)
    # Hours a week the pupil is taught at the school itself alongside this placement: with every current
    # placement, the pupil's whole week (placements.entitlement).
    school_hours_per_week = models.DecimalField(
        "Hours a week at the school alongside", max_digits=4, decimal_places=1, default=0
    )
    attendance_code = models.CharField(max_length=1, choices=AttendanceCode.choices)
    reason = models.CharField(max_length=30, choices=PlacementReason.choices)

    cost = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    cost_unit = models.CharField(max_length=10, choices=CostUnit.choices, blank=True)
    funder = models.CharField("Who pays", max_length=20, choices=Funder.choices, blank=True)
    block_purchase = models.ForeignKey(
        BlockPurchase, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )

    transport = models.TextField(blank=True)
    school_contact = models.CharField("Key contact at the school", max_length=300, blank=True)
    provider_contact = models.CharField("Key contact at the provider", max_length=300, blank=True)
    shared = ArrayField(
        models.CharField(max_length=20, choices=Shared.choices), default=shared_by_default, blank=True
    )
    provider_copy = models.JSONField(default=dict, blank=True)  # what `shared` names, as saved
    parent_told_on = models.DateField("Parent or carer told on", null=True, blank=True)
    review_arrangements = models.TextField("When, where and how it will be reviewed", blank=True)
    off_site_notice_on = models.DateField("Off-site direction notice given on", null=True, blank=True)
    intended_end_point = models.CharField(max_length=20, choices=EndPoint.choices, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(PlacementQuerySet)()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=models.F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=60), name="placement_hours_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_placement_says_when_and_why",
            ),
            # A cancelled placement never took place: it says when and why it was cancelled, and has no
            # end date, which only an ended one has.
            models.CheckConstraint(
                condition=~Q(status="cancelled") | (Q(cancelled_on__isnull=False) & ~Q(cancel_reason="")),
                name="cancelled_placement_says_when_and_why",
            ),
            models.CheckConstraint(
                condition=Q(status="ended") | Q(ended_on__isnull=True), name="only_an_ended_placement_ends"
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancelled_on__isnull=True),
                name="only_a_cancelled_placement_is_cancelled",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["local_authority", "status"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["pupil", "status"]),
        ]

    def __str__(self) -> str:
        return f"Placement {self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.school_id is None:
            self.school_id = self.pupil.school_id
        if self.local_authority_id is None:
            self.local_authority_id = self.pupil.local_authority_id
        if self.commissioner_id is None:
            self.commissioner_id = self.school_id
        super().save(*args, **kwargs)


class ObjectiveArea(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance"
    BEHAVIOUR = "behaviour", "Behaviour"
    ENGLISH = "english", "English"
    MATHS = "maths", "Maths"
    WELLBEING = "wellbeing", "Wellbeing"
    ENGAGEMENT = "engagement", "Engagement"
    QUALIFICATION = "qualification", "Qualification"
    REINTEGRATION = "reintegration", "Reintegration"
    OTHER = "other", "Other"


class ObjectiveQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.placements(membership, "placement__"))


@pghistory.track()
class Objective(models.Model):
    """What the placement is for, measured: where the pupil starts (the baseline) and where they should be
    by when (the target). Values are numbers in `unit` (per cent, incidents a week, a grade)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="objectives")
    area = models.CharField(max_length=20, choices=ObjectiveArea.choices)
    description = models.TextField()
    measure = models.CharField("How it is measured", max_length=300)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: %, incidents a week, grade")
    baseline_value = models.DecimalField("Baseline", max_digits=8, decimal_places=2, null=True, blank=True)
    baseline_on = models.DateField("Baseline date", null=True, blank=True)
    target_value = models.DecimalField("Target", max_digits=8, decimal_places=2, null=True, blank=True)
    target_on = models.DateField("Target date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(ObjectiveQuerySet)()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_on__isnull=True)
                | Q(baseline_value__isnull=False, baseline_on__isnull=False),
                name="baseline_has_value_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.description[:60]}"

    @property
    def has_baseline(self) -> bool:
        return self.baseline_value is not None and self.baseline_on is not None


# --- Part-time timetables ---------------------------------------------------------------------------


class PartTimePlanQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.placements(membership, "placement__"))


@pghistory.track()
class PartTimePlan(models.Model):
    """A placement that leaves the pupil short of a full-time week: exceptional, agreed with the parent,
    time-limited, with a plan back to full time, and notified to the LA (DOMAIN.md 4)."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="part_time_plan")
    reason = models.TextField("Why a part-time timetable")
    ends_by = models.DateField("Time limit")
    parent_agreed_on = models.DateField("Parent or carer agreed on", null=True, blank=True)
    la_notified_on = models.DateField("LA told on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(PartTimePlanQuerySet)()

    class Meta:
        ordering = ["ends_by", "pk"]

    def __str__(self) -> str:
        return f"Part-time until {self.ends_by:%-d %B %Y}"


class PartTimeStepQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.placements(membership, "plan__placement__"))


@pghistory.track()
class PartTimeStep(models.Model):
    """One step of the plan back to full time: from this date, this many hours a week."""

    plan = models.ForeignKey(PartTimePlan, on_delete=models.PROTECT, related_name="steps")
    from_on = models.DateField("From")
    hours_per_week = models.DecimalField("Hours a week", max_digits=4, decimal_places=1)

    objects = TenantManager.from_queryset(PartTimeStepQuerySet)()

    class Meta:
        ordering = ["from_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "from_on"], name="one_step_per_date"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=60), name="step_hours_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours_per_week} hours from {self.from_on:%-d %B %Y}"


# --- What happened to the plan ----------------------------------------------------------------------


class PlacementStatusChangeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.plan_history(membership, "placement__"))


class PlacementStatusChange(StatusRecord):
    """The placement's moves: planned, active, ended (or planned, cancelled); who, when and why."""

    subject_field = "placement"
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="status_changes")

    objects = TenantManager.from_queryset(PlacementStatusChangeQuerySet)()

    class Meta(StatusRecord.Meta):
        pass


class ChangeKind(models.TextChoices):
    EXTENDED = "extended", "Extended"
    HOURS = "hours", "Hours changed"
    TIMETABLE = "timetable", "Timetable changed"
    PROVIDER = "provider", "Provider or site changed"
    OBJECTIVES = "objectives", "Objectives amended"
    PART_TIME = "part_time", "Part-time plan changed"
    OTHER = "other", "Plan changed"


class PlanChangeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.plan_history(membership, "placement__"))


class PlanChange(models.Model):
    """A change of plan once the placement has started, with the reason the school gave and what
    changed (`summary`, in words, made by the service). Append-only."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="plan_changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    reason = models.TextField()
    summary = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(PlanChangeQuerySet)()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.changed_at:%-d %B %Y}"


# --- The numbers an LA sets -------------------------------------------------------------------------


class PlacementRulesQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.placement_rules(membership))


@pghistory.track()
class PlacementRules(models.Model):
    """The numbers DOMAIN.md 4 calls configurable, as one LA sets them for its area. An LA without a row
    uses the defaults (`placements.entitlement.DEFAULT_RULES`)."""

    local_authority = models.OneToOneField("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    hours_reception_to_ks1 = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("21"))
    hours_ks2 = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("23.5"))
    hours_ks3_and_year_10 = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("24"))
    hours_year_11 = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("25"))
    part_time_notice_days = models.PositiveSmallIntegerField(default=14)
    non_school_max_weeks = models.PositiveSmallIntegerField(default=12)
    non_school_max_sessions = models.PositiveSmallIntegerField(default=4)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(PlacementRulesQuerySet)()

    def __str__(self) -> str:
        return f"Placement rules of {self.local_authority}"
