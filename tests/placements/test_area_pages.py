"""An LA's pages about its area's placements: the registration threshold counted across every commissioner
(counts only), part-time timetables across its schools, providers in use that are not on its list (and
"use" on the provider pages now counting placements), its own numbers (saved unchanged, nothing
changes), and the costs page; the pupil's week on the pupil's page and the warnings on a placement."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from placements import checks
from placements.models import PlacementRules, PlacementStatus
from providers.models import ApprovalStatus, ProviderType, RegistrationStatus
from pupils.identifiers import academic_year_start
from tests import factories
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.placements.factories import PartTimePlanFactory, PlacementFactory, PlacementRulesFactory
from tests.providers.factories import ApprovedListEntryFactory, ProviderProfileFactory
from tests.providers.pages import queries_for, signed_in
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def born_into(year: int) -> datetime.date:
    return datetime.date(academic_year_start(TODAY) - 5 - year, 12, 1)


def unregistered(name, area, status=RegistrationStatus.UNREGISTERED):
    provider = factories.ProviderFactory(name=name, local_authority=area)
    ProviderProfileFactory(
        provider=provider, registration_status=status, provider_type=ProviderType.OTHER_UNREGISTERED
    )
    return provider


def full_time(provider, school, count=1, **pupil_values):
    for _ in range(count):
        PlacementFactory(
            pupil=PupilFactory(school=school, **pupil_values), provider=provider, hours_per_week=Decimal(20)
        )


# --- The registration threshold ------------------------------------------------------------------


@pytest.fixture
def threshold_world(world):
    """Forge (Demoshire's register) at the threshold counting Otherton's pupils; Greenfield (Otherton's
    register) one short, used by a Demoshire school; Quiet (Demoshire's) below; Faraway (Otherton's,
    not used by Demoshire) and the registered PRU never on Demoshire's page."""
    forge = unregistered("Forge Vocational Training", world.la)
    full_time(forge, world.other_school, 4, legal_forename="Zebedee")
    full_time(forge, world.school)
    greenfield = unregistered("Greenfield Farm Project", world.other_la, RegistrationStatus.APPLIED)
    full_time(greenfield, world.sibling_school, 1)
    full_time(greenfield, world.other_school, 3)
    quiet = unregistered("Quiet Tuition", world.la)
    full_time(quiet, world.school, 1, sen_status="ehc_plan")
    PlacementFactory(pupil=PupilFactory(school=world.school), provider=quiet, hours_per_week=Decimal(6))
    quieter = unregistered("Quieter Tuition", world.la)
    faraway = unregistered("Faraway Skills", world.other_la)
    full_time(faraway, world.other_school, 5)
    full_time(world.provider, world.other_school, 6)
    return forge, greenfield, quiet, quieter


def test_the_la_sees_each_unregistered_provider_with_every_commissioners_pupils(world, threshold_world):
    response = signed_in(world, "la_viewer").get(reverse("placement_area:threshold"))

    rows = [
        (row.provider.name, row.standing, row.counts.full_time, row.counts.protected)
        for row in response.context["page"].object_list
    ]
    assert rows == [
        ("Forge Vocational Training", "at", 5, 0),
        ("Quiet Tuition", "at", 1, 1),
        ("Greenfield Farm Project", "near", 4, 0),
        ("Quieter Tuition", "below", 0, 0),
    ]
    page = response.content.decode()
    assert "Zebedee" not in page
    assert "Otherton School" not in page


def test_another_la_sees_the_same_counts_for_the_providers_its_schools_use(world, threshold_world):
    response = signed_in(world, "other_la_officer").get(reverse("placement_area:threshold"))
    names = [row.provider.name for row in response.context["page"].object_list]
    assert names == ["Faraway Skills", "Forge Vocational Training", "Greenfield Farm Project"]


@pytest.mark.parametrize("role", ["la_officer"])
def test_the_threshold_page_costs_the_same_for_3_and_for_30_providers(world, role):
    client = signed_in(world, role)
    url = reverse("placement_area:threshold")

    def add(count, start):
        for number in range(start, start + count):
            provider = unregistered(f"Provider {number:02d}", world.la if number % 2 else world.other_la)
            full_time(provider, world.school, number % 6)

    add(3, 0)
    three = queries_for(client, url)
    add(27, 3)
    assert (three, queries_for(client, url)) == (2, 2)  # the providers, and the counts over every one
    assert len(client.get(url).context["page"].object_list) == 25


# --- Part-time timetables across the area -----------------------------------------------------


def part_time_plan(school, *, ends_by, told=TODAY, name="Amira", status=PlacementStatus.ACTIVE):
    placement = PlacementFactory(
        pupil=PupilFactory(school=school, legal_forename=name), status=status, hours_per_week=Decimal("9.5")
    )
    return PartTimePlanFactory(placement=placement, ends_by=ends_by, la_notified_on=told)


def test_the_la_lists_its_schools_part_time_timetables_past_their_limit_first(world):
    later = part_time_plan(world.school, ends_by=TODAY + datetime.timedelta(days=20), name="Bea")
    past = part_time_plan(world.sibling_school, ends_by=TODAY - datetime.timedelta(days=3), told=None)
    part_time_plan(world.other_school, ends_by=TODAY, name="Otto")
    ended = PlacementFactory(
        pupil=PupilFactory(school=world.school),
        status=PlacementStatus.ENDED,
        ended_on=TODAY,
        end_reason="Back full time",
    )
    PartTimePlanFactory(placement=ended, ends_by=TODAY - datetime.timedelta(days=30))
    client = signed_in(world, "la_viewer")

    response = client.get(reverse("placement_area:part_time"))

    assert [(row.plan.pk, row.days_past) for row in response.context["page"].object_list] == [
        (past.pk, 3),
        (later.pk, 0),
    ]
    page = response.content.decode()
    assert "Not told" in page
    assert "9.5" in page
    assert "Otto" not in page
    event = AccessEvent.objects.filter(action="placements.area_part_time").get()
    assert sorted(event.pupil_ids) == sorted([past.placement.pupil_id, later.placement.pupil_id])


def short_without_plan(school, *, name="Amira", **values):
    """A current placement leaving a Year 10 pupil (a full-time week of 24 hours) at 19.5 hours, with no
    part-time plan."""
    pupil = PupilFactory(school=school, legal_forename=name, date_of_birth=born_into(10))
    return PlacementFactory(pupil=pupil, hours_per_week=Decimal("9.5"), **values)


def test_the_la_lists_part_time_placements_with_no_plan_first_flagged_so(world):
    with_plan = part_time_plan(world.school, ends_by=TODAY - datetime.timedelta(days=3), name="Bea")
    no_plan = short_without_plan(world.sibling_school, name="Cal")
    starting = short_without_plan(
        world.school,
        name="Dee",
        status=PlacementStatus.PLANNED,
        starts_on=TODAY + datetime.timedelta(days=30),
        planned_end_on=TODAY + datetime.timedelta(days=90),
    )
    short_without_plan(world.other_school, name="Otto")  # another LA's
    short_without_plan(
        world.school, name="Esmeralda", status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Moved away"
    )
    PlacementFactory(pupil=PupilFactory(school=world.school, legal_forename="Fitzgerald"))  # a full-time week
    # Two placements at 9.5 hours each and school: 29 hours, a full-time week together.
    both = PupilFactory(school=world.school, legal_forename="Gwendolyn", date_of_birth=born_into(10))
    PlacementFactory(pupil=both, hours_per_week=Decimal("9.5"))
    PlacementFactory(pupil=both, hours_per_week=Decimal("9.5"), sessions=["thu_am", "thu_pm"])
    # A second placement of a pupil whose other placement has a plan is not listed again.
    PlacementFactory(
        pupil=with_plan.placement.pupil,
        hours_per_week=Decimal("2"),
        sessions=["fri_am"],
        school_hours_per_week=0,
    )
    client = signed_in(world, "la_viewer")

    response = client.get(reverse("placement_area:part_time"))

    rows = response.context["page"].object_list
    assert [(row.placement.pk, row.plan) for row in rows[:2]] == [(starting.pk, None), (no_plan.pk, None)]
    assert [(row.plan.pk, row.days_past) for row in rows[2:]] == [(with_plan.pk, 3)]
    page = response.content.decode()
    assert page.count("No plan to full time") == 2
    assert "Cal" in page
    for name in ("Otto", "Esmeralda", "Fitzgerald", "Gwendolyn"):
        assert name not in page


def test_the_part_time_list_costs_the_same_at_10_and_at_200(world):
    client = signed_in(world, "la_officer")
    url = reverse("placement_area:part_time")
    for number in range(10):
        part_time_plan(world.school, ends_by=TODAY + datetime.timedelta(days=number - 5))
        short_without_plan(world.school)
        PlacementFactory(pupil=PupilFactory(school=world.school))
    ten = queries_for(client, url)
    for number in range(190):
        part_time_plan(world.sibling_school, ends_by=TODAY + datetime.timedelta(days=number - 50))
        short_without_plan(world.sibling_school)
        PlacementFactory(pupil=PupilFactory(school=world.sibling_school))
    # The placements with no plan, their pupils' placements, the LAs' numbers; the count, the page, the
    # access event.
    assert (ten, queries_for(client, url)) == (6, 6)


# --- Providers in use that are not on the list -------------------------------------------------


def placed_at(provider, school, count=1, **values):
    for _ in range(count):
        PlacementFactory(pupil=PupilFactory(school=school), provider=provider, **values)


def test_the_la_sees_providers_its_schools_place_with_that_are_not_on_its_list(world):
    boxing = unregistered("Second Chance Boxing Academy", world.la)
    placed_at(boxing, world.school, 2)
    placed_at(boxing, world.sibling_school)
    placed_at(boxing, world.other_school)  # Otherton's placement: not Demoshire's use
    placed_at(boxing, world.school, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Ended")
    suspended = unregistered("Paused Provision", world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=suspended, status=ApprovalStatus.SUSPENDED)
    placed_at(suspended, world.school)
    placed_at(world.other_provider, world.school)
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.other_provider)

    response = signed_in(world, "la_officer").get(reverse("placement_area:unlisted"))

    rows = [
        (row["provider__name"], row["placements"], row["schools"], row["unregistered"])
        for row in response.context["page"].object_list
    ]
    assert rows == [("Second Chance Boxing Academy", 3, 2, True), ("Otherton College", 1, 1, False)]


def test_the_unlisted_page_costs_the_same_at_10_and_at_200(world):
    client = signed_in(world, "la_officer")
    url = reverse("placement_area:unlisted")
    for number in range(10):
        placed_at(factories.ProviderFactory(name=f"Unlisted {number:03d}"), world.school)
    ten = queries_for(client, url)
    for number in range(10, 200):
        placed_at(factories.ProviderFactory(name=f"Unlisted {number:03d}"), world.sibling_school)
    assert (ten, queries_for(client, url)) == (2, 2)


def test_a_placement_is_use_on_the_provider_pages_too(world):
    boxing = unregistered("Second Chance Boxing Academy", world.la)
    placed_at(boxing, world.sibling_school)
    gone = unregistered("Closed Down Ltd", world.la)
    placed_at(gone, world.school, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Ended")

    response = signed_in(world, "la_viewer").get(reverse("unapproved_providers"))

    rows = {row.provider.name: [school.name for school in row.schools] for row in response.context["rows"]}
    assert rows == {"Second Chance Boxing Academy": ["Hillside Primary"]}
    approved_list = signed_in(world, "la_viewer").get(reverse("approved_list"))
    assert approved_list.context["unapproved_count"] == 1


# --- The LA's numbers ----------------------------------------------------------------------------


def test_a_viewer_reads_the_numbers_and_an_officer_changes_them(world):
    viewer = signed_in(world, "la_viewer")
    page = viewer.get(reverse("placement_area:rules")).content.decode()
    assert "23.5 hours" in page
    assert reverse("placement_area:rules_change") not in page

    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")
    data = posted_form(officer.get(url).content.decode())
    data |= {
        "hours_ks3_and_year_10": "25",
        "part_time_notice_days": "10",
        "local_authority": world.other_la.pk,
    }
    assert officer.post(url, data).status_code == 302

    with unscoped("test"):
        row = PlacementRules.objects.get()
    assert (row.local_authority_id, row.hours_ks3_and_year_10, row.part_time_notice_days) == (
        world.la.pk,
        Decimal(25),
        10,
    )
    assert "25 hours" in viewer.get(reverse("placement_area:rules")).content.decode()


def test_an_officer_sets_only_their_own_las_numbers(world):
    PlacementRulesFactory(local_authority=world.la, hours_ks2=Decimal("23"))
    officer = signed_in(world, "other_la_officer")
    url = reverse("placement_area:rules_change")
    data = posted_form(officer.get(url).content.decode())
    assert data["hours_ks2"] == ["23.5"]  # Otherton's defaults, not Demoshire's 23
    officer.post(url, data | {"hours_ks2": "22", "local_authority": str(world.la.pk)})

    with unscoped("test"):
        numbers = dict(PlacementRules.objects.values_list("local_authority_id", "hours_ks2"))
    assert numbers == {world.la.pk: Decimal(23), world.other_la.pk: Decimal(22)}


def test_hours_typed_with_trailing_zeros_are_the_same_number(world):
    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")
    response = officer.post(url, posted_form(officer.get(url).content.decode()) | {"hours_ks2": "23.00"})
    assert response.status_code == 302, response.context["form"].errors
    with unscoped("test"):
        assert PlacementRules.objects.filter(local_authority=world.la).get().hours_ks2 == Decimal("23")


def test_saving_the_numbers_unchanged_changes_nothing(world):
    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")

    response = officer.post(url, posted_form(officer.get(url).content.decode()), follow=True)
    assert "Nothing changed" in response.content.decode()
    with unscoped("test"):
        assert not PlacementRules.objects.exists()  # the defaults need no row

    row = PlacementRulesFactory(local_authority=world.la, hours_ks2=Decimal("23"))
    events = len(history("placements.PlacementRulesEvent"))
    officer.post(url, posted_form(officer.get(url).content.decode()))
    with unscoped("test"):
        assert PlacementRules.objects.get().updated_at == row.updated_at
    assert len(history("placements.PlacementRulesEvent")) == events


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_ks2", "9", "A full-time week for Years 3 to 6 must be 10 hours or more"),
        ("hours_ks2", "41", "A full-time week for Years 3 to 6 must be 40 hours or fewer"),
        ("hours_ks2", "23.25", "Enter the hours for Years 3 to 6 to the nearest half hour, like 23.5"),
        ("hours_ks2", "abc", "Enter the hours for Years 3 to 6 as a number, like 24 or 23.5"),
        ("hours_year_11", "", "Enter the hours of a full-time week for Year 11"),
        ("non_school_max_sessions", "10", "Enter 9 sessions or fewer"),
        (
            "part_time_notice_days",
            "",
            "Enter how many days a school has to tell you of a part-time timetable",
        ),
    ],
)
def test_numbers_out_of_bounds_are_refused_with_a_message(world, field, value, message):
    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")
    data = posted_form(officer.get(url).content.decode()) | {field: value}
    response = officer.post(url, data)
    assert response.context["form"].errors[field] == [message]
    with unscoped("test"):
        assert not PlacementRules.objects.exists()


