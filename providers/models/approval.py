"""Each LA's approved list of providers: an entry per provider, its status and the history of it.

The status moves only along `ENTRY_STATUS`, the table of allowed moves, through
`providers.services.approval.change_status`.
"""

import pghistory
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from apcommission.vocabulary.models import VocabularyEntry, VocabularyQuerySet, unique_names
from apcommission.workflow import Move, StatusRecord, Workflow
from providers import visibility
from providers.models.catalogue import PriceUnit


class ApprovalCategoryQuerySet(VocabularyQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.approval_categories(membership))


@pghistory.track()
class ApprovalCategory(VocabularyEntry):
    """A lot or category a provider is approved for: standard ones, and those an LA adds."""

    noun = "category"

    # Its table predates the shared vocabulary: names of lots are short, and a category is its name alone.
    name = models.CharField(max_length=100)
    description = None

    objects = TenantManager.from_queryset(ApprovalCategoryQuerySet)()

    class Meta(VocabularyEntry.Meta):
        verbose_name_plural = "approval categories"
        constraints = unique_names(standard="standard_category_name", own="la_category_name")


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
        """Its status may move to approved, with or without conditions (`ENTRY_STATUS`)."""
        return any(ENTRY_STATUS.allows(self.status, status) for status in S.approved_values())

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


class StatusChange(StatusRecord):
    """Every move of an entry's status, with who, when and why: append-only, written by `ENTRY_STATUS`."""

    subject_field = "entry"

    entry = models.ForeignKey(ApprovedListEntry, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=30, choices=ApprovalStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)

    objects = TenantManager.from_queryset(StatusChangeQuerySet)()

    class Meta(StatusRecord.Meta):
        pass


# The allowed moves of an entry's status: the one table of the approved list's state machine, which alone
# applies them (`ENTRY_STATUS.move`); the rules read it to know whether an entry can still be approved.
ENTRY_STATUS = Workflow(
    states=ApprovalStatus,
    subject="provider",
    history=StatusChange,
    moves={
        S.APPLIED: [
            Move(S.APPROVED, "Approve"),
            Move(S.APPROVED_WITH_CONDITIONS, "Approve with conditions"),
            Move(S.REMOVED, "Remove from the list"),
        ],
        S.APPROVED: [
            Move(S.APPROVED_WITH_CONDITIONS, "Set conditions"),
            Move(S.SUSPENDED, "Suspend"),
            Move(S.REMOVED, "Remove from the list"),
        ],
        S.APPROVED_WITH_CONDITIONS: [
            Move(S.APPROVED, "Lift the conditions"),
            Move(S.SUSPENDED, "Suspend"),
            Move(S.REMOVED, "Remove from the list"),
        ],
        S.SUSPENDED: [
            Move(S.APPROVED, "Reinstate"),
            Move(S.APPROVED_WITH_CONDITIONS, "Reinstate with conditions"),
            Move(S.REMOVED, "Remove from the list"),
        ],
        S.REMOVED: [Move(S.APPLIED, "Apply again")],  # a removed provider may apply again
    },
    # How an entry in each status is spoken of in a refusal: "A suspended provider cannot move to applied".
    described={
        S.APPLIED: "A provider that has applied",
        S.APPROVED: "An approved provider",
        S.APPROVED_WITH_CONDITIONS: "A provider approved with conditions",
        S.SUSPENDED: "A suspended provider",
        S.REMOVED: "A removed provider",
    },
)
