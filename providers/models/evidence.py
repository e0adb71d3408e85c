"""Compliance evidence: typed, dated checks on a provider, each expiring after a validity period that an
LA may set per type (DOMAIN.md 3.1 and 4)."""

import datetime

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apcommission.documents.storage import document_path, private_storage
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from providers import visibility
from providers.models.corrections import EnteredInError, entered_in_error_stated


class EvidenceTypeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.evidence_types(membership))

    def in_use(self):
        return self.filter(retired_at__isnull=True)


@pghistory.track()
class EvidenceType(models.Model):
    """A kind of evidence. Standard types have no LA; an LA adds its own (retired, never deleted)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    default_validity_days = models.PositiveIntegerField(
        "Valid for (days)", validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    may_hold_dbs_copies = models.BooleanField(
        default=False, help_text="Uploads of this type are asked whether they include DBS certificate copies."
    )
    local_authority = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=100)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(EvidenceTypeQuerySet)()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(local_authority__isnull=True), name="standard_evidence_type_name"
            ),
            models.UniqueConstraint(fields=["local_authority", "name"], name="la_evidence_type_name"),
        ]

    def __str__(self) -> str:
        return self.name


class EvidenceValidityQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.own_local_authority(membership))


@pghistory.track()
class EvidenceValidity(models.Model):
    """An LA's own validity period for a type of evidence, overriding the type's default."""

    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    evidence_type = models.ForeignKey(EvidenceType, on_delete=models.PROTECT, related_name="validities")
    validity_days = models.PositiveIntegerField(
        "Valid for (days)", validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )

    objects = TenantManager.from_queryset(EvidenceValidityQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "evidence_type"], name="one_validity_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.evidence_type}: {self.validity_days} days for {self.local_authority}"


class Outcome(models.TextChoices):
    SATISFACTORY = "satisfactory", "Satisfactory"
    SATISFACTORY_WITH_ACTIONS = "with_actions", "Satisfactory with actions"
    NOT_SATISFACTORY = "not_satisfactory", "Not satisfactory"


class EvidenceQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.evidence_checks(membership))

    def counting(self):
        """The checks that count towards a state: not those entered in error."""
        return self.filter(entered_in_error_at__isnull=True)


@pghistory.track()
class Evidence(EnteredInError):
    """One check of one piece of evidence. A newer check of the same type supersedes it; none is deleted.
    A check recorded by mistake is marked entered in error and stops counting."""

    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="evidence")
    evidence_type = models.ForeignKey(EvidenceType, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField("Date checked")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_for = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation whose officer checked it.",
    )
    expires_on = models.DateField("Expiry date")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    document = models.FileField(storage=private_storage, upload_to=document_path, blank=True, max_length=200)
    document_name = models.CharField(max_length=120, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    holds_dbs_copies = models.BooleanField(default=False)
    document_delete_after = models.DateField(null=True, blank=True)
    document_removed_at = models.DateTimeField(null=True, blank=True)
    document_removed_reason = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(EvidenceQuerySet)()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["provider", "evidence_type", "-expires_on"])]
        constraints = [
            models.CheckConstraint(
                name="expires_after_checked", condition=Q(expires_on__gte=models.F("checked_on"))
            ),
            models.CheckConstraint(
                name="dbs_copies_have_a_deletion_date",
                condition=Q(holds_dbs_copies=False) | Q(document_delete_after__isnull=False) | Q(document=""),
            ),
            entered_in_error_stated("evidence_entered_in_error_stated"),
        ]

    def __str__(self) -> str:
        return f"{self.evidence_type} for {self.provider}, checked {self.checked_on:%-d %B %Y}"

    @property
    def has_document(self) -> bool:
        return bool(self.document) and self.document_removed_at is None


class EvidenceState(models.TextChoices):
    """Worst first: the state of a provider is the worst state of any of its required types. A check
    that failed or lapsed outranks one never made, so a lapsed safeguarding check never looks like a
    missing admin document (a type an LA has just added is missing everywhere)."""

    NOT_SATISFACTORY = "not_satisfactory", "Not satisfactory"
    EXPIRED = "expired", "Expired"
    MISSING = "missing", "Missing"
    EXPIRING = "expiring", "Expiring soon"
    CURRENT = "current", "Current"

    @classmethod
    def of_check(cls, check: "Evidence | None", today: datetime.date) -> "EvidenceState":
        """The state a type is in given its latest check: a failed check is not made good by an older
        one that passed (the newer check supersedes it)."""
        if check is not None and check.outcome == Outcome.NOT_SATISFACTORY:
            return cls.NOT_SATISFACTORY
        return cls.of(check.expires_on if check else None, today)

    @classmethod
    def of(cls, expires_on: datetime.date | None, today: datetime.date) -> "EvidenceState":
        """Current until the end of its expiry date; expiring soon within the warning window before it."""
        if expires_on is None:
            return cls.MISSING
        if expires_on < today:
            return cls.EXPIRED
        if expires_on <= today + datetime.timedelta(days=settings.EVIDENCE_EXPIRING_SOON_DAYS):
            return cls.EXPIRING
        return cls.CURRENT

    @classmethod
    def worst(cls, states) -> "EvidenceState":
        order = list(cls)
        return min(states, key=order.index, default=cls.CURRENT)

    @property
    def tag_class(self) -> str:
        return {
            "not_satisfactory": "govuk-tag--red",
            "missing": "govuk-tag--red",
            "expired": "govuk-tag--red",
            "expiring": "govuk-tag--yellow",
            "current": "govuk-tag--green",
        }[self.value]