def test_two_bad_hours_say_which_year_groups_they_are_for(world):
    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")
    data = posted_form(officer.get(url).content.decode()) | {"hours_ks2": "x", "hours_year_11": "y"}
    page = officer.post(url, data).content.decode()
    assert "Enter the hours for Years 3 to 6 as a number, like 24 or 23.5" in page
    assert "Enter the hours for Year 11 as a number, like 24 or 23.5" in page


def test_the_las_numbers_reach_its_schools_pupils_weeks(world):
    officer = signed_in(world, "la_officer")
    url = reverse("placement_area:rules_change")
    officer.post(url, posted_form(officer.get(url).content.decode()) | {"hours_ks3_and_year_10": "30"})
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(9))
    PlacementFactory(pupil=pupil)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        week = checks.weeks_for([pupil.pk], membership=membership)[pupil.pk]
    assert week.full_time == Decimal(30)


# --- Costs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "by_school"), [("la_viewer", True), ("trust_leader", True), ("school_staff", False)]
)
def test_the_costs_page_shows_each_organisation_its_own(world, role, by_school):
    PlacementFactory(
        pupil=PupilFactory(school=world.school), provider=world.provider, cost=Decimal("40"), cost_unit="week"
    )
    response = signed_in(world, role).get(reverse("placement_area:costs"))
    page = response.content.decode()
    assert "Demoshire PRU" in page
    assert ("Costs by school" in page) == by_school
    assert "Holidays are not taken off" in page
    assert "Placements with no price" not in page


