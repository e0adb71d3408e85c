"""The evidence pack's providers: each provider the school used in the period, with its pupils, the
school's visits and contacts, the school's and its LA's QA visits, the LA's evidence and approved list,
and the registration test; never another school's records, and read in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from contacts.models import Contact, ContactKind
from placements.models import PlacementStatus
from providers.models import (
    ApprovalStatus,
    EvidenceState,
    Judgement,
    ProviderProfile,
    RegistrationStatus,
)
from reports.pack import providers
from reports.pack.scope import PackScope
from tests.contacts.factories import ContactRecordFactory
from tests.factories import ProviderFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import (
    ApprovedListEntryFactory,
    AreaJudgementFactory,
    EvidenceFactory,
    ProviderProfileFactory,
    QAActionFactory,
    QAVisitFactory,
    standard_area,
    standard_evidence_type,
)
from tests.pupils.factories import PupilFactory
from tests.reports.test_pack import PERIOD, TODAY, pack_text, placed

DAY = datetime.timedelta(days=1)


def gathered(world, role="school_leader") -> providers.ProvidersSection:
    membership = world.members[role]
    with acting_as(membership):
        return providers.gather(
            PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)
        )


def row_of(section, provider) -> providers.ProviderRow:
    (row,) = [row for row in section.providers if row.provider_id == provider.pk]
    return row


def contact_in_error(by) -> dict:
    return {
        "entered_in_error_at": timezone.now(),
        "entered_in_error_by": by,
        "error_reason": "Wrong provider",
    }


def visit_in_error(by) -> dict:
    return {
        "entered_in_error_at": timezone.now(),
        "entered_in_error_by": by,
        "entered_in_error_reason": "Recorded against the wrong provider",
    }


@pytest.fixture
def used(world):
    """Demoshire Academy's pupils at the PRU (one now, one who left) and at Otherton College; its sibling
    school's pupil at the PRU; a provider only the sibling school uses."""
    elsewhere = ProviderFactory(name="Hillside Tutors", local_authority=world.la)
    ProviderProfileFactory(provider=elsewhere, added_by=world.la)
    return {
        "now": placed(world.school, world.provider, "Nowena"),
        "ended": placed(
            world.school, world.provider, "Endrick", status=PlacementStatus.ENDED, starts=-50, ended=-5
        ),
        "before": placed(
            world.school, world.provider, "Beforely", status=PlacementStatus.ENDED, starts=-200, ended=-100
        ),
        "college": placed(world.school, world.other_provider, "Elsewhen"),
        "sibling": placed(world.sibling_school, world.provider, "Siblinda"),
        "elsewhere_sibling": placed(world.sibling_school, elsewhere, "Siblinda2"),
        "elsewhere": elsewhere,
    }


def test_each_provider_the_school_used_with_its_pupils_and_no_one_else_s(world, used):
    section = gathered(world)
    assert [row.name for row in section.providers] == ["Demoshire PRU", "Otherton College"]
    pru = row_of(section, world.provider)
    assert (pru.pupils_in_period, pru.pupils_now) == (2, 1)  # Nowena and Endrick; not the sibling's
    college = row_of(section, world.other_provider)
    assert (college.pupils_in_period, college.pupils_now) == (1, 1)
    assert section.local_authority == "Demoshire Council"


