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

from apcommission.demo.pupils import FORENAMES, SURNAMES, upn
from apcommission.demo.recording import add_check, add_entry, add_provider, add_visit, standard
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import (
    ApprovalCategory,
    ApprovalStatus,
    EvidenceType,
    Judgement,
    ProviderType,
    QAArea,
    RegistrationStatus,
)
from pupils.identifiers import academic_year_start

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


# --- Placements at the size of a real LA (`seed_demo --placements 10000`) ---------------------------

SCHOOLS = 150  # a large LA's secondary and primary schools, the demo's own included
FIRST_URN = 997000  # generated schools take URNs 997001 upwards and LAESTABs 9996001 upwards
PLACEMENT_UPN_YEAR = (
    21  # the "year issued" in generated placed pupils' UPNs: apart from every other demo pupil
)
THE_SCALE = "generated placements at LA scale: written in bulk, as no person would make ten thousand"


def add_generated_placements(total: int, organisations: dict, acting: dict) -> int:
    """Make sure Demoshire has `total` generated placements, one per generated pupil, spread over its
    150 schools (the demo's three and generated ones) and every provider on its register, in bulk: a
    page's cost at LA scale is what is measured, and ten thousand through the services would take an
    hour. Most are active and full time; every tenth is planned, every tenth ended, every fourth part
    time with a plan, and every seventh has an objective without a baseline. Returns how many were
    added; running it again adds none."""
    from placements import waiting
    from placements.models import Objective, PartTimePlan, Placement, PlacementStatus
    from pupils.models import Pupil

    la = organisations["demoshire"]
    by = acting["academy"].user
    today = timezone.localdate()
    days = datetime.timedelta
    with unscoped(THE_SCALE):
        schools = _generated_schools(la, organisations)
        providers = list(
            Organisation.objects.filter(kind=Kind.PROVIDER, local_authority=la)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        wanted = {}
        for number in range(total):
            school = schools[number % len(schools)]
            serial = number // len(schools)
            if serial > 999:
                raise ValueError(
                    f"At most {1000 * len(schools):,} generated placements: UPN serials have 3 digits"
                )
            wanted[upn(school.laestab, PLACEMENT_UPN_YEAR, f"{serial:03d}")] = (number, school)
        there = dict(Pupil.objects.filter(upn__in=wanted, school__in=schools).values_list("upn", "pk"))
        new_pupils = Pupil.objects.bulk_create(
            _generated_pupil(number, school, code, la, today)
            for code, (number, school) in wanted.items()
            if code not in there
        )
        pupil_ids = {**there, **{pupil.upn: pupil.pk for pupil in new_pupils}}
        placed = set(
            Placement.objects.filter(pupil_id__in=pupil_ids.values()).values_list("pupil_id", flat=True)
        )
        placements = []
        for code, (number, school) in wanted.items():
            pupil_id = pupil_ids[code]
            if pupil_id in placed:
                continue
            status = {0: PlacementStatus.PLANNED, 1: PlacementStatus.ENDED}.get(
                number % 10, PlacementStatus.ACTIVE
            )
            starts = today + days(14 if status == PlacementStatus.PLANNED else -(20 + number % 150))
            part_time = number % 4 == 0
            placements.append(
                Placement(
                    pupil_id=pupil_id,
                    school_id=school.pk,
                    local_authority_id=la.pk,
                    commissioner_id=school.pk,
                    provider_id=providers[number % len(providers)],
                    status=status,
                    starts_on=starts,
                    planned_end_on=starts + days(120 + number % 60),
                    ended_on=today - days(5) if status == PlacementStatus.ENDED else None,
                    end_reason="Back at school full time." if status == PlacementStatus.ENDED else "",
                    sessions=GENERATED_SESSIONS[:6] if part_time else GENERATED_SESSIONS,
                    hours_per_week=Decimal(15 if part_time else 25),
                    school_hours_per_week=Decimal(5 if part_time else 0),
                    attendance_code="B",
                    reason=REASONS[number % len(REASONS)],
                    created_by=by,
                    provider_copy={"name": f"{FORENAMES[number % len(FORENAMES)]} {number:05d}."},
                )
            )
        made = Placement.objects.bulk_create(placements, batch_size=1000)
        Objective.objects.bulk_create(
            (
                Objective(
                    placement=placement,
                    area="attendance",
                    description="Attend every timetabled session.",
                    measure="Sessions attended as a percentage of sessions timetabled",
                    unit="%",
                    baseline_value=None if index % 7 == 0 else Decimal(55 + index % 30),
                    baseline_on=None if index % 7 == 0 else placement.starts_on - days(7),
                    target_value=Decimal(90),
                    target_on=placement.planned_end_on,
                )
                for index, placement in enumerate(made)
            ),
            batch_size=1000,
        )
        PartTimePlan.objects.bulk_create(
            (
                PartTimePlan(
                    placement=placement,
                    reason="Building up after a long absence.",
                    ends_by=placement.starts_on + days(42),
                    parent_agreed_on=placement.starts_on - days(10),
                    la_notified_on=placement.starts_on - days(9),
                )
                for placement in made
                if placement.hours_per_week < 20
            ),
            batch_size=1000,
        )
    waiting.changed([la.pk])  # bulk_create sends no signal: the home pages' counts are renewed here
    return len(made)


GENERATED_SESSIONS = [
    "mon_am",
    "mon_pm",
    "tue_am",
    "tue_pm",
    "wed_am",
    "wed_pm",
    "thu_am",
    "thu_pm",
    "fri_am",
    "fri_pm",
]
REASONS = ["at_risk", "semh", "suspension", "attendance", "medical", "permanent_exclusion"]


def _generated_schools(la, organisations: dict) -> list[Organisation]:
    """The LA's demo schools and generated ones up to `SCHOOLS`, made (directly, as the demo's world
    is) where missing."""
    demo = [organisations[key] for key in ("academy", "riverside", "hillside")]
    urns = {str(FIRST_URN + number): number for number in range(1, SCHOOLS - len(demo) + 1)}
    there = {school.urn: school for school in Organisation.objects.filter(urn__in=urns)}
    missing = [
        Organisation(
            kind=Kind.SCHOOL,
            name=f"Demoshire School {number:03d}",
            urn=urn,
            laestab=f"{la.la_code}{6000 + number}",
            local_authority=la,
        )
        for urn, number in urns.items()
        if urn not in there
    ]
    made = Organisation.objects.bulk_create(missing)
    return demo + sorted([*there.values(), *made], key=lambda school: school.urn)


def _generated_pupil(number: int, school, code: str, la, today: datetime.date):
    from pupils.models import Pupil

    year_group = 7 + number % 5
    born = datetime.date(academic_year_start(today) - 5 - year_group, 1 + number % 12, 1 + number % 28)
    if born.month < 9:
        born = born.replace(year=born.year + 1)  # born January to August: the cohort's second calendar year
    return Pupil(
        school_id=school.pk,
        local_authority_id=la.pk,
        known_to_local_authority_since=timezone.now(),
        legal_forename=FORENAMES[number % len(FORENAMES)],
        legal_surname=f"{SURNAMES[number % len(SURNAMES)]}-{number:05d}",
        date_of_birth=born,
        sex="F" if number % 2 else "M",
        upn=code,
    )
