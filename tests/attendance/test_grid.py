"""The provider's weekly grid: a row per placement it may mark that week, named as the school shared the
pupil; a select per timetabled session within the placement's dates and not in the future; saving
records the marks; unchanged cells change nothing; problems show beside the cell and nothing is saved."""

import datetime
import re

import time_machine
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from placements.models import PlacementStatus
from tests.attendance.factories import MarkFactory
from tests.attendance.pages import signed_in
from tests.attendance.world import MONDAY, WEDNESDAY, all_marks, placed
from tests.history import history

# Thursday of the test week, mid-morning: Friday is in the future.
NOW = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC)
WEEK = f"{reverse('attendance:grid')}?week={MONDAY.isoformat()}"
THURSDAY = WEDNESDAY + datetime.timedelta(days=1)


def selects(response) -> list[str]:
    return re.findall(r'<select class="govuk-select app-mark[^"]*" id="([^"]+)"', response.content.decode())


@time_machine.travel(NOW, tick=False)
def test_the_grid_has_a_select_per_timetabled_session_so_far(world):
    amira = placed(world)  # Monday to Wednesday
    ben = placed(
        world, name=("Ben", "Ali"), sessions=["thu_am", "fri_am"], starts_on=datetime.date(2026, 3, 3)
    )
    placed(world, provider=world.other_provider, name=("Elsewhere", "Pupil"))
    placed(world, name=("Not", "Started"), status=PlacementStatus.PLANNED)
    response = signed_in(world, "provider_manager").get(WEEK)
    assert response.status_code == 200
    assert [row.name for row in response.context["week"].page.object_list] == ["Amira Khan", "Ben Ali"]
    assert selects(response) == [
        *(f"m-{amira.pk}-2026-03-0{day}-{half}" for day in (2, 3, 4) for half in ("am", "pm")),
        f"m-{ben.pk}-2026-03-05-am",  # Monday is before Ben started; Friday is in the future
    ]
    assert "Elsewhere" not in response.content.decode()
    assert response.context["week"].unmarked_this_week == 7
    event = AccessEvent.objects.get(action="attendance.grid")
    assert event.pupil_ids == sorted([amira.pupil_id, ben.pupil_id])


@time_machine.travel(NOW, tick=False)
def test_saving_the_grid_records_the_marks_chosen_and_nothing_else(world):
    amira = placed(world)
    client = signed_in(world, "provider_staff")
    data = {
        "week": MONDAY.isoformat(),
        f"m-{amira.pk}-2026-03-02-am": "present",
        f"m-{amira.pk}-2026-03-02-pm": "late",
        f"m-{amira.pk}-2026-03-03-am": "",
    }
    response = client.post(reverse("attendance:grid"), data, follow=True)
    assert response.redirect_chain[-1][0] == WEEK
    assert "Attendance saved: 2 new marks recorded." in response.content.decode()
    assert [(m["on"].day, m["session"], m["mark"], m["source"]) for m in all_marks()] == [
        (2, "am", "present", "grid"),
        (2, "pm", "late", "grid"),
    ]
    before = all_marks()
    response = client.post(reverse("attendance:grid"), data, follow=True)
    assert "Nothing changed: every mark was already recorded." in response.content.decode()
    assert all_marks() == before


@time_machine.travel(NOW, tick=False)
def test_a_recorded_mark_can_be_changed_but_not_unmarked(world):
    amira = placed(world)
    MarkFactory(placement=amira, on=MONDAY, session="am", mark="unauthorised")
    client = signed_in(world, "provider_manager")
    page = client.get(WEEK).content.decode()
    cell = re.search(rf'<select[^>]*id="m-{amira.pk}-2026-03-02-am".*?</select>', page, re.S)[0]
    assert "Not marked" not in cell
    assert '<option value="unauthorised" selected>' in cell
    client.post(reverse("attendance:grid"), {"week": "2026-03-02", f"m-{amira.pk}-2026-03-02-am": "illness"})
    assert [m["mark"] for m in all_marks()] == ["illness"]
    assert [event.mark for event in history("attendance.MarkEvent")] == ["unauthorised"]


