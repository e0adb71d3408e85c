"""Factories for the providers app: profiles, sites, evidence, approved-list entries and QA visits.

Each creates its row inside `unscoped` (through `UnscopedFactory`), as tenant models refuse unscoped
queries. The standard evidence types, categories and QA areas come from a data migration: factories
that need one pick it by name (`standard_evidence_type("Insurance")`).
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from providers.models import (
    ActionUpdate,
    ApprovalCategory,
    ApprovalStatus,
    ApprovedListEntry,
    AreaJudgement,
    Evidence,
    EvidenceType,
    EvidenceValidity,
    Judgement,
    Outcome,
    ProfileVerification,
    ProviderProfile,
    ProviderType,
    QAAction,
    QAArea,
    QAVisit,
    RegistrationStatus,
    Site,
    StatusChange,
)
from tests.factories import LocalAuthorityFactory, ProviderFactory, UnscopedFactory, UserFactory


def standard_evidence_type(name_starts: str) -> EvidenceType:
    with unscoped("test data"):
        return EvidenceType.objects.get(local_authority=None, name__startswith=name_starts)


def standard_evidence_types() -> list[EvidenceType]:
    with unscoped("test data"):
        return list(EvidenceType.objects.filter(local_authority=None))


def standard_area(name_starts: str) -> QAArea:
    with unscoped("test data"):
        return QAArea.objects.get(local_authority=None, name__startswith=name_starts)


def standard_areas(*, in_use_only: bool = False) -> list[QAArea]:
    with unscoped("test data"):
        areas = QAArea.objects.filter(local_authority=None)
        return list(areas.filter(retired_at=None) if in_use_only else areas)


def standard_category(name: str) -> ApprovalCategory:
    with unscoped("test data"):
        return ApprovalCategory.objects.get(local_authority=None, name=name)


class ProviderProfileFactory(UnscopedFactory):
    class Meta:
        model = ProviderProfile

    provider = factory.SubFactory(ProviderFactory)
    provider_type = ProviderType.TRAINING_PROVIDER
    registration_status = RegistrationStatus.FE_REGISTERED
    key_stages = factory.LazyFunction(lambda: ["ks4"])
    specialisms = factory.LazyFunction(lambda: ["vocational"])
    offers = factory.LazyFunction(lambda: ["part_time"])
    teaches_english = True
    teaches_maths = True
    capacity = 20
    hours_per_week = Decimal("15.0")
    days = factory.LazyFunction(lambda: ["mon", "tue", "wed"])


class SiteFactory(UnscopedFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    name = "Main site"
    address_line_1 = factory.Sequence(lambda n: f"{n} High Street")
    town = "Demoton"
    postcode = "DM1 1AA"


class LAEvidenceTypeFactory(UnscopedFactory):
    class Meta:
        model = EvidenceType

    name = factory.Sequence(lambda n: f"Local check {n}")
    default_validity_days = 365
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class EvidenceValidityFactory(UnscopedFactory):
    class Meta:
        model = EvidenceValidity

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    evidence_type = factory.LazyFunction(lambda: standard_evidence_type("Insurance"))
    validity_days = 180


class EvidenceFactory(UnscopedFactory):
    class Meta:
        model = Evidence

    provider = factory.SubFactory(ProviderFactory)
    evidence_type = factory.LazyFunction(lambda: standard_evidence_type("Insurance"))
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    expires_on = factory.LazyAttribute(lambda o: o.checked_on + datetime.timedelta(days=365))
    checked_by = factory.SubFactory(UserFactory)
    checked_for = factory.SubFactory(LocalAuthorityFactory)
    outcome = Outcome.SATISFACTORY


def full_evidence(provider, la, *, expires_on=None, by=None) -> list[Evidence]:
    """A current check of every standard type (or all expiring on `expires_on`)."""
    by = by or UserFactory()
    items = []
    for evidence_type in standard_evidence_types():
        fields = {"expires_on": expires_on} if expires_on else {}
        items.append(
            EvidenceFactory(
                provider=provider, evidence_type=evidence_type, checked_for=la, checked_by=by, **fields
            )
        )
    return items


class ApprovalCategoryFactory(UnscopedFactory):
    class Meta:
        model = ApprovalCategory

    name = factory.Sequence(lambda n: f"Local lot {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class ApprovedListEntryFactory(UnscopedFactory):
    class Meta:
        model = ApprovedListEntry
        skip_postgeneration_save = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = ApprovalStatus.APPROVED
    price = Decimal("95.00")
    price_unit = "day"
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    next_review_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=265))

    @factory.post_generation
    def categories(entry, create, extracted, **kwargs):
        if create and extracted:
            with unscoped("test data"):
                entry.categories.set(extracted)


class StatusChangeFactory(UnscopedFactory):
    class Meta:
        model = StatusChange

    entry = factory.SubFactory(ApprovedListEntryFactory)
    from_status = ApprovalStatus.APPLIED
    to_status = ApprovalStatus.APPROVED
    reason = "Checks complete"
    changed_by = factory.SubFactory(UserFactory)


class QAAreaFactory(UnscopedFactory):
    class Meta:
        model = QAArea

    name = factory.Sequence(lambda n: f"Local area {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class QAVisitFactory(UnscopedFactory):
    class Meta:
        model = QAVisit

    provider = factory.SubFactory(ProviderFactory)
    visiting_organisation = factory.SubFactory(LocalAuthorityFactory)
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    visited_by = factory.SubFactory(UserFactory)
    summary = "Calm, purposeful sessions; attendance recorded the same day."


class AreaJudgementFactory(UnscopedFactory):
    class Meta:
        model = AreaJudgement

    visit = factory.SubFactory(QAVisitFactory)
    area = factory.LazyFunction(lambda: standard_area("Safeguarding"))
    judgement = Judgement.MEETS
    findings = "Single central record complete and checked."


class QAActionFactory(UnscopedFactory):
    class Meta:
        model = QAAction

    visit = factory.SubFactory(QAVisitFactory)
    description = "Update the fire risk assessment for the workshop."
    owner = "Provider manager"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))


class ActionUpdateFactory(UnscopedFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(QAActionFactory)
    note = "Chased by email."
    recorded_by = factory.SubFactory(UserFactory)


class ProfileVerificationFactory(UnscopedFactory):
    class Meta:
        model = ProfileVerification

    provider = factory.SubFactory(ProviderFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    verified_by = factory.SubFactory(UserFactory)
    snapshot = factory.LazyFunction(dict)