def test_the_school_s_visits_and_contacts_are_counted_as_its_log_holds_them(world, used):
    lead = world.members["ap_lead"].user
    at_pru = {"school": world.school, "provider": world.provider, "by": lead}
    ContactRecordFactory(**at_pru, on=TODAY - 2 * DAY)
    ContactRecordFactory(**at_pru, on=TODAY - 40 * DAY)
    ContactRecordFactory(**at_pru, on=TODAY - 1 * DAY, **contact_in_error(lead))  # nobody's visit
    ContactRecordFactory(**at_pru, on=TODAY - 90 * DAY)  # before the period: not counted in it
    ContactRecordFactory(**at_pru, kind=ContactKind.WELFARE_CHECK, placement=used["now"], on=TODAY - 3 * DAY)
    ContactRecordFactory(**at_pru, kind=ContactKind.PARENT, placement=used["now"], on=TODAY - 4 * DAY)
    ContactRecordFactory(**at_pru, kind=ContactKind.PARENT, placement=used["now"], on=TODAY - 5 * DAY)
    ContactRecordFactory(school=world.sibling_school, provider=world.provider, on=TODAY)  # not ours
    ContactRecordFactory(school=world.school, provider=used["elsewhere"], on=TODAY - DAY, by=lead)

    section = gathered(world)
    pru = row_of(section, world.provider)
    assert pru.visits == 2
    assert pru.last_visit.on == TODAY - 2 * DAY
    assert pru.other_contacts == {ContactKind.WELFARE_CHECK: 1, ContactKind.PARENT: 2}
    assert pru.other_contacts_words == "1 welfare check, 2 contacts with parents or carers"
    college = row_of(section, world.other_provider)
    assert (college.visits, college.last_visit.on, college.other_contacts) == (0, None, {})

    term_starts = PackScope(
        membership=world.members["school_leader"], school=world.school, period=PERIOD, today=TODAY
    ).term_starts
    with unscoped("test: the log as the database holds it"):
        in_period = Contact.objects.filter(
            school=world.school,
            provider=world.provider,
            kind=ContactKind.VISIT,
            entered_in_error_at__isnull=True,
            on__range=(PERIOD.start, PERIOD.end),
        ).count()
        this_term = Contact.objects.filter(
            school=world.school,
            kind=ContactKind.VISIT,
            entered_in_error_at__isnull=True,
            on__range=(term_starts, PERIOD.end),
        ).count()
    assert pru.visits == in_period
    assert section.visits_this_term == this_term  # every provider's, the one without pupils too
    assert section.term_starts == term_starts


def test_visits_this_term_start_on_the_first_day_of_the_term(world, used):
    membership = world.members["school_leader"]
    term_starts = PackScope(
        membership=membership, school=world.school, period=PERIOD, today=TODAY
    ).term_starts
    lead = world.members["ap_lead"].user
    ContactRecordFactory(school=world.school, provider=world.provider, on=term_starts, by=lead)
    ContactRecordFactory(school=world.school, provider=world.provider, on=term_starts - DAY, by=lead)
    assert gathered(world).visits_this_term == 1


def test_qa_visits_are_the_school_s_and_its_la_s_and_never_another_s(world, used):
    lead = world.members["ap_lead"].user
    own = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.school,
        visited_on=TODAY - 10 * DAY,
        visited_by=lead,
    )
    AreaJudgementFactory(visit=own, area=standard_area("Safeguarding"), judgement=Judgement.MEETS)
    AreaJudgementFactory(visit=own, area=standard_area("Health"), judgement=Judgement.DOES_NOT_MEET)
    QAActionFactory(visit=own)
    QAActionFactory(visit=own, closed_at=timezone.now(), closed_by=lead)
    la_visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY - 20 * DAY,
        summary="The LA's visit: calm and purposeful.",
    )
    AreaJudgementFactory(visit=la_visit, judgement=Judgement.PARTLY)  # the LA's, read in full by it alone
    QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_on=TODAY - 200 * DAY)
    QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.school,
        visited_on=TODAY - 5 * DAY,
        summary="Wrong provider",
        **visit_in_error(lead),
    )
    QAVisitFactory(provider=world.provider, visiting_organisation=world.sibling_school, summary="Sibling's")
    QAVisitFactory(provider=world.other_provider, visiting_organisation=world.other_la, summary="Otherton's")
    older = QAVisitFactory(
        provider=world.other_provider, visiting_organisation=world.la, visited_on=TODAY - 300 * DAY
    )

    section = gathered(world)
    pru = row_of(section, world.provider)
    assert [(visit.visited_on, visit.visitor) for visit in pru.qa_visits] == [
        (own.visited_on, "Demoshire Academy"),
        (la_visit.visited_on, "Demoshire Council"),
    ]
    school_s, la_s = pru.qa_visits
    assert school_s.by_school
    assert not la_s.by_school
    assert [(area.split()[0], judgement, tag) for area, judgement, tag in school_s.judgements] == [
        ("Safeguarding", "Meets the standard", "tag-green"),
        ("Health", "Does not meet the standard", "tag-red"),
    ]
    assert school_s.open_actions == 1
    assert la_s.judgements == []  # a school reads its LA's visits in summary
    assert la_s.summary == "The LA's visit: calm and purposeful."
    college = row_of(section, world.other_provider)
    assert [(visit.visited_on, visit.before_period) for visit in college.qa_visits] == [
        (older.visited_on, True)
    ]


