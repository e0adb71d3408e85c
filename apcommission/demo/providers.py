"""The demo world's providers: profiles, sites, evidence, the approved lists and QA visits.

Realistic on purpose: several kinds of provider, evidence that is current, expiring and expired, an
unregistered setting offering full-time hours, a suspended provider, and one that a school added which
Demoshire has not approved; contact details, conditions for placing that Demoshire's schools see, a visit
with more than three actions (some the LA keeps for itself), the PRU's reply to the action it was left,
and a check and a visit entered in error. Dates are relative to the day the demo is first loaded.

Everything here is recorded through the providers' services (`recording`), each by the person
`world.RECORDED_BY` names for the organisation doing it, so the demo obeys the rules real use does.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.demo import world
from apcommission.demo.recording import (
    add_check,
    add_entry,
    add_reply,
    add_visit,
    mark_check_in_error,
    mark_visit_in_error,
    named,
    recorded,
    standard,
)
from providers.models import (
    ApprovalCategory,
    ApprovedListEntry,
    Evidence,
    EvidenceType,
    ProviderType,
    QAVisit,
    RegistrationStatus,
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

# The approved lists: (LA key, provider key): (categories, conditions, [(from, to, reason)]); the entry
# ends in the status its history last moves to.
ENTRIES = {
    ("demoshire", "pru"): (
        ["Key stage 3", "Key stage 4", "SEMH"],
        "",
        [
            ("", "applied", "Annual re-approval round"),
            ("applied", "approved", "All checks complete; QA visit found safeguarding strong."),
        ],
    ),
    ("demoshire", "forge"): (
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved on the 2025 framework after a QA visit."),
        ],
    ),
    ("demoshire", "horizons"): (
        ["Key stage 3", "Key stage 4", "SEMH"],
        "Renewed DSL training certificate by the end of term.",
        [
            ("", "applied", "Applied to join the list"),
            ("applied", "approved_with_conditions", "Good Ofsted; DSL training to be renewed."),
        ],
    ),
    ("demoshire", "bridges"): (
        ["Medical"],
        "",
        [
            ("", "applied", "Applied for medical tuition lot"),
        ],
    ),
    ("demoshire", "catalyst"): (
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved on the 2024 framework"),
            ("approved", "suspended", "Inadequate Ofsted judgement; staff checks confirmation has lapsed."),
        ],
    ),
    ("demoshire", "greenfield"): (
        ["Vocational"],
        "",
        [
            ("", "applied", "Applied; registration status to be checked: offers 20 hours a week."),
        ],
    ),
    ("northvale", "northvale_college"): (
        ["Key stage 4", "Vocational"],
        "",
        [
            ("", "approved", "Approved"),
        ],
    ),
    ("northvale", "northvale_hospital"): (
        ["Medical"],
        "",
        [
            ("", "approved", "Approved"),
        ],
    ),
    ("northvale", "forge"): (["Vocational"], "", [("", "approved", "Approved")]),
}

# What Demoshire's schools must know when placing with a provider approved with conditions.
PLACING_CONDITIONS = {
    ("demoshire", "horizons"): "No more than 6 Demoshire pupils at once. Key stage 3 pupils attend the "
    "morning sessions only.",
}

# QA visits: (provider, visitor): (days ago, summary, judgements by area prefix,
# actions: (description, owner, due in days[, the provider's to do: True unless False])).
VISITS = {
    ("pru", "demoshire"): (
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
    ("forge", "demoshire"): (
        120,
        "Good vocational teaching; English and maths are taught but not always planned from baselines.",
        {"Safeguarding": "meets", "Health": "partly", "Admissions": "meets", "Quality": "partly"},
        [
            ("Update the workshop fire risk assessment.", "Forge's manager", -20),
            ("Plan functional skills from each pupil's baseline.", "Forge's English and maths lead", 30),
        ],
    ),
    ("forge", "academy"): (
        20,
        "Our pupils are settled; the tutor knows their targets. Attendance info arrives by 10am.",
        {"Safeguarding": "meets", "Quality": "meets"},
        [],
    ),
    ("catalyst", "demoshire"): (
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
    ("greenfield", "demoshire"): (
        10,
        "Recorded here by mistake: this was the visit to Bridges Tuition's office.",
        {},
        [],
    ),
}

# The PRU's reply to the action Demoshire's visit left it: (provider, visitor, action begins): note.
REPLIES = {
    ("pru", "demoshire", "Share each pupil's maths baseline"): (
        "Baselines for our three newest pupils went to their schools on Monday; the rest follow this week."
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


def seed_providers(organisations: dict, acting: dict) -> None:
    """Evidence, list entries, visits, the PRU's reply and the corrections for the demo's providers (whose
    profiles and sites came with them). `acting` maps an organisation's key to the membership that
    records for it. What is there already is not recorded again, so loading again changes nothing."""
    today = timezone.localdate()
    days = datetime.timedelta
    pk = {key: organisation.pk for key, organisation in organisations.items()}

    def area_of(key: str) -> str:
        return world.ORGANISATIONS[key][2]["local_authority"]

    for la in ("demoshire", "northvale"):
        by = acting[la]
        types = standard(EvidenceType, by=by)
        checked = recorded(Evidence, "provider", "evidence_type", by=by, checked_for=pk[la])
        for key, expiries in EVIDENCE.items():
            if area_of(key) != la:
                continue
            for prefix, days_left in expiries.items():
                evidence_type = named(prefix, types)
                if (pk[key], evidence_type.pk) not in checked:
                    expires_on = today + days(days_left)
                    add_check(organisations[key], evidence_type, expires_on=expires_on, by=by, today=today)
        for (key, prefix), reason in CHECKS_IN_ERROR.items():
            if area_of(key) == la:
                mark_check_in_error(
                    organisations[key], named(prefix, types), by=by, reason=reason, today=today
                )

        categories = {category.name: category for category in standard(ApprovalCategory, by=by)}
        listed = recorded(ApprovedListEntry, "provider", by=by, local_authority=pk[la])
        for (entry_la, key), (names, conditions, history) in ENTRIES.items():
            if entry_la != la or pk[key] in listed:
                continue
            add_entry(
                organisations[key],
                history=history,
                by=by,
                on=today - days(200),
                conditions=conditions,
                placing_conditions=PLACING_CONDITIONS.get((la, key), ""),
                categories=[categories[name] for name in names],
                price=PROFILES[key].get("price"),
                price_unit=PROFILES[key].get("price_unit", ""),
                next_review_on=today + days(165),
            )

    visitors = {visitor for _, visitor in VISITS}
    visited = {v: recorded(QAVisit, "provider", by=acting[v], visiting_organisation=pk[v]) for v in visitors}
    for (key, visitor), (days_ago, summary, judgements, actions) in VISITS.items():
        by = acting[visitor]
        if pk[key] in visited[visitor]:
            continue
        add_visit(
            organisations[key],
            visited_on=today - days(days_ago),
            by=by,
            summary=summary,
            judgements=judgements,
            actions=[(text, owner, today + days(due_in), *mine) for text, owner, due_in, *mine in actions],
        )

    for (key, visitor, starts), note in REPLIES.items():
        add_reply(organisations[key], organisations[visitor], starts, by=acting[key], note=note)

    for (key, visitor), reason in VISITS_IN_ERROR.items():
        mark_visit_in_error(organisations[key], by=acting[visitor], reason=reason)
