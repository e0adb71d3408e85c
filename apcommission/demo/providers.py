"""The demo world's providers: profiles, sites, evidence, the approved lists and QA visits.

Realistic on purpose: several kinds of provider, evidence that is current, expiring and expired, an
unregistered setting offering full-time hours, a suspended provider, and one that a school added which
Demoshire has not approved; contact details, conditions for placing that Demoshire's schools see, a visit
with more than three actions (some the LA keeps for itself), the PRU's reply to the action it was left,
and a check and a visit entered in error. Dates are relative to the day the demo is first loaded; rows
are created once (found by provider and type, or provider and visitor), so seeding again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from providers.models import (
    ActionUpdate,
    ApprovalCategory,
    ApprovalStatus,
    ApprovedListEntry,
    AreaJudgement,
    Evidence,
    EvidenceType,
    Judgement,
    Outcome,
    ProviderProfile,
    ProviderType,
    QAAction,
    QAArea,
    QAVisit,
    RegistrationStatus,
    Site,
    StatusChange,
)

# key: profile fields. `added_by` names the organisation that first recorded the provider.
PROFILES = {
    "pru": {
        "provider_type": ProviderType.PRU,
        "registration_status": RegistrationStatus.REGISTERED,
        "ofsted_judgement": "good",
        "ofsted_judgement_on": datetime.date(2024, 3, 14),
        "key_stages": ["ks3", "ks4"],
        "age_from": 11,
        "age_to": 16,
        "capacity": 60,
        "hours_per_week": Decimal("25.0"),
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "session_times": "8:50am to 3:10pm",
        "offers": ["full_time", "short_term"],
        "teaches_english": True,
        "teaches_maths": True,
        "other_subjects": "Science\nPSHE\nArt",
        "qualifications": "GCSE English language\nGCSE maths\nEntry level science",
        "specialisms": ["semh", "behaviour", "reintegration"],
        "staff_count": 24,
        "qts_staff_count": 14,
        "dsl_name": "Priya Raman",
        "dsl_email": "dsl@pru.demoshire.example",
        "phone": "01632 960 101",
        "email": "office@pru.demoshire.example",
        "website": "https://pru.demoshire.example",
        "deputy_dsl_name": "Tom Hale",
        "price": Decimal("120.00"),
        "price_unit": "day",
        "added_by": "demoshire",
        "sites": [("Main site", "1 Station Road", "Demoton", "DM1 2AB")],
    },
    "forge": {
        "provider_type": ProviderType.TRAINING_PROVIDER,
        "registration_status": RegistrationStatus.FE_REGISTERED,
        "ofsted_judgement": "requires_improvement",
        "ofsted_judgement_on": datetime.date(2023, 11, 2),
        "key_stages": ["ks4", "ks5"],
        "age_from": 14,
        "age_to": 19,
        "capacity": 30,
        "hours_per_week": Decimal("15.0"),
        "days": ["tue", "wed", "thu"],
        "session_times": "9:30am to 2:30pm",
        "offers": ["part_time"],
        "teaches_english": True,
        "teaches_maths": True,
        "qualifications": "Functional skills English\nFunctional skills maths\nLevel 1 construction",
        "vocational_courses": "Construction multi-skills\nMotor vehicle\nHair and beauty",
        "specialisms": ["vocational"],
        "staff_count": 11,
        "qts_staff_count": 2,
        "dsl_name": "Gareth Forge",
        "phone": "01632 960 202",
        "email": "enquiries@forge-training.example",
        "website": "https://forge-training.example",
        "price": Decimal("85.00"),
        "price_unit": "day",
        "added_by": "demoshire",
        "sites": [("Workshop", "Unit 4, Canal Industrial Estate", "Demoton", "DM3 7QP")],
    },
    "bridges": {
        "provider_type": ProviderType.TUITION,
        "registration_status": RegistrationStatus.UNREGISTERED,
        "ofsted_judgement": "not_applicable",
        "key_stages": ["ks2", "ks3", "ks4"],
        "age_from": 9,
        "age_to": 16,
        "capacity": 12,
        "hours_per_week": Decimal("6.0"),
        "days": ["mon", "wed"],
        "offers": ["outreach", "online"],
        "teaches_english": True,
        "teaches_maths": True,
        "specialisms": ["medical", "autism"],
        "staff_count": 5,
        "qts_staff_count": 5,
        "dsl_name": "Beth Bridges",
        "price": Decimal("45.00"),
        "price_unit": "hour",
        "added_by": "demoshire",
        "sites": [("Office", "12 Market Street", "Demoton", "DM1 4EF")],
    },
    "horizons": {
        "provider_type": ProviderType.INDEPENDENT_SCHOOL,
        "registration_status": RegistrationStatus.REGISTERED,
        "ofsted_judgement": "good",
        "ofsted_judgement_on": datetime.date(2025, 1, 22),
        "key_stages": ["ks3", "ks4"],
        "age_from": 11,
        "age_to": 16,
        "capacity": 40,
        "hours_per_week": Decimal("25.0"),
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "offers": ["full_time"],
        "teaches_english": True,
        "teaches_maths": True,
        "other_subjects": "Science\nComputing\nFood technology",
        "qualifications": "GCSE English language\nGCSE maths\nGCSE science",
        "specialisms": ["semh", "autism", "therapeutic"],
        "staff_count": 30,
        "qts_staff_count": 18,
        "dsl_name": "Hannah Oduya",
        "phone": "01632 960 303",
        "email": "admissions@horizons-school.example",
        "price": Decimal("310.00"),
        "price_unit": "day",
        "added_by": "demoshire",
        "sites": [("Horizons House", "Lime Tree Lane", "Upper Demby", "DM8 1HZ")],
    },
    "catalyst": {
        "provider_type": ProviderType.TRAINING_PROVIDER,
        "registration_status": RegistrationStatus.FE_REGISTERED,
        "ofsted_judgement": "inadequate",
        "ofsted_judgement_on": datetime.date(2026, 6, 5),
        "key_stages": ["ks4"],
        "capacity": 20,
        "hours_per_week": Decimal("12.0"),
        "days": ["mon", "thu"],
        "offers": ["part_time"],
        "teaches_english": True,
        "vocational_courses": "Sport and fitness\nCustomer service",
        "specialisms": ["vocational"],
        "staff_count": 6,
        "qts_staff_count": 0,
        "price": Decimal("70.00"),
        "price_unit": "day",
        "added_by": "demoshire",
        "sites": [("Catalyst Centre", "88 Riverside Walk", "Demoton", "DM2 9RW")],
    },
    "greenfield": {
        "provider_type": ProviderType.OTHER_UNREGISTERED,
        "registration_status": RegistrationStatus.UNREGISTERED,
        "ofsted_judgement": "not_applicable",
        "description": "Outdoor learning on a working farm: animal care, land-based skills, team work.",
        "key_stages": ["ks3", "ks4"],
        "age_from": 12,
        "age_to": 16,
        "capacity": 8,
        "hours_per_week": Decimal("20.0"),
        "days": ["mon", "tue", "wed", "thu"],
        "offers": ["full_time", "part_time"],
        "vocational_courses": "Animal care\nLand-based skills",
        "specialisms": ["semh", "therapeutic", "vocational"],
        "staff_count": 4,
        "qts_staff_count": 0,
        "dsl_name": "Jo Greenfield",
        "phone": "07700 900 404",
        "price": Decimal("95.00"),
        "price_unit": "day",
        "added_by": "demoshire",
        "sites": [("Greenfield Farm", "Long Lane", "Little Demby", "DM9 3GF")],
    },
    "boxing": {
        "provider_type": ProviderType.OTHER_UNREGISTERED,
        "registration_status": RegistrationStatus.UNREGISTERED,
        "ofsted_judgement": "not_applicable",
        "description": "Mentoring through boxing, with English and maths tuition between sessions.",
        "key_stages": ["ks3", "ks4"],
        "capacity": 10,
        "hours_per_week": Decimal("9.0"),
        "days": ["tue", "fri"],
        "offers": ["part_time"],
        "teaches_english": True,
        "teaches_maths": True,
        "specialisms": ["behaviour"],
        "staff_count": 3,
        "qts_staff_count": 1,
        "price": Decimal("60.00"),
        "price_unit": "session",
        "added_by": "academy",
        "sites": [("The Gym", "3 Foundry Yard", "Demoton", "DM4 6BX")],
    },
    "northvale_college": {
        "provider_type": ProviderType.FE_COLLEGE,
        "registration_status": RegistrationStatus.FE_REGISTERED,
        "ofsted_judgement": "good",
        "ofsted_judgement_on": datetime.date(2024, 10, 9),
        "key_stages": ["ks4", "ks5"],
        "capacity": 50,
        "hours_per_week": Decimal("16.0"),
        "days": ["mon", "tue", "wed", "thu"],
        "offers": ["part_time"],
        "teaches_english": True,
        "teaches_maths": True,
        "vocational_courses": "Engineering\nCatering\nDigital skills",
        "specialisms": ["vocational"],
        "staff_count": 120,
        "qts_staff_count": 40,
        "phone": "020 7946 0505",
        "website": "https://northvale-college.example",
        "added_by": "northvale",
        "sites": [("Campus", "College Road", "Northvale", "NV1 1NC")],
    },
    "northvale_hospital": {
        "provider_type": ProviderType.PRU,
        "registration_status": RegistrationStatus.REGISTERED,
        "ofsted_judgement": "outstanding",
        "ofsted_judgement_on": datetime.date(2023, 5, 18),
        "key_stages": ["ks1", "ks2", "ks3", "ks4"],
        "capacity": 25,
        "hours_per_week": Decimal("15.0"),
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "offers": ["part_time", "outreach", "online"],
        "teaches_english": True,
        "teaches_maths": True,
        "specialisms": ["medical"],
        "staff_count": 15,
        "qts_staff_count": 12,
        "added_by": "northvale",
        "sites": [("Ward school", "Northvale General Hospital", "Northvale", "NV2 4HS")],
    },
}

# Evidence per provider: {type name prefix: days until expiry (negative: expired)}; types left out are
# missing.
ALL_TYPES = ("Written", "Safeguarding", "DSL", "Insurance", "Health", "Registration")
EVIDENCE = {
    "pru": dict.fromkeys(ALL_TYPES, 240),
    "forge": {**dict.fromkeys(ALL_TYPES, 200), "Insurance": 12},
    "bridges": {"Written": 150, "Safeguarding": 90, "Insurance": 20},
    "horizons": {**dict.fromkeys(ALL_TYPES, 300), "DSL": -15},
    "catalyst": {**dict.fromkeys(ALL_TYPES, 100), "Health": -40, "Written": -3},
    "greenfield": {"Written": 60, "Safeguarding": 25, "Insurance": 180, "Health": -60},
    "northvale_college": dict.fromkeys(ALL_TYPES, 280),
    "northvale_hospital": dict.fromkeys(ALL_TYPES, 320),
}

# The approved lists: (LA key, provider key): (status, categories, conditions, [(from, to, reason)]).
ENTRIES = {
    ("demoshire", "pru"): (
        ApprovalStatus.APPROVED,
        ["Key stage 3", "Key stage 4", "SEMH"],
        "",
        [
            ("", "applied", "Annual re-approval round"),
            ("applied", "approved", "All checks complete; QA visit found safeguarding strong."),
        ],
    ),
    ("demoshire", "forge"): (
        ApprovalStatus.APPROVED,
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved on the 2025 framework after a QA visit."),
        ],
    ),
    ("demoshire", "horizons"): (
        ApprovalStatus.APPROVED_WITH_CONDITIONS,
        ["Key stage 3", "Key stage 4", "SEMH"],
        "Renewed DSL training certificate by the end of term.",
        [
            ("", "applied", "Applied to join the list"),
            ("applied", "approved_with_conditions", "Good Ofsted; DSL training to be renewed."),
        ],
    ),
    ("demoshire", "bridges"): (
        ApprovalStatus.APPLIED,
        ["Medical"],
        "",
        [
            ("", "applied", "Applied for medical tuition lot"),
        ],
    ),
    ("demoshire", "catalyst"): (
        ApprovalStatus.SUSPENDED,
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved on the 2024 framework"),
            ("approved", "suspended", "Inadequate Ofsted judgement; staff checks confirmation has lapsed."),
        ],
    ),
    ("demoshire", "greenfield"): (
        ApprovalStatus.APPLIED,
        ["Vocational"],
        "",
        [
            ("", "applied", "Applied; registration status to be checked: offers 20 hours a week."),
        ],
    ),
    ("northvale", "northvale_college"): (
        ApprovalStatus.APPROVED,
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved"),
        ],
    ),
    ("northvale", "northvale_hospital"): (
        ApprovalStatus.APPROVED,
        ["Medical"],
        "",
        [
            ("", "approved", "Approved"),
        ],
    ),
    ("northvale", "forge"): (ApprovalStatus.APPROVED, ["Vocational"], "", [("", "approved", "Approved")]),
}

# What Demoshire's schools must know when placing with a provider approved with conditions.
PLACING_CONDITIONS = {
    ("demoshire", "horizons"): "No more than 6 Demoshire pupils at once. Key stage 3 pupils attend the "
    "morning sessions only.",
}

# QA visits: (provider, visitor, visitor's account): (days ago, summary, judgements by area prefix,
# actions: (description, owner, due in days[, the provider's to do: True unless False])).
VISITS = {
    ("pru", "demoshire", "la.officer@demoshire.example"): (
        45,
        "Safe, calm and purposeful. Pupils' attendance is followed up the same morning.",
        {"Safeguarding": "meets", "Health": "meets", "Admissions": "meets", "Quality": "partly"},
        [
            (
                "Share each pupil's maths baseline with the commissioning school within two weeks.",
                "Head of centre",
                14,
            ),
            ("Come back in the spring term to see a maths lesson.", "Demoshire QA officer", 90, False),
        ],
    ),
    ("forge", "demoshire", "la.officer@demoshire.example"): (
        120,
        "Good vocational teaching; English and maths are taught but not always planned from baselines.",
        {"Safeguarding": "meets", "Health": "partly", "Admissions": "meets", "Quality": "partly"},
        [
            ("Update the workshop fire risk assessment.", "Forge's manager", -20),
            ("Plan functional skills from each pupil's baseline.", "Forge's English and maths lead", 30),
        ],
    ),
    ("forge", "academy", "ap.lead@academy.demoshire.example"): (
        20,
        "Our pupils are settled; the tutor knows their targets. Attendance info arrives by 10am.",
        {"Safeguarding": "meets", "Quality": "meets"},
        [],
    ),
    ("catalyst", "demoshire", "la.officer@demoshire.example"): (
        30,
        "Suspended after the inadequate Ofsted judgement. Leaders have a credible plan, but written "
        "confirmation of staff checks has lapsed and sessions start late.",
        {"Safeguarding": "does_not_meet", "Health": "partly", "Admissions": "partly", "Quality": "partly"},
        [
            ("Send written confirmation that every member of staff has been checked.", "Manager", 7),
            ("Renew the health and safety and premises risk assessment.", "Manager", 14),
            ("Start sessions at 9:30am as the timetable says, and record late starts.", "Centre lead", 21),
            ("Share the Ofsted action plan and its first review.", "Manager", 28),
            ("Decide at panel whether to lift the suspension.", "Demoshire QA officer", 45, False),
        ],
    ),
    ("greenfield", "demoshire", "la.officer@demoshire.example"): (
        10,
        "Recorded here by mistake: this was the visit to Bridges Tuition's office.",
        {},
        [],
    ),
}

# The PRU's reply to the action Demoshire's visit left it: (provider, visitor, action): (account, note).
REPLIES = {
    ("pru", "demoshire", "Share each pupil's maths baseline"): (
        "manager@pru.demoshire.example",
        "Baselines for our three newest pupils went to their schools on Monday; the rest follow this week.",
    ),
}

# Records marked entered in error: a check recorded for the wrong provider, and a visit recorded to one.
CHECKS_IN_ERROR = {
    ("bridges", "Registration"): "Recorded for Bridges Tuition by mistake: the certificate seen was Forge "
    "Vocational Training's.",
}
VISITS_IN_ERROR = {
    ("greenfield", "demoshire"): "Recorded against Greenfield Farm Project by mistake: the visit was to "
    "Bridges Tuition's office.",
}


CONTACT = ("phone", "email", "website")


def _named(prefix, items):
    return next(item for item in items if item.name.startswith(prefix))


# --- One row of each kind, found or created: the demo world and the generated providers both use these --


def add_profile(provider, fields: dict, sites) -> None:
    """`provider`'s profile (with `fields`) and its sites: (name, first line, town, postcode). A profile
    seeded before contact details existed gets them, where it has none."""
    profile, created = ProviderProfile.objects.get_or_create(provider=provider, defaults=fields)
    missing = [name for name in CONTACT if fields.get(name) and not getattr(profile, name)]
    if not created and missing:
        for name in missing:
            setattr(profile, name, fields[name])
        profile.save(update_fields=missing)
    for name, line_1, town, postcode in sites:
        Site.objects.get_or_create(
            provider=provider,
            name=name,
            defaults={"address_line_1": line_1, "town": town, "postcode": postcode},
        )


def add_check(provider, evidence_type, *, expires_on, la, officer, today) -> None:
    """A satisfactory check by `la`'s officer, dated one validity period before it expires (or today)."""
    if Evidence.objects.filter(provider=provider, evidence_type=evidence_type, checked_for=la).exists():
        return
    validity = datetime.timedelta(days=evidence_type.default_validity_days)
    Evidence.objects.create(
        provider=provider,
        evidence_type=evidence_type,
        checked_on=min(today, expires_on - validity),
        expires_on=expires_on,
        checked_by=officer,
        checked_for=la,
        outcome=Outcome.SATISFACTORY,
    )


