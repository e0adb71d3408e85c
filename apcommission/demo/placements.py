"""The demo's placements, so that every page of the placement stage has something to show: at each demo
school (Demoshire Academy, Riverside High School and Northvale Secondary School) a planned, an active, a
part-time (with its plan back to full time) and an ended placement, and in Demoshire:

- Greenfield Farm Project (unregistered) teaching four pupils more than 18 hours a week, two from each of
  Demoshire Academy and Riverside High: one pupil short of the registration threshold of five;
- a pupil short of full time with no part-time plan (their hours were cut after the placement started);
- a planned placement whose objective has no baseline yet, and a part-time timetable ending within two
  weeks, for the home page's counts;

and at Northvale Secondary School a placement cancelled before it started (the register's cancelled view).

Kai Whitfield's accepted referral (apcommission/demo/referrals.py) is left for the AP lead to turn into a
plan. The placements are the placements' own, for pupils each school's AP lead adds here, so the other
stages keep their story whatever else the demo holds.

Everything is made through the placement services by the school's AP lead, as the pages make it, with
dates counted from the day the demo is loaded. A pupil who has a placement already is left as they are,
so loading again changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.pupils import upn
from apcommission.tenancy.scoping import acting_as
from placements import services
from placements.models import Placement
from pupils import services as pupils
from pupils.identifiers import academic_year_start
from pupils.models import Pupil

ALL_WEEK = [
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
MON_TO_THU = ALL_WEEK[:8]
GIRLS = {"Chloe", "Mia", "Isla", "Ava", "Grace", "Nadia", "Zara", "Ella"}
LAESTAB = {"academy": "9994001", "riverside": "9994003", "northvale_school": "9984001"}


@dataclass(frozen=True)
class Demo:
    """One demo placement: whose, where, when (days from today), on what timetable, and what became of it."""

    school: str
    serial: str  # the pupil's UPN serial
    forename: str
    surname: str
    year_group: int
    provider: str
    state: str  # planned, active, ended or cancelled
    starts: int
    ends: int
    hours: str
    sessions: list[str]
    school_hours: str = "0"
    reason: str = "at_risk"
    baseline: bool = True
    # A part-time plan: (time limit, [(step from, whole week's hours)]), in days from today.
    part_time: tuple[int, list[tuple[int, str]]] | None = None
    ended: int | None = None  # days from today it ended
    cut_to: str | None = None  # hours a week it was cut to after it started, with no part-time plan
    attendance: tuple[int, int] | None = (380, 250)  # last year's possible and attended sessions
    extra: dict = field(default_factory=dict)


A, R, N = "academy", "riverside", "northvale_school"
NC, NH = "northvale_college", "northvale_hospital"
TUE_THU = ["tue_am", "tue_pm", "thu_am"]
PLACEMENTS = [
    # Demoshire Academy
    Demo(A, "611", "Jordan", "Pike", 10, "pru", "active", -42, 140, "25", ALL_WEEK),
    Demo(
        A, "612", "Chloe", "Barnes", 9, "forge", "active", -28, 84, "10", TUE_THU,
        school_hours="8", reason="semh", part_time=(10, [(-7, "21"), (10, "25")]),
    ),
    Demo(A, "613", "Ryan", "Hale", 11, "horizons", "planned", 14, 180, "25", ALL_WEEK, baseline=False),
    Demo(
        A, "614", "Mia", "Fox", 10, "pru", "ended", -140, 40, "25", ALL_WEEK, reason="suspension",
        ended=-14,
    ),
    Demo(A, "615", "Ethan", "Cole", 10, "greenfield", "active", -35, 120, "20", MON_TO_THU, "4"),
    Demo(A, "616", "Isla", "Grant", 9, "greenfield", "active", -21, 120, "20", MON_TO_THU, "4"),
    Demo(
        A, "617", "Owen", "Reid", 10, "bridges", "active", -49, 70, "25", ALL_WEEK,
        reason="attendance", cut_to="12",
    ),
    # Riverside High School
    Demo(R, "621", "Leon", "Ward", 10, "greenfield", "active", -56, 100, "20", MON_TO_THU, "4"),
    Demo(R, "622", "Ava", "Price", 9, "greenfield", "active", -14, 100, "20", MON_TO_THU, "4"),
    Demo(
        R, "623", "Sam", "Ortiz", 11, "pru", "planned", 10, 150, "15", ALL_WEEK[:6],
        school_hours="5", reason="medical", part_time=(70, [(40, "22"), (70, "25")]),
    ),
    Demo(
        R, "624", "Grace", "Lowe", 10, "forge", "ended", -200, -30, "25", ALL_WEEK,
        reason="permanent_exclusion", ended=-30,
    ),
    # Northvale Secondary School
    Demo(N, "631", "Liam", "Doyle", 10, NC, "active", -30, 150, "25", ALL_WEEK),
    Demo(
        N, "632", "Nadia", "Begum", 11, NH, "active", -20, 90, "12",
        ALL_WEEK[:4], school_hours="6", reason="medical", part_time=(42, [(14, "21"), (42, "25")]),
    ),
    Demo(N, "633", "Zara", "Khan", 9, NC, "planned", 21, 200, "25", ALL_WEEK),
    Demo(
        N, "634", "Tom", "Bell", 10, NH, "ended", -160, -60, "25", ALL_WEEK,
        reason="medical", ended=-60,
    ),
    Demo(N, "635", "Ella", "Shaw", 9, NC, "cancelled", 28, 150, "25", ALL_WEEK),
]  # fmt: skip


def _born_into(year_group: int, today: datetime.date) -> datetime.date:
    """A birthday in the autumn of the cohort that is in `year_group` this academic year."""
    return datetime.date(academic_year_start(today) - 5 - year_group, 11, 15)


def _pupil(demo: Demo, *, by, today: datetime.date) -> tuple[Pupil, bool]:
    """The demo pupil, added by the school's AP lead if missing; and whether they have a placement."""
    born = _born_into(demo.year_group, today)
    number = upn(LAESTAB[demo.school], born.year + 5, demo.serial)
    pupil = Pupil.objects.visible_to(by).filter(upn=number).first()
    if pupil is not None:
        return pupil, Placement.objects.visible_to(by).filter(pupil=pupil).exists()
    pupil = pupils.add_pupil(
        by=by,
        legal_forename=demo.forename,
        legal_surname=demo.surname,
        date_of_birth=born,
        sex="F" if demo.forename in GIRLS else "M",
        upn=number,
    )
    if demo.attendance:
        possible, attended = demo.attendance
        pupils.record_attendance_year(
            pupil,
            by=by,
            academic_year=academic_year_start(today) - 1,
            possible_sessions=possible,
            attended_sessions=attended,
            authorised_absences=(possible - attended) // 2,
            unauthorised_absences=possible - attended - (possible - attended) // 2,
        )
    return pupil, False


