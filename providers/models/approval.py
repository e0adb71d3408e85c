"""Each LA's approved list of providers: an entry per provider, its status and the history of it.

The status moves only through `providers.services.approval.change_status`, which holds the table of
allowed moves.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from providers import visibility
from providers.models.catalogue import PriceUnit


class ApprovalCategoryQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.vocabulary(membership))


@pghistory.track()
class ApprovalCategory(models.Model):
    """A lot or category a provider is approved for: standard ones, and those an LA adds."""

    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=100)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(ApprovalCategoryQuerySet)()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "approval categories"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(local_authority__isnull=True), name="standard_category_name"
            ),
            models.UniqueConstraint(fields=["local_authority", "name"], name="la_category_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ApprovalStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"

    @classmethod
    def approved_values(cls) -> tuple[str, ...]:
        return (cls.APPROVED, cls.APPROVED_WITH_CONDITIONS)

    @property
    def tag_class(self) -> str:
        return {
            "applied": "govuk-tag--blue",
            "approved": "govuk-tag--green",
            "approved_with_conditions": "govuk-tag--turquoise",
            "suspended": "govuk-tag--orange",
            "removed": "govuk-tag--grey",
        }[self.value]


S = ApprovalStatus

# The allowed moves of an entry's status: the one table of the approved list's state machine. Only
# `providers.services.approval.change_status` applies a move; the rules read the table to know whether an
# entry can still be approved.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REMOVED}),
    S.APPROVED: frozenset({S.APPROVED_WITH_CONDITIONS, S.SUSPENDED, S.REMOVED}),
    S.APPROVED_WITH_CONDITIONS: frozenset({S.APPROVED, S.SUSPENDED, S.REMOVED}),
    S.SUSPENDED: frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REMOVED}),
    S.REMOVED: frozenset({S.APPLIED}),  # a removed provider may apply again
}


class ApprovedListEntryQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.list_entries(membership))


@pghistory.track()
class ApprovedListEntry(models.Model):
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="approved_list_entries"
    )
    status = models.CharField(max_length=30, choices=ApprovalStatus.choices, default=ApprovalStatus.APPLIED)
    conditions = models.TextField(blank=True)
    placing_conditions = models.TextField(
        "Conditions for placing",
        blank=True,
        help_text="What a school must know when it places a pupil, such as a cap on pupils. The LA's "
        "schools see these; the other conditions stay between the LA and the provider.",
    )
    categories = models.ManyToManyField(ApprovalCategory, blank=True, related_name="+")
    price = models.DecimalField("Price agreed", max_digits=8, decimal_places=2, null=True, blank=True)
    price_unit = models.CharField(max_length=10, choices=PriceUnit.choices, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField("Next review", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(ApprovedListEntryQuerySet)()

    class Meta:
        verbose_name_plural = "approved list entries"
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "provider"], name="one_entry_per_provider"),
            models.CheckConstraint(
                name="conditions_stated",
                condition=~Q(status="approved_with_conditions") | ~Q(conditions=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} on {self.local_authority}'s list ({self.get_status_display()})"

    @property
    def is_approved(self) -> bool:
        return self.status in ApprovalStatus.approved_values()

    @property
    def status_choice(self) -> ApprovalStatus:
        return ApprovalStatus(self.status)

    @property
    def may_become_approved(self) -> bool:
        """Its status may move to approved, with or without conditions (`TRANSITIONS`)."""
        return not TRANSITIONS.get(self.status, frozenset()).isdisjoint(S.approved_values())

    @property
    def conditions_in_force(self) -> str:
        """The conditions of approval, only while it is approved with conditions: those kept through a
        suspension (for a re-approval with conditions) are not shown as if they applied."""
        return self.conditions if self.status == S.APPROVED_WITH_CONDITIONS else ""

    @property
    def placing_conditions_in_force(self) -> str:
        """The conditions for placing schools must follow: only while it is approved with conditions.
        Those of a suspended entry are kept (a re-approval with conditions may reuse them) but not shown
        as if they applied."""
        return self.placing_conditions if self.status == S.APPROVED_WITH_CONDITIONS else ""


class StatusChangeQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.status_changes(membership))


class StatusChange(models.Model):
    """Every move of an entry's status, with who, when and why. Append-only: written by change_status."""

    entry = models.ForeignKey(ApprovedListEntry, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=30, choices=ApprovalStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(StatusChangeQuerySet)()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        # Append-only in the database itself: the record of who did what cannot be edited later.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