def test_evidence_is_the_school_s_la_s_picture_with_expired_checks_marked(world, used):
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("Insurance"),
        checked_on=TODAY - 400 * DAY,
        expires_on=TODAY - 35 * DAY,
    )
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("Safeguarding"),
        checked_on=TODAY - 10 * DAY,
        expires_on=TODAY + 355 * DAY,
    )
    EvidenceFactory(  # another LA's check never counts in this LA's picture
        provider=world.provider, checked_for=world.other_la, evidence_type=standard_evidence_type("DSL")
    )
    pru = row_of(gathered(world), world.provider)
    states = {row.name[:10]: row for row in pru.evidence}
    assert states["Insurance"].state == EvidenceState.EXPIRED
    assert states["Insurance"].expires_on == TODAY - 35 * DAY
    assert states["Insurance"].tag == "tag-red"
    assert states["Safeguardi"].state == EvidenceState.CURRENT
    assert states["Safeguardi"].checked_on == TODAY - 10 * DAY
    assert states["DSL traini"].state == EvidenceState.MISSING
    assert "1 expired" in pru.evidence_breakdown


def test_the_la_s_approved_list_status_with_its_conditions_for_placing_only(world, used):
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status=ApprovalStatus.APPROVED_WITH_CONDITIONS,
        conditions="Kept between the LA and the provider",
        placing_conditions="No more than 3 pupils at a time",
    )
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.other_provider)
    section = gathered(world)
    pru = row_of(section, world.provider)
    assert pru.list_words == "Approved with conditions"
    assert pru.placing_conditions == "No more than 3 pupils at a time"
    college = row_of(section, world.other_provider)
    assert college.list_words == "Not on the list"  # another LA's list is not the school's LA's
    trust = gathered(world, role="trust_leader")
    assert row_of(trust, world.provider).list_words == "Approved with conditions"
    assert row_of(trust, world.other_provider).list_status == ""


def test_an_unregistered_provider_shows_the_threshold_counted_across_every_commissioner(world, used):
    with unscoped("test data"):
        ProviderProfile.objects.filter(provider=world.other_provider).update(
            registration_status=RegistrationStatus.UNREGISTERED
        )
    for _pupil in range(4):  # another LA's school teaches 4 pupils there full time
        PlacementFactory(
            pupil=PupilFactory(school=world.other_school),
            provider=world.other_provider,
            hours_per_week=Decimal("22"),
        )
    section = gathered(world)
    college = row_of(section, world.other_provider)
    assert college.unregistered
    assert (college.threshold.full_time, college.threshold.at, college.threshold.near) == (4, False, True)
    assert "One pupil short of the registration threshold" in college.threshold_words
    assert row_of(section, world.provider).threshold is None  # registered: the test does not apply
    assert section.any_unregistered


