"""The register of pupils in AP: whose placements each organisation sees, what each row says, and the
search, filters, sort and pages. The flags have their own tests (test_register_flags.py)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from placements.models import PlacementStatus
from tests import factories
from tests.placements.register_pages import (
    TODAY,
    YEAR_9,
    csv_rows,
    placed,
    register_rows,
    row_of,
    signed_in,
    xlsx_rows,
)
from tests.providers.factories import SiteFactory
from tests.pupils.factories import PupilFactory

S = PlacementStatus


def ids(rows) -> set[int]:
    return {row.placement_id for row in rows}


def test_a_school_sees_its_own_current_placements_and_no_one_elses(world):
    mine = placed(world)
    sibling = placed(world, school=world.sibling_school)
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    ended = placed(world, status=S.ENDED, ended_on=TODAY, end_reason="Back at school full time.")
    for role in ("ap_lead", "dsl", "school_leader", "school_staff"):
        assert ids(register_rows(signed_in(world, role))) == {mine.pk}, role
    assert ended.pk in ids(register_rows(signed_in(world, "ap_lead"), "?status=ended"))
    assert sibling.pk not in ids(register_rows(signed_in(world, "ap_lead"), "?status=all"))
    assert elsewhere.pk not in ids(register_rows(signed_in(world, "ap_lead"), "?status=all"))


def test_a_trust_sees_its_schools_placements_with_each_school_named(world):
    second = factories.SchoolFactory(name="Riverside High", local_authority=world.la, trust=world.trust)
    ours, theirs = placed(world), placed(world, school=second)
    outside = placed(world, school=world.sibling_school)
    client = signed_in(world, "trust_leader")
    assert ids(register_rows(client)) == {ours.pk, theirs.pk}
    text = client.get("/register/").content.decode()
    assert "Riverside High" in text
    assert "Demoshire Academy" in text
    # The whole name, as the row writes it: a random surname alone can be a word of the page ("Cook").
    assert f"{outside.pupil.surname}, {outside.pupil.forename}" not in text
    assert outside.pupil.name not in text


@pytest.mark.parametrize("role", ["la_officer", "la_viewer"])
def test_an_la_sees_every_placement_in_its_area(world, role):
    area = {placed(world).pk, placed(world, school=world.sibling_school).pk}
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    client = signed_in(world, role)
    assert ids(register_rows(client)) == area
    assert "Hillside Primary" in client.get("/register/").content.decode()
    assert ids(register_rows(signed_in(world, "other_la_officer"))) == {elsewhere.pk}


@pytest.mark.parametrize("role", ["provider_manager", "provider_staff"])
def test_a_provider_has_no_register(world, role):
    placed(world)
    assert signed_in(world, role).get("/register/").status_code == 403


def test_a_row_says_who_is_where_on_what_timetable(world):
    site = SiteFactory(provider=world.provider, name="Mill Street")
    pupil = PupilFactory(
        school=world.school, legal_forename="Amira", legal_surname="Khan", date_of_birth=YEAR_9
    )
    placement = placed(
        world, pupil=pupil, site=site, hours="15", school_hours="10", sessions=["mon_am", "tue_am", "wed_pm"]
    )
    text = signed_in(world, "ap_lead").get("/register/").content.decode()
    pupil = placement.pupil
    assert f'href="{reverse("pupils:detail", args=[pupil.pk])}"' in text
    assert f"{pupil.surname}, {pupil.forename}" in text
    assert f'href="{reverse("placements:detail", args=[placement.pk])}"' in text
    assert "Year 9" in text
    assert world.provider.name in text
    assert "Mill Street" in text
    assert "Part-time" in text
    assert "3 sessions" in text
    assert "Not scheduled" in text
    row = row_of(signed_in(world, "ap_lead"), placement)
    assert (row.hours, row.full_time, row.sessions_a_week) == (Decimal("15"), False, 3)


def test_hours_are_written_as_on_every_other_page(world):
    whole = placed(world, hours="25.0", school_hours="0")
    short = placed(world, hours="20.0", school_hours="0")
    client = signed_in(world, "ap_lead")
    text = client.get("/register/").content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">25</td>' in text
    assert "25.0" not in text
    assert "Short of full time: 4 hours" in text
    assert "Short of full time: 4 hours" in [words for _, words in row_of(client, short).flag_tags]
    assert whole.pk


def test_24_hours_is_full_time_for_year_9_and_23_9_is_not(world):
    full = placed(world, hours="24")
    part = placed(world, hours="23.9", school_hours="0.1")
    client = signed_in(world, "ap_lead")
    assert row_of(client, full).full_time is True
    assert row_of(client, part).full_time is False


def test_the_attendance_pattern_is_labelled_as_the_census_reads_it_and_explained(world):
    placed(world, hours="20", school_hours="4")
    text = signed_in(world, "ap_lead").get("/register/").content.decode()
    assert "Attendance pattern (census)</th>" in text
    assert "It leaves out the hours at school, so a pupil can have a full-time week" in text


@pytest.mark.parametrize(
    ("sessions", "said"),
    [
        (["mon_am", "mon_pm"], "All day"),
        (["mon_am", "tue_pm"], "Morning"),
        (["mon_pm"], "Afternoon"),
        (["tue_am", "tue_pm"], "No"),
    ],
)
def test_out_today_reads_todays_sessions(world, sessions, said):
    monday = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    with time_machine.travel(monday, tick=False):
        placement = placed(
            world,
            sessions=sessions,
            starts_on=datetime.date(2026, 2, 23),
            planned_end_on=datetime.date(2026, 5, 22),
        )
        assert row_of(signed_in(world, "ap_lead"), placement).out_today == said


def test_a_planned_placement_is_not_out_today(world):
    planned = placed(world, status=S.PLANNED, starts_on=TODAY + datetime.timedelta(days=7))
    client = signed_in(world, "ap_lead")
    assert row_of(client, planned).out_today == ""
    assert "Planned" in client.get("/register/").content.decode()


def test_the_status_filter_shows_planned_active_ended_cancelled_or_all(world):
    planned = placed(world, status=S.PLANNED)
    active = placed(world)
    ended = placed(world, status=S.ENDED, ended_on=TODAY, end_reason="Moved to a special school.")
    cancelled = placed(world, status=S.CANCELLED, cancelled_on=TODAY, cancel_reason="The family moved away.")
    client = signed_in(world, "ap_lead")
    assert ids(register_rows(client)) == {planned.pk, active.pk}
    assert ids(register_rows(client, "?status=current")) == {planned.pk, active.pk}
    assert ids(register_rows(client, "?status=planned")) == {planned.pk}
    assert ids(register_rows(client, "?status=active")) == {active.pk}
    assert ids(register_rows(client, "?status=ended")) == {ended.pk}
    assert ids(register_rows(client, "?status=cancelled")) == {cancelled.pk}
    assert ids(register_rows(client, "?status=all")) == {planned.pk, active.pk, ended.pk, cancelled.pk}


def test_an_ended_or_cancelled_placement_has_no_next_review(world):
    ended = placed(world, status=S.ENDED, ended_on=TODAY, end_reason="Back at school full time.")
    cancelled = placed(world, status=S.CANCELLED, cancelled_on=TODAY, cancel_reason="The family moved away.")
    current = placed(world)
    client = signed_in(world, "ap_lead")
    assert row_of(client, ended, "?status=ended").next_review == ""
    assert row_of(client, cancelled, "?status=cancelled").next_review == ""
    assert row_of(client, current).next_review == "Not scheduled"
    [row] = csv_rows(client.get(reverse("register:export", args=["csv"]) + "?status=ended"))
    assert row["Next review"] == ""


def test_a_cancelled_placement_has_no_flags_and_says_when_it_was_cancelled(world):
    cancelled = placed(
        world, baseline=False, status=S.CANCELLED, cancelled_on=TODAY, cancel_reason="The family moved away."
    )
    client = signed_in(world, "ap_lead")
    row = row_of(client, cancelled, "?status=cancelled")
    assert (row.status, row.flags, row.out_today, row.ended_on) == (S.CANCELLED, [], "", None)
    text = client.get("/register/?status=cancelled").content.decode()
    assert f"Cancelled {TODAY:%-d %b %Y}" in text
    assert "/register/export.csv" not in text  # a cancelled placement is no placement for the census


def test_search_finds_a_pupil_by_name_or_upn(world):
    amira = placed(
        world, pupil=PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    )
    other = placed(world, pupil=PupilFactory(school=world.school, legal_forename="Tom", legal_surname="Reed"))
    client = signed_in(world, "ap_lead")
    assert ids(register_rows(client, "?q=khan")) == {amira.pk}
    assert ids(register_rows(client, "?q=amira+khan")) == {amira.pk}
    assert ids(register_rows(client, f"?q={other.pupil.upn.lower()}")) == {other.pk}


def test_search_reads_a_name_as_the_lists_write_it_and_part_of_a_upn_as_the_pupil_list_does(world):
    amira = placed(
        world, pupil=PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    )
    placed(world, pupil=PupilFactory(school=world.school, legal_forename="Tom", legal_surname="Reed"))
    client = signed_in(world, "ap_lead")
    assert ids(register_rows(client, "?q=Khan%2C+Amira")) == {amira.pk}
    assert ids(register_rows(client, f"?q={amira.pupil.upn[-5:]}")) == {amira.pk}


def test_the_provider_and_year_group_filters(world):
    second = factories.ProviderFactory(name="Forge Training", local_authority=world.la)
    year_9 = placed(world)
    year_7 = placed(
        world,
        provider=second,
        pupil=PupilFactory(
            school=world.school, year_group_override=7, year_group_reason="Taught out of year"
        ),
    )
    client = signed_in(world, "ap_lead")
    assert ids(register_rows(client, f"?provider={second.pk}")) == {year_7.pk}
    assert ids(register_rows(client, "?year=9")) == {year_9.pk}
    assert ids(register_rows(client, "?year=7")) == {year_7.pk}
    choices = client.get("/register/").context["form"].fields["provider"].choices
    assert [name for _pk, name in choices] == ["Any provider", world.provider.name, "Forge Training"]


def test_a_provider_not_in_the_register_is_refused_with_its_error(world):
    placed(world)
    response = signed_in(world, "ap_lead").get(f"/register/?provider={world.other_provider.pk}")
    assert "Choose a provider from the list" in response.content.decode()
    assert len(response.context["page"].object_list) == 1  # the filter that cannot be used is left out


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("pupil", "adams"),
        ("start", "adams"),
        ("-start", "zephyr"),
        ("end", "zephyr"),
        ("-hours", "adams"),
        ("hours", "zephyr"),
    ],
)
def test_the_register_sorts(world, sort, first):
    adams = placed(
        world,
        pupil=PupilFactory(school=world.school, legal_surname="Adams"),
        starts_on=TODAY - datetime.timedelta(days=40),
        planned_end_on=TODAY + datetime.timedelta(days=90),
        hours="25",
    )
    zephyr = placed(
        world,
        pupil=PupilFactory(school=world.school, legal_surname="Zephyr"),
        starts_on=TODAY - datetime.timedelta(days=5),
        planned_end_on=TODAY + datetime.timedelta(days=30),
        hours="12",
    )
    rows = register_rows(signed_in(world, "ap_lead"), f"?sort={sort}")
    assert [row.placement_id for row in rows] == [
        placement.pk for placement in ((adams, zephyr) if first == "adams" else (zephyr, adams))
    ]


def test_the_register_pages_twenty_five_placements_at_a_time(world):
    for _ in range(26):
        placed(world)
    client = signed_in(world, "ap_lead")
    assert len(register_rows(client)) == 25
    assert len(register_rows(client, "?page=2")) == 1


def test_the_page_writes_an_access_event_naming_the_pupils_shown(world):
    shown = placed(world)
    placed(world, school=world.sibling_school)
    signed_in(world, "ap_lead").get("/register/")
    event = AccessEvent.objects.get(action="placement.register")
    assert event.pupil_ids == [shown.pupil_id]


def test_an_empty_register_says_so_and_writes_no_event(world):
    text = signed_in(world, "ap_lead").get("/register/").content.decode()
    assert "No pupils are in alternative provision" in text
    assert not AccessEvent.objects.filter(action="placement.register").exists()
    placed(world)
    text = signed_in(world, "ap_lead").get("/register/?q=nobody-at-all").content.decode()
    assert "No placements match your search and filters" in text


@pytest.mark.parametrize("role", ["trust_leader", "la_officer"])
def test_a_trust_or_an_la_filters_by_school(world, role):
    second = factories.SchoolFactory(name="Riverside High", local_authority=world.la, trust=world.trust)
    ours, theirs = placed(world), placed(world, school=second)
    sibling = placed(world, school=world.sibling_school)
    client = signed_in(world, role)
    assert ids(register_rows(client, f"?school={second.pk}")) == {theirs.pk}
    assert ids(register_rows(client, f"?school={world.school.pk}&q={ours.pupil.surname}")) == {ours.pk}
    response = client.get("/register/")
    schools = [name for _pk, name in response.context["form"].fields["school"].choices]
    expected = ["Demoshire Academy", "Riverside High"]
    if role == "la_officer":
        expected.append("Hillside Primary")
        assert ids(register_rows(client, f"?school={world.sibling_school.pk}")) == {sibling.pk}
    assert schools == ["Any school", *sorted(expected)]
    text = response.content.decode()
    assert '<select class="govuk-select" id="id_school" name="school">' in text
    # The school is kept with the other filters: in the download links and the pages.
    filtered = client.get(f"/register/?school={second.pk}&sort=start").content.decode()
    assert f"/register/export.csv?school={second.pk}&amp;sort=start" in filtered
    assert f'<option value="{second.pk}" selected>Riverside High</option>' in filtered


def test_the_download_holds_the_chosen_schools_placements_only(world):
    placed(world, pupil=PupilFactory(school=world.school, legal_surname="Khan"))
    placed(
        world,
        school=world.sibling_school,
        pupil=PupilFactory(school=world.sibling_school, legal_surname="Reed"),
    )
    client = signed_in(world, "la_officer")
    rows = csv_rows(client.get(f"/register/export.csv?school={world.sibling_school.pk}"))
    assert [(row["School"], row["Surname"]) for row in rows] == [("Hillside Primary", "Reed")]
    rows = xlsx_rows(client.get(f"/register/export.xlsx?school={world.school.pk}"))
    assert [(row["School"], row["Surname"]) for row in rows] == [("Demoshire Academy", "Khan")]


def test_a_schools_own_register_has_no_school_filter(world):
    mine = placed(world)
    placed(world, school=world.sibling_school)
    response = signed_in(world, "ap_lead").get(f"/register/?school={world.sibling_school.pk}")
    assert "school" not in response.context["form"].fields
    assert 'name="school"' not in response.content.decode()
    assert ids(response.context["page"].object_list) == {mine.pk}
