"""Generated providers for measuring pages at the size of a real LA (`seed_demo --providers 80`).

Each gets a profile with contact details, a site, a check of every standard type of evidence (some
expiring or expired), an entry on Demoshire's approved list with its history, and a QA visit with
judgements and two actions (the provider's, and the LA's own), so the directory and the approved list
show everything they would in real use. Numbered, so running it again adds nothing. Recorded through
the providers' services by Demoshire's officer, as the demo's own providers are.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.recording import add_check, add_entry, add_provider, add_visit, standard
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as
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
# (from, to, reason) moves of each generated entry, in turn: a suspended provider was approved first.
HISTORIES = [
    [("", ApprovalStatus.APPROVED, "Generated")],
    [("", ApprovalStatus.APPROVED, "Generated")],
    [("", ApprovalStatus.APPROVED_WITH_CONDITIONS, "Generated")],
    [("", ApprovalStatus.APPLIED, "Generated")],
    [
        ("", ApprovalStatus.APPROVED, "Generated"),
        (ApprovalStatus.APPROVED, ApprovalStatus.SUSPENDED, "Generated"),
    ],
]
EXPIRY_DAYS = [200, 150, 20, -10, 300, 90]


def add_generated_providers(total: int, *, by: Membership) -> int:
    """Make sure `by`'s LA has `total` generated providers, each added and recorded by `by` (an officer of
    the LA) through the services. Returns how many were added."""
    today = timezone.localdate()
    types = standard(EvidenceType, by=by)
    categories = standard(ApprovalCategory, by=by)
    judgements = {area.name: Judgement.MEETS for area in standard(QAArea, by=by)}
    numbers = {str(FIRST_UKPRN + number): number for number in range(1, total + 1)}
    with acting_as(by):
        taken = set(
            Organisation.objects.visible_to(by).filter(ukprn__in=numbers).values_list("ukprn", flat=True)
        )
    for ukprn, number in numbers.items():
        if ukprn in taken:
            continue
        identity = {"name": f"Demoshire Provider {number:03d}", "ukprn": ukprn}
        provider = add_provider(identity, _profile_fields(number), [_site(number)], by=by)
        for index, evidence_type in enumerate(types):
            expires_in = EXPIRY_DAYS[(number + index) % len(EXPIRY_DAYS)]
            expires_on = today + datetime.timedelta(days=expires_in)
            add_check(provider, evidence_type, expires_on=expires_on, by=by, today=today)
        history = HISTORIES[number % len(HISTORIES)]
        add_entry(
            provider,
            history=history,
            by=by,
            on=today - datetime.timedelta(days=number),
            conditions="Termly attendance returns.",
            categories=categories[number % 3 : number % 3 + 2],
            price=Decimal("80.00") + number,
            price_unit="day",
            next_review_on=today + datetime.timedelta(days=365 - number),
        )
        add_visit(
            provider,
            visited_on=today - datetime.timedelta(days=number),
            by=by,
            summary="Routine monitoring visit.",
            judgements=judgements,
            actions=[
                ("Send the attendance policy.", "Manager", today),
                ("Check the attendance policy at the next visit.", "QA officer", today, False),
            ],
        )
    return len(numbers) - len(taken)


def _profile_fields(number: int) -> dict:
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
        "phone": f"01632 960 {number % 1000:03d}",  # Ofcom's range for drama: never a real line
        "email": f"office@provider-{number:03d}.example",
    }


def _site(number: int) -> tuple[str, str, str, str]:
    return ("Main site", f"{number} Long Road", "Demoton", "DM1 1AA")
