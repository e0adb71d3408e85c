"""The demo's pupils: a handful at Demoshire Academy, Riverside High School and Northvale Secondary School,
with the variety a school's AP lead meets (SEN support and EHC plans, looked after, child in need, a
temporary UPN, a pupil taught out of year, parents and carers, attendance history), and for measuring the
pupil list at a large school's size, generated pupils at Demoshire Academy (`seed_demo --pupils 300`).

Recorded through the pupils' services by each school's AP lead, once: a pupil is found by its UPN, and
one that is there already is left as it is (the demo's users may have changed it).
"""

import datetime

from stdnum.gb import upn as stdnum_upn

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as
from pupils import services
from pupils.models import Pupil


def upn(school_laestab: str, year: int, serial: str) -> str:
    """A UPN with its check letter: the school's LA code and establishment number, the 2-digit year it was
    issued and a 3-character serial (2 digits and a letter for a temporary UPN)."""
    rest = f"{school_laestab}{year % 100:02d}{serial}"
    return stdnum_upn.calc_check_digit(rest) + rest


def _pupil(laestab, serial, forename, surname, born, sex, **more) -> dict:
    return {
        "legal_forename": forename,
        "legal_surname": surname,
        "date_of_birth": born,
        "sex": sex,
        "upn": upn(laestab, born.year + 5, serial),
        **more,
    }


D = datetime.date
ACADEMY, RIVERSIDE, NORTHVALE = "9994001", "9994003", "9984001"
MOTHER = {"relationship": "mother", "parental_responsibility": True}
FATHER = {"relationship": "father", "parental_responsibility": True}

# school key: [(pupil, [contacts], [(academic year, possible, attended, authorised, unauthorised)])]
PUPILS = {
    "academy": [
        (
            _pupil(
                ACADEMY, "101", "Tyler", "Brookes", D(2011, 10, 3), "M",
                sen_status="sen_support", primary_need="SEMH",
                sen_detail="Struggles with transitions and large groups; a key adult helps.",
                free_school_meals=True, pupil_premium=True, home_local_authority_code="999",
            ),
            [{"name": "Donna Brookes", **MOTHER, "telephone": "07700 900 101", "priority": 1}],
            [(2024, 380, 262, 38, 80), (2023, 376, 318, 30, 28)],
        ),
        (
            _pupil(
                ACADEMY, "102", "Aaliyah", "Hussain", D(2012, 2, 17), "F", preferred_forename="Leah",
                sen_status="ehc_plan", primary_need="ASD",
                sen_detail="EHC plan since Year 5: needs a quiet space and notice of any change.",
                health_needs="Anxiety; under CAMHS.", home_local_authority_code="999",
            ),
            [
                {"name": "Samira Hussain", **MOTHER, "telephone": "07700 900 102", "priority": 1},
                {"name": "Imran Hussain", **FATHER, "email": "imran.hussain@example.org", "priority": 2},
            ],
            [(2024, 380, 250, 110, 20)],
        ),
        (
            _pupil(
                ACADEMY, "103", "Kai", "Whitfield", D(2010, 12, 9), "M",
                looked_after=True, social_care="child_protection", pupil_premium=True,
                free_school_meals=True, home_local_authority_code="998",
            ),
            [
                {
                    "name": "Gail Morrow", "relationship": "foster_carer", "parental_responsibility": False,
                    "telephone": "07700 900 103", "priority": 1,
                },
                {
                    "name": "Northvale Children's Services", "relationship": "social_worker",
                    "parental_responsibility": True, "telephone": "01632 960 998", "priority": 2,
                },
            ],
            [(2024, 380, 228, 42, 110), (2023, 380, 300, 44, 36)],
        ),
        (
            _pupil(ACADEMY, "10A", "Maja", "Kowalska", D(2013, 6, 1), "F", home_local_authority_code="999"),
            [{"name": "Ewa Kowalska", **MOTHER, "telephone": "+48 601 234 567", "priority": 1}],
            [],
        ),
        (
            _pupil(
                ACADEMY, "105", "Oscar", "Lindqvist", D(2011, 3, 28), "M",
                year_group_override=8, year_group_reason="Repeating Year 8 after a long illness",
                health_needs="Recovering from leukaemia; tires easily.", sen_status="sen_support",
                primary_need="PD",
            ),
            [{"name": "Hanna Lindqvist", **MOTHER, "email": "hanna.l@example.org", "priority": 1}],
            [(2024, 380, 190, 180, 10)],
        ),
        (
            _pupil(
                ACADEMY, "106", "Ellie", "Marsh", D(2010, 9, 14), "F", social_care="child_in_need",
                free_school_meals=True,
            ),
            [{"name": "Paul Marsh", **FATHER, "telephone": "07700 900 106", "priority": 1}],
            [(2024, 380, 298, 20, 62)],
        ),
    ],
    "riverside": [
        (
            _pupil(
                RIVERSIDE, "201", "Jayden", "Okafor", D(2011, 5, 22), "M",
                sen_status="sen_support", primary_need="SLCN", pupil_premium=True,
            ),
            [{"name": "Grace Okafor", **MOTHER, "telephone": "07700 900 201", "priority": 1}],
            [(2024, 380, 276, 24, 80)],
        ),
        (
            _pupil(RIVERSIDE, "202", "Sophie", "Clarke", D(2012, 11, 2), "F", looked_after=True),
            [{"name": "Demoshire Children's Services", "relationship": "social_worker",
              "parental_responsibility": True, "telephone": "01632 960 999", "priority": 1}],
            [(2024, 380, 330, 30, 20)],
        ),
        (
            _pupil(RIVERSIDE, "203", "Reece", "Donnelly", D(2010, 1, 30), "M", free_school_meals=True),
            [{"name": "Carla Donnelly", **MOTHER, "telephone": "07700 900 203", "priority": 1}],
            [(2024, 380, 205, 15, 160)],
        ),
    ],
    "northvale_school": [
        (
            _pupil(
                NORTHVALE, "301", "Freya", "Armitage", D(2011, 4, 8), "F",
                sen_status="ehc_plan", primary_need="SEMH",
                sen_detail="EHC plan: social, emotional and mental health; 1:1 support in the mornings.",
                home_local_authority_code="998",
            ),
            [{"name": "Janet Armitage", **MOTHER, "telephone": "07700 900 301", "priority": 1}],
            [(2024, 380, 240, 60, 80)],
        ),
        (
            _pupil(
                NORTHVALE, "30B", "Liam", "Gallagher", D(2012, 8, 30), "M", home_local_authority_code="998"
            ),
            [{"name": "Sean Gallagher", **FATHER, "telephone": "07700 900 302", "priority": 1}],
            [],
        ),
        (
            _pupil(
                NORTHVALE, "303", "Nadia", "Rahman", D(2010, 10, 19), "F", social_care="child_in_need",
                pupil_premium=True, free_school_meals=True, home_local_authority_code="998",
            ),
            [{"name": "Ruksana Rahman", **MOTHER, "telephone": "07700 900 303", "priority": 1}],
            [(2024, 380, 282, 58, 40), (2023, 380, 340, 30, 10)],
        ),
    ],
}  # fmt: skip