def _place(demo: Demo, pupil: Pupil, provider, *, by, today: datetime.date) -> Placement:
    days = datetime.timedelta
    placement = services.plan_placement(
        pupil,
        by=by,
        provider=provider,
        starts_on=today + days(demo.starts),
        planned_end_on=today + days(demo.ends),
        sessions=demo.sessions,
        hours_per_week=Decimal(demo.hours),
        school_hours_per_week=Decimal(demo.school_hours),
        reason=demo.reason,
        parent_told_on=today + days(min(demo.starts, 0) - 14),
        review_arrangements="Reviewed at the provision with the parent and pupil four weeks after the start, "
        "then every six weeks.",
        intended_end_point="reintegration",
        cost=Decimal("95.00"),
        cost_unit="day",
        funder="school_budget",
        **demo.extra,
    )
    attended = round(100 * demo.attendance[1] / demo.attendance[0]) if demo.attendance else 60
    baseline = (
        {"baseline_value": Decimal(attended), "baseline_on": today + days(min(demo.starts, 0) - 7)}
        if demo.baseline
        else {}
    )
    services.add_objective(
        placement,
        by=by,
        area="attendance",
        description="Attend every timetabled session at the provision.",
        measure="Sessions attended as a percentage of sessions timetabled",
        unit="%",
        **baseline,
        target_value=Decimal(90),
        target_on=today + days(demo.ends),
    )
    if demo.part_time:
        limit, steps = demo.part_time
        services.set_part_time_plan(
            placement,
            by=by,
            why_part_time="Building back up after a long absence, agreed with the family.",
            ends_by=today + days(limit),
            parent_agreed_on=today + days(min(demo.starts, 0) - 10),
            la_notified_on=today + days(min(demo.starts, 0) - 9),
            steps=[(today + days(on), Decimal(hours)) for on, hours in steps],
        )
    if demo.state in ("active", "ended"):
        placement = services.start_placement(placement, by=by)
    if demo.cut_to:
        placement = services.update_plan(
            placement,
            by=by,
            changes={"hours_per_week": Decimal(demo.cut_to), "sessions": demo.sessions[:5]},
            change_reason="Cut to mornings after two incidents, while the provider reviews its support.",
        )
    if demo.state == "ended":
        placement = services.end_placement(
            placement,
            by=by,
            ended_on=today + days(demo.ended),
            reason="Back at school full time: the objectives were met at the last review.",
        )
    if demo.state == "cancelled":
        placement = services.cancel_placement(
            placement, by=by, reason="The family moved out of the area before the placement began."
        )
    return placement


def seed_placements(organisations: dict, acting: dict) -> None:
    """The demo placements (`PLACEMENTS`), each made once by its school's AP lead (`acting[school]`)."""
    today = timezone.localdate()
    for demo in PLACEMENTS:
        by = acting[demo.school]
        with acting_as(by):
            pupil, placed = _pupil(demo, by=by, today=today)
            if not placed:
                _place(demo, pupil, organisations[demo.provider], by=by, today=today)
