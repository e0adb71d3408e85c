"""The providers app's models, split by concept: the profile, compliance evidence, the approved list and
quality assurance. Every one is tenant data and uses the one scoping path (`TenantManager`)."""

from providers.models.approval import ApprovalCategory, ApprovalStatus, ApprovedListEntry, StatusChange
from providers.models.catalogue import (
    KeyStage,
    Offer,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    RegistrationStatus,
    Specialism,
    Weekday,
)
from providers.models.evidence import Evidence, EvidenceState, EvidenceType, EvidenceValidity, Outcome
from providers.models.profile import ProfileVerification, ProviderProfile, Site
from providers.models.quality import (
    ActionUpdate,
    AreaJudgement,
    Judgement,
    QAAction,
    QAArea,
    QAVisit,
    VisitKind,
)

__all__ = [
    "ActionUpdate",
    "ApprovalCategory",
    "ApprovalStatus",
    "ApprovedListEntry",
    "AreaJudgement",
    "Evidence",
    "EvidenceState",
    "EvidenceType",
    "EvidenceValidity",
    "Judgement",
    "KeyStage",
    "Offer",
    "OfstedJudgement",
    "Outcome",
    "PriceUnit",
    "ProfileVerification",
    "ProviderProfile",
    "ProviderType",
    "QAAction",
    "QAArea",
    "QAVisit",
    "RegistrationStatus",
    "Site",
    "Specialism",
    "StatusChange",
    "VisitKind",
    "Weekday",
]