def add_entry(la, provider, *, categories, history, officer, **fields) -> None:
    """`la`'s entry for `provider`, with its categories and status history: (from, to, reason)."""
    entry, created = ApprovedListEntry.objects.get_or_create(
        local_authority=la, provider=provider, defaults=fields
    )
    if not created and fields.get("placing_conditions") and not entry.placing_conditions:
        entry.placing_conditions = fields["placing_conditions"]  # seeded before these existed
        entry.save(update_fields=["placing_conditions"])
    if created:
        entry.categories.set(categories)
        for from_status, to_status, reason in history:
            StatusChange.objects.create(
                entry=entry, from_status=from_status, to_status=to_status, reason=reason, changed_by=officer
            )


def add_visit(provider, visiting, *, visited_on, by, summary, judgements: dict, actions, areas) -> None:
    """A visit judging every area of the framework (those not in `judgements` as not looked at, as the
    visit form requires), with its actions: (description, owner, due date[, the provider's to do])."""
    if QAVisit.objects.filter(provider=provider, visiting_organisation=visiting).exists():
        return
    visit = QAVisit.objects.create(
        provider=provider,
        visiting_organisation=visiting,
        visited_on=visited_on,
        visited_by=by,
        summary=summary,
    )
    for area in areas:
        judgement = judgements.get(area, Judgement.NOT_SEEN)
        findings = "" if judgement in (Judgement.MEETS, Judgement.NOT_SEEN) else "See the actions below."
        AreaJudgement.objects.create(visit=visit, area=area, judgement=judgement, findings=findings)
    for description, owner, due_on, *owned in actions:
        QAAction.objects.create(
            visit=visit,
            description=description,
            owner=owner,
            due_on=due_on,
            owned_by_provider=owned[0] if owned else True,
        )