def _upns(by: Membership) -> set[str]:
    with acting_as(by):
        return set(Pupil.objects.visible_to(by).values_list("upn", flat=True))


def _add(fields: dict, contacts, years, *, by: Membership) -> Pupil:
    with acting_as(by):
        pupil = services.add_pupil(by=by, **fields)
        for contact in contacts:
            services.add_contact(pupil, by=by, **contact)
        for year, possible, attended, authorised, unauthorised in years:
            services.record_attendance_year(
                pupil,
                by=by,
                academic_year=year,
                possible_sessions=possible,
                attended_sessions=attended,
                authorised_absences=authorised,
                unauthorised_absences=unauthorised,
            )
    return pupil


def seed_pupils(acting: dict[str, Membership]) -> None:
    """The demo schools' pupils, each recorded by the school's AP lead (`acting[school key]`)."""
    for key, pupils in PUPILS.items():
        by = acting[key]
        there = _upns(by)
        for fields, contacts, years in pupils:
            if fields["upn"] not in there:
                _add(fields, contacts, years, by=by)


FORENAMES = [
    "Ava",
    "Ben",
    "Chloe",
    "Daniel",
    "Erin",
    "Finley",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Lily",
    "Noah",
]
SURNAMES = [
    "Adams",
    "Baker",
    "Carter",
    "Davies",
    "Evans",
    "Foster",
    "Green",
    "Hughes",
    "Jones",
    "Khan",
    "Lewis",
]


def add_generated_pupils(total: int, *, by: Membership) -> int:
    """Make sure `by`'s school has `total` generated pupils across Years 7 to 11 (a large secondary),
    recorded by `by` (its AP lead) through the services. Returns how many were added."""
    if total > 1000:
        raise ValueError("At most 1,000 generated pupils: their UPNs have 3-digit serials")
    there = _upns(by)
    added = 0
    for number in range(total):
        born = D(2010 + number % 5, 1 + number % 12, 1 + number % 28)
        fields = {
            "legal_forename": FORENAMES[number % len(FORENAMES)],
            "legal_surname": f"{SURNAMES[number % len(SURNAMES)]}-{number:03d}",
            "date_of_birth": born,
            "sex": "F" if number % 2 else "M",
            "upn": upn(by.organisation.laestab, 20, f"{number:03d}"),
            "sen_status": ("none", "none", "none", "sen_support", "ehc_plan")[number % 5],
            "free_school_meals": number % 4 == 0,
        }
        if fields["upn"] in there:
            continue
        with acting_as(by):
            services.add_pupil(by=by, **fields)
        added += 1
    return added