@time_machine.travel(NOW, tick=False)
def test_marking_everything_present_leaves_marks_already_made_and_chosen(world):
    amira = placed(world)
    MarkFactory(placement=amira, on=MONDAY, session="am", mark="unauthorised")
    client = signed_in(world, "provider_manager")
    response = client.post(
        reverse("attendance:grid"),
        {"week": "2026-03-02", "fill": "present", f"m-{amira.pk}-2026-03-02-pm": "illness"},
        follow=True,
    )
    assert "5 new marks recorded" in response.content.decode()
    assert [(m["on"].day, m["session"], m["mark"]) for m in all_marks()] == [
        (2, "am", "unauthorised"),
        (2, "pm", "illness"),
        (3, "am", "present"),
        (3, "pm", "present"),
        (4, "am", "present"),
        (4, "pm", "present"),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_problem_shows_beside_its_cell_and_nothing_is_saved(world):
    amira = placed(world)
    client = signed_in(world, "provider_manager")
    response = client.post(
        reverse("attendance:grid"),
        {
            "week": "2026-03-02",
            f"m-{amira.pk}-2026-03-02-am": "present",
            f"m-{amira.pk}-2026-03-05-am": "present",  # Thursday: not timetabled
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        f'<a href="#m-{amira.pk}-2026-03-05-am">Amira Khan, Thursday 5 March morning: the pupil is not'
        in page
    )
    assert all_marks() == []


@time_machine.travel(NOW, tick=False)
def test_another_providers_placement_posted_in_the_grid_is_unknown_and_nothing_is_saved(world):
    ours = placed(world)
    theirs = placed(world, provider=world.other_provider)
    response = signed_in(world, "provider_manager").post(
        reverse("attendance:grid"),
        {
            "week": "2026-03-02",
            f"m-{ours.pk}-2026-03-02-am": "present",
            f"m-{theirs.pk}-2026-03-02-am": "late",
        },
    )
    assert f"there is no placement {theirs.pk} with you" in response.content.decode()
    assert all_marks() == []


@time_machine.travel(NOW, tick=False)
def test_the_weeks_link_back_and_forward_but_not_past_this_week(world):
    placed(world)
    client = signed_in(world, "provider_manager")
    page = client.get(WEEK).content.decode()
    assert "?week=2026-02-23" in page
    assert "?week=2026-03-09" not in page
    assert client.get(reverse("attendance:grid") + "?week=2026-05-04").context["week"].monday == MONDAY
    assert client.get(reverse("attendance:grid") + "?week=nonsense").context["week"].monday == MONDAY
    assert client.get(reverse("attendance:grid") + "?week=2026-02-25").context[
        "week"
    ].monday == datetime.date(2026, 2, 23)


@time_machine.travel(NOW, tick=False)
def test_sessions_not_marked_since_the_start_are_counted(world):
    placed(world)  # from 5 January, Monday to Wednesday: 9 weeks to 4 March are 54 sessions
    amira = placed(world, name=("Amira", "Second"), starts_on=datetime.date(2026, 3, 2))
    MarkFactory(placement=amira, on=MONDAY, session="am")
    MarkFactory(placement=amira, on=datetime.date(2026, 3, 5), session="am", mark="not_timetabled")
    response = signed_in(world, "provider_manager").get(WEEK)
    # since the academic year began (1 September 2025), counted to today: 54 + 6 - 1
    assert response.context["unmarked_total"] == 59
    assert "59 timetabled sessions since" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_grid_is_read_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = signed_in(world, "provider_manager")
    placed(world)
    with django_assert_max_num_queries(30) as few:
        client.get(WEEK)
    for n in range(12):
        placement = placed(world, name=("Pupil", f"Number {n}"))
        for day in range(3):
            MarkFactory(placement=placement, on=MONDAY + datetime.timedelta(days=day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(WEEK)
    assert len(response.context["week"].page.object_list) == 13
    with unscoped("test"):
        assert AccessEvent.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_provider_s_attendance_pages_never_read_the_pupil_table(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    amira = placed(world)
    MarkFactory(placement=amira, on=MONDAY)
    client = signed_in(world, "provider_manager")
    csv = "Placement reference,Date,Session,Mark\r\n" + "".join(
        f"{amira.pk},{day}/03/2026,AM,P\r\n" for day in ("03", "05")
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(WEEK).status_code == 200
        client.post(reverse("attendance:grid"), {"week": "2026-03-02", f"m-{amira.pk}-2026-03-03-pm": "late"})
        client.post(reverse("attendance:upload"), {"file": SimpleUploadedFile("m.csv", csv.encode())})
        client.get(reverse("attendance:template"), {"week": "2026-03-02", "file_format": "csv"})
        client.get(reverse("placements:detail", args=[amira.pk]))
    assert not [query["sql"] for query in queries if "pupils_pupil" in query["sql"]]