def test_the_costs_page_lists_the_placements_with_no_price(world):
    PlacementFactory(
        pupil=PupilFactory(school=world.school), provider=world.provider, cost=Decimal("40"), cost_unit="week"
    )
    unpriced = PlacementFactory(pupil=PupilFactory(school=world.school), provider=world.provider, cost=None)
    response = signed_in(world, "la_viewer").get(reverse("placement_area:costs"))
    page = response.content.decode()
    assert "Placements with no price" in page
    assert f'href="{reverse("placements:detail", args=[unpriced.pk])}">{unpriced.pupil.name}' in page
    assert [p.pk for p in response.context["summary"].unpriced] == [unpriced.pk]
    event = AccessEvent.objects.filter(action="placement.costs").get()
    assert event.pupil_ids == [unpriced.pupil_id]


# --- The pupil's week and a placement's warnings -------------------------------------------------


def test_the_pupils_page_shows_the_week_and_whether_it_is_short(world):
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(8))
    PlacementFactory(
        pupil=pupil,
        provider=world.provider,
        hours_per_week=Decimal("7.5"),
        school_hours_per_week=Decimal("10"),
    )
    other = PupilFactory(school=world.school)

    page = signed_in(world, "school_staff").get(reverse("pupils:detail", args=[pupil.pk])).content.decode()

    assert "Education each week" in page
    assert "17.5" in page
    assert "short of full time, with no part-time plan" in page
    other_page = signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[other.pk])).content.decode()
    assert "No placement is running today" in other_page
    assert "has no current placement" not in other_page


