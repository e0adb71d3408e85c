"""The referral: a school asks one or more providers whether they can offer a pupil a place (DOMAIN.md
3.3; the seed on referrals). Its status moves through one table (`referrals.workflow.REFERRAL_STATUS`),
every move recorded.

Data minimisation: before a provider accepts, it reads only what the school chose to share for deciding
(by default first name and surname initial, year group, sex, the reason, the needs summary, hours and
start), copied onto the referral when it is sent. A provider never reads the pupil's record itself.
"""

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from apcommission.workflow import StatusRecord
from referrals import visibility


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent to providers"
    AT_PANEL = "at_panel", "With the panel"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed with no offer"


class ReferralReason(models.TextChoices):
    AT_RISK = "at_risk", "At risk of permanent exclusion"
    EXCLUDED = "excluded", "Permanently excluded"
    SUSPENDED = "suspended", "Suspended for 6 days or more"
    MEDICAL = "medical", "Medical needs"
    SEMH = "semh", "Social, emotional and mental health"
    ATTENDANCE = "attendance", "Attendance"
    OFF_SITE_DIRECTION = "off_site_direction", "Off-site direction for behaviour"
    OTHER = "other", "Other"


class Shared(models.TextChoices):
    """What a provider asked may read before it is chosen: the school picks, from these only."""

    NAME = "name", "First name and surname initial"
    YEAR_GROUP = "year_group", "Year group"
    SEX = "sex", "Sex"
    REASON = "reason", "Reason for the referral"
    NEEDS = "needs", "Needs summary"
    HOURS = "hours", "Hours and pattern wanted"
    START = "start", "Preferred start"
    SUCCESS = "success", "What success would look like"
    VOICE = "voice", "The pupil's own voice"


# What a referral shares for deciding unless the school says otherwise (issue 10, step 2).
SHARED_BY_DEFAULT = [
    Shared.NAME,
    Shared.YEAR_GROUP,
    Shared.SEX,
    Shared.REASON,
    Shared.NEEDS,
    Shared.HOURS,
    Shared.START,
]


def shared_by_default() -> list[str]:
    return [str(choice) for choice in SHARED_BY_DEFAULT]


class ReferralQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.referrals(membership))


@pghistory.track()
class Referral(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="referrals")
    # Keys the rules compare (referrals/visibility.py): the commissioning school and its area's LA.
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)

    reason = models.CharField(max_length=30, choices=ReferralReason.choices)
    needs_summary = models.TextField()
    success_looks_like = models.TextField("What success would look like")
    preferred_start = models.DateField(null=True, blank=True)
    hours_wanted = models.DecimalField(
        "Hours a week wanted", max_digits=4, decimal_places=1, null=True, blank=True
    )
    pattern_wanted = models.CharField("Days and times wanted", max_length=300, blank=True)
    parent_informed_on = models.DateField("Parent or carer told on", null=True, blank=True)
    parent_consents = models.BooleanField("Parent or carer consents", default=False)
    # An off-site direction needs no consent, but written notice at least 2 school days before the start.
    parent_notice_on = models.DateField("Written notice to the parent on", null=True, blank=True)

    # The pupil's own voice, and who helped them say it.
    pupil_wants = models.TextField("What the pupil wants from it", blank=True)
    pupil_worries = models.TextField("What worries the pupil", blank=True)
    pupil_good_at = models.TextField("What the pupil is good at", blank=True)
    pupil_choice = models.TextField("The pupil's choice of provider", blank=True)
    pupil_helped_by = models.CharField("Who helped the pupil say it", max_length=200, blank=True)

    # What a provider asked reads before it is chosen: the school's choice from `Shared`.
    shared_for_deciding = ArrayField(
        models.CharField(max_length=20, choices=Shared.choices), default=shared_by_default, blank=True
    )
    # The pupil's part of it, copied from the pupil when the referral is sent (blank when not shared).
    shared_name = models.CharField(max_length=120, blank=True)  # "Amira K."
    shared_year_group = models.SmallIntegerField(null=True, blank=True)
    shared_sex = models.CharField(max_length=1, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(ReferralQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["local_authority", "status"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.school_id is None:
            self.school_id = self.pupil.school_id  # the pupil's school commissions
        if self.local_authority_id is None:
            self.local_authority_id = self.pupil.local_authority_id
        super().save(*args, **kwargs)


class Response(models.TextChoices):
    AWAITING = "awaiting", "Waiting for a reply"
    CAN_OFFER = "can_offer", "Can offer a place"
    CANNOT_OFFER = "cannot_offer", "Cannot offer a place"
    VISIT_FIRST = "visit_first", "Wants a visit or taster first"
    CHOSEN = "chosen", "Offer accepted by the school"
    NOT_NEEDED = "not_needed", "Place not needed"


class RecipientQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.recipients(membership))


@pghistory.track()
class Recipient(models.Model):
    """A provider the referral was sent to, and its answer."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="recipients")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.AWAITING)
    offered_start = models.DateField(null=True, blank=True)
    offered_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    response_reason = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(RecipientQuerySet)()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "provider"], name="one_recipient_per_provider"),
        ]
        indexes = [models.Index(fields=["provider", "response"])]

    def __str__(self) -> str:
        return f"{self.provider} on referral {self.referral_id}"


class ReferralStatusChangeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.referral_timeline(membership, "referral__"))


class ReferralStatusChange(StatusRecord):
    """The referral's timeline: who moved it, when and why."""

    subject_field = "referral"
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="status_changes")

    objects = TenantManager.from_queryset(ReferralStatusChangeQuerySet)()

    class Meta(StatusRecord.Meta):
        pass


class VisitKind(models.TextChoices):
    VISIT = "visit", "Visit"
    TASTER = "taster", "Taster session"


class VisitQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.recipients(membership, "recipient__"))


@pghistory.track()
class Visit(models.Model):
    """A visit or taster at a provider asked, before it decides: scheduled, then its outcome recorded."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=10, choices=VisitKind.choices)
    scheduled_on = models.DateField("Date")
    # None until the outcome is recorded.
    went_ahead = models.BooleanField("It went ahead", null=True, blank=True)
    risk_found = models.TextField("Risk found", blank=True)
    pupil_thought = models.TextField("What the pupil thought of the setting", blank=True)
    parent_thought = models.TextField("What the parent or carer thought of the setting", blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(VisitQuerySet)()

    class Meta:
        ordering = ["scheduled_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_on:%-d %B %Y}"


class DetailSection(models.TextChoices):
    HEALTH = "health", "Health"
    RISK = "risk", "Risk assessment"
    SAFEGUARDING = "safeguarding", "Safeguarding information"
    STRATEGIES = "strategies", "Support strategies"
    WORKED_BEFORE = "worked_before", "What has worked before"
    CONTACTS = "contacts", "Contacts"


class ReferralDetailQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.referral_details(membership))


@pghistory.track()
class ReferralDetail(models.Model):
    """One section of the detailed referral the school writes once an offer is accepted. The chosen
    provider reads a section only when the school marks it shared."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="details")
    section = models.CharField(max_length=20, choices=DetailSection.choices)
    text = models.TextField(blank=True)
    shared = models.BooleanField("Shared with the provider", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(ReferralDetailQuerySet)()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "section"], name="one_detail_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} for referral {self.referral_id}"
