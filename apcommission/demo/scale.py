"""Generated providers for measuring pages at the size of a real LA (`seed_demo --providers 80`).

Each gets a profile with contact details, a site, a check of every standard type of evidence (some
expiring or expired), an entry on Demoshire's approved list with its history, and a QA visit with
judgements and two actions (the provider's, and the LA's own), so the directory and the approved list
show everything they would in real use. Numbered, so running it again adds nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.providers import add_check, add_entry, add_profile, add_visit
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from providers.models import (
    ApprovalCategory,
    ApprovalStatus,
    EvidenceType,
    Judgement,
    ProviderType,
    QAArea,
    RegistrationStatus,
)

FIRST_UKPRN = 10098000  # generated providers take UKPRNs 10098000 upwards
TYPES = list(ProviderType)
STATUSES = [
    ApprovalStatus.APPROVED,
    ApprovalStatus.APPROVED,
    ApprovalStatus.APPROVED_WITH_CONDITIONS,
    ApprovalStatus.APPLIED,
    ApprovalStatus.SUSPENDED,
]
EXPIRY_DAYS = [200, 150, 20, -10, 300, 90]


def add_generated_providers(total: int, *, local_authority, officer) -> int:
    """Make sure Demoshire has `total` generated providers. Returns how many were added."""
    today = timezone.localdate()
    types = list(EvidenceType.objects.filter(local_authority=None))
    categories = list(ApprovalCategory.objects.filter(local_authority=None))
    areas = list(QAArea.objects.filter(local_authority=None))
    added = 0
    for number in range(1, total + 1):
        ukprn = str(FIRST_UKPRN + number)
        if Organisation.objects.filter(ukprn=ukprn).exists():
            continue
        added += 1
        provider = Organisation.objects.create(
            kind=Kind.PROVIDER,
            name=f"Demoshire Provider {number:03d}",
            ukprn=ukprn,
            local_authority=local_authority,
        )
        add_profile(provider, _profile_fields(number, local_authority), [_site(number)])
        for index, evidence_type in enumerate(types):
            expires_in = EXPIRY_DAYS[(number + index) % len(EXPIRY_DAYS)]
            add_check(
                provider,
                evidence_type,
                expires_on=today + datetime.timedelta(days=expires_in),
                la=local_authority,
                officer=officer,
                today=today,
            )
        status = STATUSES[number % len(STATUSES)]
        add_entry(
            local_authority,
            provider,
            categories=categories[number % 3 : number % 3 + 2],
            history=[("", status, "Generated")],
            officer=officer,
            status=status,
            conditions="Termly attendance returns."
            if status == ApprovalStatus.APPROVED_WITH_CONDITIONS
            else "",
            price=Decimal("80.00") + number,
            price_unit="day",
            approved_on=today - datetime.timedelta(days=number),
            next_review_on=today + datetime.timedelta(days=365 - number),
        )
        add_visit(
            provider,
            local_authority,
            visited_on=today - datetime.timedelta(days=number),
            by=officer,
            summary="Routine monitoring visit.",
            judgements=dict.fromkeys(areas, Judgement.MEETS),
            actions=[
                ("Send the attendance policy.", "Manager", today),
                ("Check the attendance policy at the next visit.", "QA officer", today, False),
            ],
            areas=areas,
        )
    return added


def _profile_fields(number: int, local_authority) -> dict:
    return {
        "provider_type": TYPES[number % len(TYPES)],
        "registration_status": RegistrationStatus.FE_REGISTERED
        if number % 4
        else RegistrationStatus.UNREGISTERED,
        "key_stages": ["ks3", "ks4"] if number % 2 else ["ks4"],
        "specialisms": ["semh"] if number % 3 else ["vocational", "medical"],
        "offers": ["part_time"] if number % 2 else ["full_time"],
        "teaches_english": True,
        "teaches_maths": bool(number % 2),
        "capacity": 10 + number % 30,
        "hours_per_week": Decimal(10 + number % 15),
        "price": Decimal("80.00") + number,
        "price_unit": "day",
        "added_by": local_authority,
        "phone": f"01632 960 {number % 1000:03d}",  # Ofcom's range for drama: never a real line
        "email": f"office@provider-{number:03d}.example",
    }


def _site(number: int) -> tuple[str, str, str, str]:
    return ("Main site", f"{number} Long Road", "Demoton", "DM1 1AA")
