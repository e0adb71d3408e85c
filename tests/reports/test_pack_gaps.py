"""The evidence pack's gaps, stated plainly: all five headings every time, the pupils and providers each
gap applies to with the date or number that shows it, another school's records never, and a fixed number
of queries however many pupils."""

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.forms.dates import long_date
from apcommission.numbers import hours_text
from apcommission.tenancy.scoping import acting_as, unscoped
from contacts.models import Contact, ContactKind
from placements.entitlement import full_time_hours
from placements.models import PlacementStatus
from providers.models import EvidenceType
from reports.pack import document, gaps
from reports.pack.scope import Naming, PackScope, term_start
from reviews.models import Review, ReviewKind, ReviewState
from tests.contacts.factories import ContactRecordFactory
from tests.placements.factories import ObjectiveFactory, PartTimePlanFactory
from tests.providers.factories import EvidenceFactory, standard_evidence_type, standard_evidence_types
from tests.reports.test_pack import DAY, PERIOD, TODAY, pack_text, placed
from tests.reviews.factories import ReviewFactory

TERM_STARTS = term_start(PERIOD.end)
YEAR_9 = {"year_group_override": 9, "year_group_reason": "Taught with Year 9"}


def gathered(world, role="school_leader", naming=Naming.FULL_NAME) -> gaps.GapsSection:
    membership = world.members[role]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY, naming=naming)
    with acting_as(membership):
        return gaps.gather(scope)


def rows(section: gaps.GapsSection, key: str) -> list[tuple]:
    return [(item.pupil, item.provider, item.what, item.shows) for item in section.gap(key).items]


def current_evidence(provider, la, *, except_type=None, expired_on=None):
    """A current check by `la` of every standard type, but `except_type`, which expired on `expired_on`."""
    for evidence_type in standard_evidence_types():
        if evidence_type == except_type:
            EvidenceFactory(
                provider=provider,
                evidence_type=evidence_type,
                checked_for=la,
                checked_on=expired_on - 365 * DAY,
                expires_on=expired_on,
            )
        else:
            EvidenceFactory(provider=provider, evidence_type=evidence_type, checked_for=la)


def visit(world, provider, on, *, school=None, **values):
    return ContactRecordFactory(school=school or world.school, provider=provider, on=on, **values)


@pytest.fixture
def gappy(world):
    """Demoshire Academy's placements with one of each gap, beside its sibling school's with every gap."""
    made = {
        # At the PRU: one objective with a baseline and one without; a review overdue, one due today.
        "nowena": placed(world.school, world.provider, "Nowena", **YEAR_9),
        # At the college, whose week is short of full time with no part-time plan and has no objective.
        "elsewhen": placed(world.school, world.other_provider, "Elsewhen", **YEAR_9),
        # Ended in the period: its final review is still due, and must still be held.
        "endrick": placed(
            world.school, world.provider, "Endrick", status=PlacementStatus.ENDED, starts=-50, ended=-5
        ),
        "siblinda": placed(world.sibling_school, world.provider, "Siblinda", **YEAR_9),
    }
    with unscoped("test data"):
        made["elsewhen"].school_hours_per_week = 0
        made["elsewhen"].save()
        made["siblinda"].school_hours_per_week = 0
        made["siblinda"].save()
    ObjectiveFactory(placement=made["nowena"], description="Attend every morning session.")
    ObjectiveFactory(
        placement=made["nowena"], description="Read at his age.", baseline_value=None, baseline_on=None
    )
    ObjectiveFactory(placement=made["endrick"])
    ObjectiveFactory(
        placement=made["siblinda"], description="Siblinda's aim", baseline_value=None, baseline_on=None
    )
    ReviewFactory(placement=made["nowena"], number=1, planned_on=TODAY - 10 * DAY, state=ReviewState.DUE)
    ReviewFactory(placement=made["nowena"], number=2, planned_on=TODAY, state=ReviewState.DUE)
    ReviewFactory(
        placement=made["elsewhen"],
        number=1,
        planned_on=TODAY - 30 * DAY,
        held_on=TODAY - 29 * DAY,
        state=ReviewState.HELD,
    )
    ReviewFactory(
        placement=made["elsewhen"], number=2, planned_on=TODAY - 3 * DAY, state=ReviewState.CANCELLED
    )
    ReviewFactory(placement=made["endrick"], kind=ReviewKind.FINAL, number=0, planned_on=TODAY - 5 * DAY)
    ReviewFactory(placement=made["siblinda"], number=1, planned_on=TODAY - 20 * DAY)
    # The PRU's evidence as Demoshire checked it: all current but insurance, which expired. Otherton
    # checked the college and found it all current: that is Otherton's picture, not Demoshire's.
    current_evidence(
        world.provider, world.la, except_type=standard_evidence_type("Insurance"), expired_on=TODAY - 35 * DAY
    )
    current_evidence(world.other_provider, world.other_la)
    # The school visited the PRU on the first day of term; the college last term, and this term only
    # by telephone, by a visit entered in error, and by its sibling school.
    visit(world, world.provider, TERM_STARTS)
    visit(world, world.other_provider, TERM_STARTS - 10 * DAY)
    visit(world, world.other_provider, TODAY, kind=ContactKind.PROVIDER)
    visit(
        world,
        world.other_provider,
        TODAY,
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.user("ap_lead"),
        error_reason="Wrong provider",
    )
    visit(world, world.other_provider, TODAY, school=world.sibling_school)
    return made


