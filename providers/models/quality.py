"""Quality-assurance visits against a framework of areas, with judgements, findings and actions followed
up until closed. Visits belong to the organisation that made them (an LA, or a school for its own
assurance)."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from providers import visibility
from providers.models.corrections import EnteredInError, entered_in_error_stated


class QAAreaQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.vocabulary(membership))

    def in_use(self):
        return self.filter(retired_at__isnull=True)


@pghistory.track()
class QAArea(models.Model):
    """An area of the QA framework: the four of DfE's 2025 national standards, and areas an LA adds."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    local_authority = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=100)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(QAAreaQuerySet)()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "QA area"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(local_authority__isnull=True), name="standard_area_name"
            ),
            models.UniqueConstraint(fields=["local_authority", "name"], name="la_area_name"),
        ]

    def __str__(self) -> str:
        return self.name


class QAVisitQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.visits(membership))

    def counting(self):
        """The visits that count (as the latest visit, for open actions): not those entered in error."""
        return self.filter(entered_in_error_at__isnull=True)


class Judgement(models.TextChoices):
    MEETS = "meets", "Meets the standard"
    PARTLY = "partly", "Partly meets the standard"
    DOES_NOT_MEET = "does_not_meet", "Does not meet the standard"
    NOT_SEEN = "not_seen", "Not looked at on this visit"


class VisitKind(models.TextChoices):
    ANNOUNCED = "announced", "Announced visit"
    UNANNOUNCED = "unannounced", "Unannounced visit"
    VIRTUAL = "virtual", "Virtual or desk-based review"


@pghistory.track()
class QAVisit(EnteredInError):
    """A visit to a provider. One recorded by mistake is marked entered in error, never deleted."""

    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="qa_visits")
    visiting_organisation = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="qa_visits_made"
    )
    # The key `providers.visibility` compares, stored so the rule needs no join: the visiting LA itself,
    # or the LA of a visiting school's area (which never changes: a school's LAESTAB starts with it).
    local_authority = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    visited_on = models.DateField("Date of visit")
    kind = models.CharField(max_length=20, choices=VisitKind.choices, default=VisitKind.ANNOUNCED)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(help_text="What a school choosing this provider should know.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(QAVisitQuerySet)()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = "QA visit"
        indexes = [
            models.Index(fields=["provider", "visiting_organisation", "-visited_on"]),
            models.Index(fields=["local_authority", "provider"]),
        ]
        constraints = [entered_in_error_stated("visit_entered_in_error_stated")]

    def __str__(self) -> str:
        return f"QA visit to {self.provider} on {self.visited_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.local_authority_id is None:
            visitor = self.visiting_organisation
            self.local_authority_id = visitor.local_authority_id or visitor.pk
        super().save(*args, **kwargs)


class VisitPartQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.visit_parts(membership))


class QAActionQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.actions(membership))

    def open(self):
        """Not closed, on a visit that counts."""
        return self.filter(closed_at__isnull=True, visit__entered_in_error_at__isnull=True)


@pghistory.track()
class AreaJudgement(models.Model):
    visit = models.ForeignKey(QAVisit, on_delete=models.PROTECT, related_name="judgements")
    area = models.ForeignKey(QAArea, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=20, choices=Judgement.choices)
    findings = models.TextField(blank=True)

    objects = TenantManager.from_queryset(VisitPartQuerySet)()

    class Meta:
        ordering = ["area__order", "area__name"]
        constraints = [models.UniqueConstraint(fields=["visit", "area"], name="one_judgement_per_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_judgement_display()}"


@pghistory.track()
class QAAction(models.Model):
    """Something a visit found must change, with an owner and a due date, followed up until closed."""

    visit = models.ForeignKey(QAVisit, on_delete=models.PROTECT, related_name="actions")
    area = models.ForeignKey(QAArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who will do it, for example the provider's manager")
    owned_by_provider = models.BooleanField(
        "The provider must do it",
        default=True,
        help_text="The provider sees, and may reply to, the actions it must do. The visiting organisation's "
        "own actions stay its own.",
    )
    due_on = models.DateField("Due by")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(QAActionQuerySet)()

    class Meta:
        ordering = ["closed_at", "due_on", "pk"]
        verbose_name = "QA action"

    def __str__(self) -> str:
        return self.description[:80]


class ActionUpdateQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.action_updates(membership))


class ActionUpdate(models.Model):
    """A follow-up note on an action, or the provider's reply to it; the one that closes it says so.
    Append-only."""

    action = models.ForeignKey(QAAction, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField()
    closes = models.BooleanField(default=False)
    by_provider = models.BooleanField(
        default=False, help_text="A reply from the provider, which never closes the action."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(ActionUpdateQuerySet)()

    class Meta:
        ordering = ["recorded_at", "pk"]
        # Append-only in the database itself: the record of who did what cannot be edited later.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
        constraints = [
            models.CheckConstraint(name="a_reply_never_closes", condition=~Q(by_provider=True, closes=True))
        ]

    def __str__(self) -> str:
        return self.note[:80]