def test_the_pupils_page_names_a_planned_placement_that_has_not_started(world):
    pupil = PupilFactory(school=world.school)
    starts = TODAY + datetime.timedelta(days=10)
    PlacementFactory(
        pupil=pupil,
        provider=world.provider,
        status=PlacementStatus.PLANNED,
        starts_on=starts,
        planned_end_on=starts + datetime.timedelta(days=60),
    )

    page = signed_in(world, "ap_lead").get(reverse("pupils:detail", args=[pupil.pk])).content.decode()

    assert "No placement is running today" in page
    assert f"{pupil.name}'s placement at Demoshire PRU starts on {starts:%-d %B %Y}" in page


def render_warnings(world, role, placement) -> str:
    membership = world.members[role]
    template = Template("{% load placement_checks %}{% placement_warnings placement %}")
    with acting_as(membership):
        return template.render(Context({"membership": membership, "placement": placement}))


def test_a_placements_warnings_are_for_its_commissioners_only(world):
    forge = unregistered("Forge Vocational Training", world.la)
    placement = PlacementFactory(
        pupil=PupilFactory(school=world.school, looked_after=True), provider=forge, hours_per_week=Decimal(19)
    )
    assert "govuk-warning-text" in render_warnings(world, "ap_lead", placement)
    assert "Forge Vocational Training is not registered" in render_warnings(world, "la_officer", placement)
    assert render_warnings(world, "provider_manager", placement).strip() == ""


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "trust_leader"])
def test_the_costs_link_sits_under_its_own_heading_after_the_placements(world, role):
    page = signed_in(world, role).get(reverse("home")).content.decode()
    before = page[: page.index("What placements cost</a>")]
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", before)
    assert headings[-2:] == ["Pupils in alternative provision", "Costs"]


def test_the_home_pages_link_the_pages_without_a_query(world):
    la = signed_in(world, "la_viewer")
    assert reverse("placement_area:threshold") in la.get(reverse("home")).content.decode()
    assert queries_for(la, reverse("home")) == 0
    school = signed_in(world, "school_staff")
    assert reverse("placement_area:costs") in school.get(reverse("home")).content.decode()
