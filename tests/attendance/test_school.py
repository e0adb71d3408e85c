"""The commissioners' side: a school sees same-day absences at once and the providers that have not sent
the last school day's marks; the placement's page shows attendance against the baseline with the counts
the school reports to the LA; the LA sees its area per provider and per school. Each page is read in a
fixed number of queries however many marks."""

import datetime

import time_machine
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from tests.attendance.factories import MarkFactory
from tests.attendance.pages import signed_in
from tests.attendance.world import placed
from tests.placements.factories import PartTimePlanFactory
from tests.pupils.factories import AttendanceYearFactory

# Tuesday 10 March 2026, mid-morning: the last school day is Monday 9 March.
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 10)
MONDAY = datetime.date(2026, 3, 9)
ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def school_page(world, role="ap_lead"):
    return signed_in(world, role).get(reverse("attendance:school"))


@time_machine.travel(NOW, tick=False)
def test_an_unauthorised_absence_marked_today_shows_to_the_school_at_once(world):
    amira = placed(world, sessions=ALL_WEEK)
    MarkFactory(placement=amira, on=TODAY, session="am", mark="unauthorised", comment="No answer at home")
    MarkFactory(placement=amira, on=MONDAY, session="pm", mark="illness")
    MarkFactory(placement=amira, on=datetime.date(2026, 3, 6), session="am", mark="unauthorised")  # Friday
    elsewhere = placed(world, school=world.sibling_school, name=("Other", "School"), sessions=ALL_WEEK)
    MarkFactory(placement=elsewhere, on=TODAY, session="am", mark="unauthorised")
    response = school_page(world)
    assert response.status_code == 200
    (absence,) = response.context["absences"]
    assert (absence.pupil_name, absence.on, absence.session, absence.comment) == (
        "Amira Khan",
        TODAY,
        "am",
        "No answer at home",
    )
    assert "No answer at home" in response.content.decode()
    assert AccessEvent.objects.get(action="attendance.school").pupil_ids == [amira.pupil_id]
    # The LA sees both schools' absences; the trust its own school's.
    assert len(school_page(world, "la_officer").context["absences"]) == 2
    assert len(school_page(world, "trust_leader").context["absences"]) == 1


@time_machine.travel(NOW, tick=False)
def test_the_school_sees_which_providers_have_not_sent_the_last_school_days_marks(world):
    marked = placed(world, sessions=ALL_WEEK)
    MarkFactory(placement=marked, on=MONDAY, session="am")
    MarkFactory(placement=marked, on=MONDAY, session="pm")
    half_marked = placed(world, name=("Ben", "Ali"), provider=world.other_provider, sessions=ALL_WEEK)
    MarkFactory(placement=half_marked, on=MONDAY, session="am")
    placed(world, name=("Cara", "Bell"), provider=world.other_provider, sessions=ALL_WEEK)
    placed(world, name=("Not", "Mondays"), sessions=["tue_am"])  # nothing due on Monday
    not_marked = school_page(world).context["not_marked"]
    assert [(entry.provider_name, entry.placements, entry.sessions) for entry in not_marked] == [
        ("Otherton College", 2, 3)
    ]


@time_machine.travel(NOW, tick=False)
def test_the_placement_page_shows_attendance_against_the_baseline_and_the_counts_for_the_la(world):
    amira = placed(world, sessions=ALL_WEEK, attendance_code="D")
    AttendanceYearFactory(pupil=amira.pupil, academic_year=2024, possible_sessions=300, attended_sessions=180)
    day = datetime.date(2026, 1, 5)
    marks = ["present"] * 30 + ["late"] * 6 + ["unauthorised"] * 20 + ["illness"] * 4
    for n, mark in enumerate(marks):
        on = day + datetime.timedelta(days=7 * (n // 10) + (n % 10) // 2)
        MarkFactory(placement=amira, on=on, session="am" if n % 2 == 0 else "pm", mark=mark)
    response = signed_in(world, "ap_lead").get(reverse("placements:detail", args=[amira.pk]))
    page = response.content.decode()
    assert "Attendance during the placement" in page
    assert "60%: 36 of 60 possible sessions, 6 of them late" in page
    assert "60% in 2024/25: no change during the placement" in page
    assert "Tell the LA: 10 days reached" in page
    assert "Tell the LA: 15 days reached" not in page
    recent = response.context["recent"]
    assert recent[0][1] == "I"  # illness, the latest
    assert {code for mark, code in recent if mark.mark in ("present", "late")} <= {"D"}


@time_machine.travel(NOW, tick=False)
def test_a_part_time_pupils_untimetabled_session_is_c2_and_a_full_time_pupils_the_schools_own(world):
    part_time = placed(world)
    PartTimePlanFactory(placement=part_time)
    full_time = placed(world, name=("Full", "Time"))
    for placement in (part_time, full_time):
        MarkFactory(placement=placement, on=MONDAY - datetime.timedelta(days=4), mark="not_timetabled")
    client = signed_in(world, "ap_lead")
    pages = [client.get(reverse("placements:detail", args=[p.pk])) for p in (part_time, full_time)]
    codes = [page.context["recent"][0][1] for page in pages]
    assert codes == ["C2", "-"]


@time_machine.travel(NOW, tick=False)
def test_the_area_sees_attendance_per_provider_and_per_school(world):
    ours = placed(world, sessions=ALL_WEEK)
    sibling = placed(world, school=world.sibling_school, name=("Sib", "Ling"), sessions=ALL_WEEK)
    away = placed(world, school=world.other_school, provider=world.other_provider, name=("Far", "Away"))
    marks = ((ours, "present"), (ours, "unauthorised"), (sibling, "present"), (away, "present"))
    for placement, mark in marks:
        MarkFactory(placement=placement, on=MONDAY, session="am" if mark == "present" else "pm", mark=mark)
    response = signed_in(world, "la_viewer").get(reverse("attendance:area"))
    summary = response.context["summary"]
    assert [(r.name, r.placements, r.possible, r.attended) for r in summary.by_provider] == [
        ("Demoshire PRU", 2, 3, 2)
    ]
    assert [(r.name, r.possible, r.percentage) for r in summary.by_school] == [
        ("Demoshire Academy", 2, 50),
        ("Hillside Primary", 1, 100),
    ]
    assert "Far Away" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_school_and_area_pages_and_the_placement_read_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    amira = placed(world, sessions=ALL_WEEK)
    MarkFactory(placement=amira, on=MONDAY, mark="unauthorised")
    pages = [
        ("ap_lead", reverse("attendance:school")),
        ("la_officer", reverse("attendance:school")),
        ("la_officer", reverse("attendance:area")),
        ("ap_lead", reverse("placements:detail", args=[amira.pk])),
        ("provider_manager", reverse("placements:detail", args=[amira.pk])),
    ]
    counts = {}
    for role, url in pages:
        client = signed_in(world, role)
        with django_assert_max_num_queries(60) as few:
            assert client.get(url).status_code == 200
        counts[role, url] = (client, len(few.captured_queries))
    for n in range(8):
        placement = placed(
            world, name=("Pupil", f"Number {n}"), sessions=ALL_WEEK, provider=world.other_provider
        )
        for day in range(5):
            for half in ("am", "pm"):
                on = datetime.date(2026, 3, 2) + datetime.timedelta(days=day)
                mark = "unauthorised" if day else "present"
                MarkFactory(placement=placement, on=on, session=half, mark=mark)
        MarkFactory(placement=placement, on=MONDAY, session="am", mark="unauthorised")
    for (_role, url), (client, queries) in counts.items():
        with django_assert_max_num_queries(queries):
            assert client.get(url).status_code == 200
