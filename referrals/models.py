"""The referral: a school asks one or more providers whether they can offer a pupil a place (DOMAIN.md
3.3; the seed on referrals). Its status moves through one table (`referrals.workflow.REFERRAL_STATUS`),
every move recorded.

Data minimisation: before a provider accepts, it reads only what the school chose to share for deciding
(by default first name and surname initial, year group, sex, the reason, the needs summary, hours and
start), copied onto the referral when it is sent. A provider never reads the pupil's record itself.
"""

import pghistory
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

    # What a provider asked reads before it accepts, copied from the pupil when the referral is sent.
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
