"""Quality-assurance visits against a framework of areas, with judgements, findings and actions followed
up until closed. Visits belong to the organisation that made them (an LA, or a school for its own
assurance)."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy import rules
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from providers.models.corrections import EnteredInError, entered_in_error_stated
from providers.models.evidence import standard_or_own_rule, trust_local_authority_ids


class QAAreaQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(standard_or_own_rule(membership))

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


def visit_detail_rule(membership, prefix: str = "") -> Q:
    """Who may read a visit in full: the organisation that made it, the LA of a visiting school's area,
    a visiting school's trust, and the provider visited (its own share of it: the parts below keep the
    visitor's internal actions and follow-up notes from it). Never another school, never another LA."""
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return Q(**{f"{prefix}provider_id": organisation.pk})
    rule = Q(**{f"{prefix}visiting_organisation_id": organisation.pk})
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        rule |= Q(**{f"{prefix}visiting_organisation__local_authority_id": organisation.pk})
    elif organisation.kind == Kind.TRUST:
        rule |= Q(**{f"{prefix}visiting_organisation__trust_id": organisation.pk})
    return rule


def area_las_visits_rule(membership, prefix: str = "") -> Q:
    """The visits made by the LA a school is in, or by each LA a trust's schools are in, for those
    `rules.reads_area_las_visits` lets read them in summary. Matches nothing for anyone else."""
    organisation = membership.organisation
    if not rules.reads_area_las_visits(membership):
        return Q(pk__in=[])
    if organisation.kind == Kind.SCHOOL:
        return Q(**{f"{prefix}visiting_organisation_id": organisation.local_authority_id})
    return Q(**{f"{prefix}visiting_organisation_id__in": trust_local_authority_ids(organisation.pk)})


class QAVisitQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        """The full visits above, and for a school or a trust the visits of its area's LAs too, which it
        reads in summary (`rules.can_view_visit_detail` keeps the rest for those who made them)."""
        return self.filter(visit_detail_rule(membership) | area_las_visits_rule(membership))

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
    visited_on = models.DateField("Date of visit")
    kind = models.CharField(max_length=20, choices=VisitKind.choices, default=VisitKind.ANNOUNCED)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(help_text="What a school choosing this provider should know.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(QAVisitQuerySet)()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = "QA visit"
        indexes = [models.Index(fields=["provider", "visiting_organisation", "-visited_on"])]
        constraints = [entered_in_error_stated("visit_entered_in_error_stated")]

    def __str__(self) -> str:
        return f"QA visit to {self.provider} on {self.visited_on:%-d %B %Y}"


class VisitPartQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visit_detail_rule(membership, "visit__"))


def provider_share_rule(membership, prefix: str = "") -> Q:
    """The actions a visit leaves the provider to do: the provider sees these (and only these) of the
    visits about it, and the schools of the visiting LA's area (and their trusts) see them too, as they
    place pupils there. The visitor's own to-dos stay the visitor's."""
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return Q(**{f"{prefix}visit__provider_id": organisation.pk, f"{prefix}owned_by_provider": True})
    rule = visit_detail_rule(membership, f"{prefix}visit__")
    if rules.reads_area_las_visits(membership):
        rule |= area_las_visits_rule(membership, f"{prefix}visit__") & Q(
            **{f"{prefix}owned_by_provider": True}
        )
    return rule


class QAActionQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(provider_share_rule(membership))

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
        """The visitor's follow-up notes are its own record (and its LA's and trust's): the provider sees
        only its own replies, on the actions it must do."""
        if membership.organisation.kind == Kind.PROVIDER:
            return self.filter(provider_share_rule(membership, "action__"), by_provider=True)
        return self.filter(visit_detail_rule(membership, "action__visit__"))


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