def add_reply(action, *, by, note: str) -> None:
    """The provider's reply to an action, once."""
    if not ActionUpdate.objects.filter(action=action, by_provider=True).exists():
        ActionUpdate.objects.create(action=action, note=note, by_provider=True, recorded_by=by)


def mark_entered_in_error(record, *, by, reason: str) -> None:
    """Mark a demo check or visit entered in error (as the correction services do, without a request)."""
    if record.entered_in_error_at is None:
        record.entered_in_error_at = timezone.now()
        record.entered_in_error_by = by
        record.entered_in_error_reason = reason
        record.save(update_fields=["entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"])


def seed_providers(organisations, users) -> None:
    """Load profiles, evidence, list entries and visits for the demo organisations (runs unscoped)."""
    today = timezone.localdate()
    days = datetime.timedelta
    types = list(EvidenceType.objects.filter(local_authority=None))
    categories = {c.name: c for c in ApprovalCategory.objects.filter(local_authority=None)}
    areas = list(QAArea.objects.filter(local_authority=None))
    officer = {
        "demoshire": users["la.officer@demoshire.example"],
        "northvale": users["la.officer@northvale.example"],
    }

    for key, fields in PROFILES.items():
        fields = dict(fields)
        sites = fields.pop("sites")
        fields["added_by"] = organisations[fields["added_by"]]
        add_profile(organisations[key], fields, sites)

    for key, expiries in EVIDENCE.items():
        provider = organisations[key]
        la_key = "northvale" if provider.local_authority_id == organisations["northvale"].pk else "demoshire"
        for prefix, days_left in expiries.items():
            add_check(
                provider,
                _named(prefix, types),
                expires_on=today + days(days_left),
                la=organisations[la_key],
                officer=officer[la_key],
                today=today,
            )

    for (la_key, key), (status, names, conditions, history) in ENTRIES.items():
        add_entry(
            organisations[la_key],
            organisations[key],
            categories=[categories[name] for name in names],
            history=history,
            officer=officer[la_key],
            status=status,
            conditions=conditions,
            price=PROFILES[key].get("price"),
            price_unit=PROFILES[key].get("price_unit", ""),
            approved_on=None if status == ApprovalStatus.APPLIED else today - days(200),
            next_review_on=today + days(165),
            placing_conditions=PLACING_CONDITIONS.get((la_key, key), ""),
        )

    for (key, visitor, email), (days_ago, summary, judgements, actions) in VISITS.items():
        add_visit(
            organisations[key],
            organisations[visitor],
            visited_on=today - days(days_ago),
            by=users[email],
            summary=summary,
            judgements={_named(prefix, areas): Judgement(value) for prefix, value in judgements.items()},
            actions=[
                (description, owner, today + days(due_in), *owned)
                for description, owner, due_in, *owned in actions
            ],
            areas=areas,
        )

    for (key, visitor, starts), (email, note) in REPLIES.items():
        action = QAAction.objects.get(
            visit__provider=organisations[key],
            visit__visiting_organisation=organisations[visitor],
            description__startswith=starts,
        )
        add_reply(action, by=users[email], note=note)

    for (key, prefix), reason in CHECKS_IN_ERROR.items():
        provider, evidence_type = organisations[key], _named(prefix, types)
        la = organisations["demoshire"]
        if not Evidence.objects.filter(provider=provider, evidence_type=evidence_type).exists():
            add_check(
                provider,
                evidence_type,
                expires_on=today + days(300),
                la=la,
                officer=officer["demoshire"],
                today=today,
            )
        check = Evidence.objects.filter(provider=provider, evidence_type=evidence_type).first()
        mark_entered_in_error(check, by=officer["demoshire"], reason=reason)

    for (key, visitor), reason in VISITS_IN_ERROR.items():
        visit = QAVisit.objects.get(provider=organisations[key], visiting_organisation=organisations[visitor])
        mark_entered_in_error(visit, by=officer[visitor], reason=reason)