def test_every_gap_is_listed_even_with_nothing_in_it(world):
    section = gathered(world)
    assert [gap.heading for gap in section.gaps] == [
        "Placements without a baseline",
        "Reviews overdue",
        "Provider evidence expired or missing",
        "Providers not visited this term",
        "Pupils short of full time",
    ]
    assert all(gap.items == [] for gap in section.gaps)
    assert all(gap.why for gap in section.gaps)


def test_placements_without_a_baseline_name_the_objectives(world, gappy):
    assert rows(gathered(world), "baseline") == [
        (
            "Elsewhen Testpupil",
            world.other_provider.name,
            ("No objectives recorded",),
            f"Started {long_date(gappy['elsewhen'].starts_on)}",
        ),
        (
            "Nowena Testpupil",
            world.provider.name,
            ("Read at his age.",),
            f"Started {long_date(gappy['nowena'].starts_on)}",
        ),
    ]


def test_reviews_overdue_are_those_still_due_before_today(world, gappy):
    with unscoped("test"):
        overdue = {
            review.placement_id: (TODAY - review.due_on).days
            for review in Review.objects.filter(placement__school=world.school, state="due", due_on__lt=TODAY)
        }
    assert rows(gathered(world), "reviews") == [
        (
            "Endrick Testpupil",
            world.provider.name,
            ("Final review",),
            f"{long_date(TODAY - 5 * DAY)} ({overdue[gappy['endrick'].pk]} days overdue)",
        ),
        (
            "Nowena Testpupil",
            world.provider.name,
            ("Review 1",),
            f"{long_date(TODAY - 10 * DAY)} ({overdue[gappy['nowena'].pk]} days overdue)",
        ),
    ]
    assert sorted(overdue.values()) == [5, 10]


def test_evidence_is_read_as_the_school_s_la_checked_it(world, gappy):
    with unscoped("test"):
        types = EvidenceType.objects.filter(local_authority=None, retired_at=None).count()
    found = rows(gathered(world), "evidence")
    assert found == [  # by provider: Demoshire PRU, then Otherton College
        (
            "",
            world.provider.name,
            (f"Insurance: expired {long_date(TODAY - 35 * DAY)}",),
            f"1 expired (of {types} types)",
        ),
        ("", world.other_provider.name, found[1][2], f"{types} missing (of {types} types)"),
    ]
    assert all(line.endswith(": never checked") for line in found[1][2])
    assert len(found[1][2]) == types


def test_a_trust_reads_the_evidence_of_its_school_s_la(world, gappy):
    """The trust sees Otherton's picture too (another of its schools is there): the pack still reads
    Demoshire's, the picture of the school it is for."""
    with unscoped("test data"):
        world.other_school.trust = world.trust
        world.other_school.save()
    current_evidence(world.other_provider, world.la)
    EvidenceFactory(
        provider=world.other_provider,
        evidence_type=standard_evidence_type("Insurance"),
        checked_for=world.other_la,
        checked_on=TODAY - 2 * DAY,
        expires_on=TODAY - DAY,
    )
    assert [item.provider for item in gathered(world, "trust_leader").gap("evidence").items] == [
        world.provider.name
    ]


