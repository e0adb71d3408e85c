"""Safeguarding concerns (DOMAIN.md 3.5 and "Who sees what": "safeguarding concern details: DSLs only (the
AP lead and leader see that one exists); ... the provider that raised it").

A concern is split into records by who may read them, so that the scoping path itself says who reads
what, and no template has to hide a field:

- `Concern`: that a concern exists, about which placement, raised when and by whom, and its state. Read
  by the school's DSLs, AP lead and leader, and by the provider that raised it.
- `ConcernDetail`: what the provider saw or heard, when, who was involved, whether the pupil is at
  immediate risk and what the provider did. Read by the school's DSLs and the provider that raised it;
  by the school's AP lead or leader only once a DSL shares the details with that role (`DetailShare`).
- `ConcernAction`: the DSL's record of what was done (and to whom it was referred). Read by the school's
  DSLs, and the roles a DSL shared the details with. Never the provider: a referral to the LADO may be
  about the provider's own staff.
- `DetailShare`: a DSL's decision, with its reason, to let the school's AP lead or leader read the
  details: the access grant the rule reads.

The keys the rules compare (`school`, `local_authority`, `provider`) are copied from the placement when
the concern is raised: `provider` is the provider that raised it. None of these records has a reverse
accessor (`related_name="+"`): Django reads related objects past the scoped manager, so the details are
reached only through `ConcernDetail.objects.visible_to(...)`.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from safeguarding import visibility


class ConcernState(models.TextChoices):
    RAISED = "raised", "New"
    BEING_HANDLED = "being_handled", "Being handled"
    CLOSED = "closed", "Closed"

    @property
    def tag_class(self) -> str:
        return {
            ConcernState.RAISED: "govuk-tag--red",
            ConcernState.BEING_HANDLED: "govuk-tag--yellow",
            ConcernState.CLOSED: "govuk-tag--grey",
        }[self]


class ReferredTo(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    LADO = "lado", "Local authority designated officer (LADO)"
    OTHER = "other", "Someone else"


class SharedWith(models.TextChoices):
    """The school roles a DSL may share a concern's details with."""

    AP_LEAD = Role.AP_LEAD.value, "The school's AP leads"
    SCHOOL_LEADER = Role.SCHOOL_LEADER.value, "The school's leaders"

    @property
    def in_a_sentence(self) -> str:
        """ "the school's AP leads": the label after a verb."""
        return self.label[:1].lower() + self.label[1:]


class ConcernQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.concerns(membership))


@pghistory.track()
class Concern(models.Model):
    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    # The keys the rules compare, copied from the placement: its school, the school's LA, and the
    # provider that raised the concern.
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=ConcernState.choices, default=ConcernState.RAISED)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField("First handled", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(ConcernQuerySet)()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="raised") | Q(handled_at__isnull=False), name="handled_concern_says_when"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False), name="closed_concern_says_when"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "state"]),
            models.Index(fields=["provider", "raised_at"]),
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.pk} ({self.get_state_display()})"

    @property
    def state_tag(self) -> str:
        return ConcernState(self.state).tag_class


class ConcernDetailQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.concern_details(membership))


@pghistory.track()
class ConcernDetail(models.Model):
    """What the provider reported. Written once, when the concern is raised."""

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="+")
    # The keys the rules compare, copied from the placement: its school, the school's LA, and the
    # provider that raised the concern.
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    what_happened = models.TextField("What was seen or heard")
    happened_on = models.DateField("When it was seen or heard")
    happened_time = models.CharField("Time", max_length=100, blank=True)
    who_involved = models.TextField("Who was involved")
    immediate_risk = models.BooleanField("The pupil is at immediate risk of harm")
    provider_action = models.TextField("What the provider has done already")

    objects = TenantManager.from_queryset(ConcernDetailQuerySet)()

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Details of safeguarding concern {self.concern_id}"


class ConcernActionQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.dsl_records(membership))


class ConcernAction(models.Model):
    """One entry in the DSL's record of what was done. Append-only: a later entry says what changed."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="+")
    # The keys the rules compare, copied from the placement: its school, the school's LA, and the
    # provider that raised the concern.
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.TextField("What was done")
    done_by = models.CharField("Who did it", max_length=200)
    done_on = models.DateField("When it was done")
    referred_to = ArrayField(
        models.CharField(max_length=20, choices=ReferredTo.choices), default=list, blank=True
    )
    referred_elsewhere = models.CharField("Referred to someone else", max_length=200, blank=True)
    state_after = models.CharField(max_length=20, choices=ConcernState.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(ConcernActionQuerySet)()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(state_after="raised"), name="an_action_handles_the_concern"),
        ]
        indexes = [models.Index(fields=["concern", "recorded_at"])]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"What was done on {self.done_on:%-d %B %Y}"

    @property
    def referred_to_words(self) -> list[str]:
        labels = dict(ReferredTo.choices)
        words = [labels[value] for value in self.referred_to if value in labels and value != ReferredTo.OTHER]
        if ReferredTo.OTHER in self.referred_to:
            words.append(self.referred_elsewhere or labels[ReferredTo.OTHER])
        return words


class DetailShareQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.shares(membership))


class DetailShare(models.Model):
    """A DSL's decision to let one more school role read a concern's details, with the reason. Append-only:
    the grant the rule reads, kept as it was made."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SharedWith.choices)
    reason = models.TextField("Why they need to know")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(DetailShareQuerySet)()

    class Meta:
        ordering = ["shared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["concern", "role"], name="shared_once_with_a_role")]
        indexes = [models.Index(fields=["school", "role"])]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Shared with {SharedWith(self.role).in_a_sentence}"