def test_the_pdf_shows_each_provider_s_numbers(world, used):
    lead = world.members["ap_lead"].user
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 2 * DAY, by=lead)
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status=ApprovalStatus.APPROVED_WITH_CONDITIONS,
        conditions="Kept between the LA and the provider",
        placing_conditions="No more than 3 pupils at a time",
    )
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        checked_on=TODAY - 400 * DAY,
        expires_on=TODAY - 35 * DAY,
    )
    QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY - 20 * DAY,
        summary="Calm and purposeful; registers taken on time.",
    )
    QAVisitFactory(
        provider=world.provider, visiting_organisation=world.sibling_school, summary="Siblings only"
    )
    text, _pdf = pack_text(world)
    section = text[text.index("2. Providers used Th") :]
    assert "The school placed pupils with 2 providers during the period" in section
    assert "Pupils 2 during the period; 1 now" in section
    assert "Pupils 1 during the period; 1 now" in section
    assert f"Last visited 2 days ago ({(TODAY - 2 * DAY):%-d %B %Y})" in section
    assert "No more than 3 pupils at a time" in section
    assert "Kept between the LA and the provider" not in text
    assert f"EXPIRED {(TODAY - 400 * DAY):%-d %B %Y} {(TODAY - 35 * DAY):%-d %B %Y}" in section
    assert "Calm and purposeful; registers taken on time." in section
    assert "Siblings only" not in text
    assert "Hillside Tutors" not in text
    assert "Siblinda" not in text


def test_a_school_with_no_provider_in_the_period_gets_a_section_that_says_so(world):
    text, _pdf = pack_text(world)
    assert "The school placed no pupil with a provider during the period." in text


def used_provider(world, name):
    """A provider of Demoshire, with a QA visit, a contact, a check and a list entry to read."""
    provider = ProviderFactory(name=name, local_authority=world.la)
    ProviderProfileFactory(provider=provider, added_by=world.la)
    visit = QAVisitFactory(provider=provider, visiting_organisation=world.la, visited_on=TODAY - 9 * DAY)
    AreaJudgementFactory(visit=visit)
    QAActionFactory(visit=visit)
    lead = world.members["ap_lead"].user
    ContactRecordFactory(school=world.school, provider=provider, on=TODAY - 3 * DAY, by=lead)
    EvidenceFactory(provider=provider, checked_for=world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=provider)
    return provider


def test_gathering_makes_the_same_queries_for_one_pupil_as_for_many(world):
    membership = world.members["school_leader"]
    used = [used_provider(world, name) for name in ("Rowan House", "Ash Tutors", "Elm Farm")]
    placed(world.sibling_school, used[1], "Siblinda")

    def queries() -> tuple[int, int]:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            section = providers.gather(
                PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)
            )
        return len(captured), len(section.providers)

    placed(world.school, used[0], "Solo")
    one, listed = queries()
    assert listed == 1
    for i in range(6):
        placed(world.school, used[i % 3], f"Many{i}")
    assert queries() == (one, 3)


def test_a_trust_leader_s_pack_holds_the_school_s_own_visits_not_its_other_schools(world, used):
    from tests.factories import SchoolFactory

    other_academy = SchoolFactory(name="Demoshire Free School", local_authority=world.la, trust=world.trust)
    lead = world.members["ap_lead"].user
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 2 * DAY, by=lead)
    ContactRecordFactory(school=other_academy, provider=world.provider, on=TODAY - DAY)
    ContactRecordFactory(
        school=other_academy, provider=world.provider, on=TODAY - DAY, kind=ContactKind.PROVIDER
    )
    QAVisitFactory(provider=world.provider, visiting_organisation=world.school, visited_on=TODAY - 4 * DAY)
    QAVisitFactory(provider=world.provider, visiting_organisation=other_academy, visited_on=TODAY - 3 * DAY)
    section = gathered(world, role="trust_leader")
    pru = row_of(section, world.provider)
    assert (pru.visits, pru.last_visit.on, pru.other_contacts) == (1, TODAY - 2 * DAY, {})
    assert [visit.visitor for visit in pru.qa_visits] == ["Demoshire Academy"]
    assert section.visits_this_term == gathered(world).visits_this_term