def test_providers_not_visited_this_term_are_those_without_a_visit_by_the_school(world, gappy):
    with unscoped("test"):
        last = Contact.objects.filter(
            school=world.school, provider=world.other_provider, kind="visit", entered_in_error_at=None
        ).aggregate(on=Max("on"))["on"]
    days = (TODAY - last).days
    assert rows(gathered(world), "visits") == [
        (
            "",
            world.other_provider.name,
            ("1 pupil placed there now",),
            f"Last visited {days} days ago ({long_date(last)})",
        ),
    ]
    assert last == TERM_STARTS - 10 * DAY


def test_a_provider_never_visited_says_so(world):
    placed(world.school, world.provider, "Nowena")
    placed(world.school, world.provider, "Norbert")
    assert rows(gathered(world), "visits") == [
        ("", world.provider.name, ("2 pupils placed there now",), "Not visited")
    ]


def test_pupils_short_of_full_time_say_by_how_much(world, gappy):
    placement = gappy["elsewhen"]
    short = full_time_hours(9) - placement.hours_per_week - placement.school_hours_per_week
    assert rows(gathered(world), "short") == [
        (
            "Elsewhen Testpupil",
            world.other_provider.name,
            ("15 hours a week at the provider", "No part-time plan"),
            f"{hours_text(short)} hours a week",
        ),
    ]
    assert short == 9


def test_a_part_time_plan_is_said_beside_the_shortfall(world, gappy):
    PartTimePlanFactory(placement=gappy["elsewhen"])
    (item,) = gathered(world).gap("short").items
    assert item.what == ("15 hours a week at the provider", "Part-time plan within its time limit")


def test_pupils_are_named_as_the_school_chooses(world, gappy):
    section = gathered(world, naming=Naming.UPN)
    assert section.gap("short").items[0].pupil == gappy["elsewhen"].pupil.upn


def test_the_pack_states_the_gaps(world, gappy):
    text, _pdf = pack_text(world)
    section = text[text.rindex("Gaps in the evidence") :]
    assert "Placements without a baseline 2" in section
    assert "Reviews overdue 2" in section
    assert "Provider evidence expired or missing 2" in section
    assert "Providers not visited this term 1" in section
    assert "Pupils short of full time 1" in section
    assert "Elsewhen Testpupil Otherton College No objectives recorded" in section
    assert "Read at his age." in section
    assert f"{long_date(TODAY - 10 * DAY)} (10 days overdue)" in section
    assert f"Insurance: expired {long_date(TODAY - 35 * DAY)}" in section
    assert f"({long_date(TERM_STARTS - 10 * DAY)})" in section
    assert "9 hours a week" in section
    assert "Siblinda" not in text


def test_the_pack_says_none_in_green_under_each_empty_gap(world):
    text, _pdf = pack_text(world)
    section = text[text.rindex("Gaps in the evidence") :]
    assert section.count("NONE") == 10  # in the table at the top, and under each heading (tags are capitals)
    membership = world.members["school_leader"]
    with acting_as(membership):
        scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)
        html = document.build(scope, generated_by="Helen Head", generated_at=timezone.now()).html
    assert html[html.index('id="gaps"') :].count('class="tag tag-green">None<') == 10


def test_gathering_makes_the_same_queries_for_one_pupil_as_for_many(world):
    membership = world.members["school_leader"]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)

    def queries() -> int:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            gaps.gather(scope)
        return len(captured)

    first = placed(world.school, world.provider, "Solo")
    ReviewFactory(placement=first, planned_on=TODAY - 10 * DAY)
    one = queries()
    for i in range(6):
        provider = world.other_provider if i % 2 else world.provider
        placement = placed(world.school, provider, f"Many{i}")
        ObjectiveFactory(placement=placement, baseline_value=None, baseline_on=None)
        ReviewFactory(placement=placement, planned_on=TODAY - i * DAY)
        visit(world, provider, TODAY - i * DAY)
    assert queries() == one
