"""Alerts about providers, each at its boundaries with time travel: made for exactly the people with the
kind's roles in the right organisation, once, and closed when dealt with. Each source is a fixed number
of queries however many rows it lists, and agrees with the per-record rule it restates."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from alerts.kinds import SPECS, AlertKind
from alerts.sources import providers as source
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from placements import checks
from placements.models import Placement, PlacementStatus
from providers.models import (
    ApprovalStatus,
    ApprovedListEntry,
    Evidence,
    EvidenceState,
    Outcome,
    ProviderProfile,
    QAAction,
    RegistrationStatus,
)
from pupils.models import SENStatus
from tests import factories
from tests.alerts.helpers import recipients, stored, sweep_on
from tests.placements.factories import PlacementFactory
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceFactory,
    ProviderProfileFactory,
    QAActionFactory,
    QAVisitFactory,
    standard_evidence_type,
)
from tests.pupils.factories import PupilFactory
from tests.reviews.world import on

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
D = datetime.date(2026, 10, 14)  # the day each thing falls due


def members(kind: str, *organisations) -> set[int]:
    """Everyone in `organisations` holding one of the kind's roles: exactly whom its alert must reach."""
    roles = [str(role) for role in SPECS[kind].roles]
    with unscoped("a test lists who should be told"):
        return set(
            Membership.objects.filter(
                organisation__in=organisations, role__in=roles, removed_at__isnull=True
            ).values_list("pk", flat=True)
        )


def closed(kind: str) -> list:
    return [alert for alert in stored(kind=kind) if alert.closed_at is not None]


def run(function, today):
    with unscoped("a test reads a source"):
        return function(today)


# --- Compliance evidence -------------------------------------------------------------------------------


def check(world, expires_on, **fields):
    fields.setdefault("checked_for", world.la)
    fields.setdefault("checked_on", expires_on - 365 * DAY)
    return EvidenceFactory(provider=world.provider, expires_on=expires_on, **fields)


def test_evidence_expiring_alerts_the_checking_las_officers_and_the_providers_managers(world, settings):
    check(world, D)
    window = settings.EVIDENCE_EXPIRING_SOON_DAYS * DAY
    sweep_on(D - window - DAY)
    assert recipients(AlertKind.EVIDENCE_EXPIRING) == set()
    sweep_on(D - window)
    expected = members(AlertKind.EVIDENCE_EXPIRING, world.la, world.provider)
    assert recipients(AlertKind.EVIDENCE_EXPIRING) == expected
    assert world.members["la_officer"].pk in expected
    assert world.members["provider_manager"].pk in expected
    others = {world.members[name].pk for name in ("other_la_officer", "other_provider_manager", "la_viewer")}
    assert not expected & others


def test_evidence_expiring_is_made_once(world, settings):
    check(world, D)
    made, _ = sweep_on(D - 3 * DAY)
    assert made == len(members(AlertKind.EVIDENCE_EXPIRING, world.la, world.provider))
    assert sweep_on(D - 3 * DAY) == (0, 0)
    assert sweep_on(D - 2 * DAY) == (0, 0)


def test_evidence_expires_the_day_after_its_expiry_date_and_closes_when_checked_again(world):
    check(world, D)
    sweep_on(D)
    assert recipients(AlertKind.EVIDENCE_EXPIRED) == set()
    expected = members(AlertKind.EVIDENCE_EXPIRED, world.la, world.provider)
    assert recipients(AlertKind.EVIDENCE_EXPIRING) == expected
    sweep_on(D + DAY)
    assert recipients(AlertKind.EVIDENCE_EXPIRING) == set()
    assert recipients(AlertKind.EVIDENCE_EXPIRED) == expected
    check(world, D + 365 * DAY, checked_on=D + 2 * DAY)
    sweep_on(D + 2 * DAY)
    assert recipients(AlertKind.EVIDENCE_EXPIRED) == set()
    assert len(closed(AlertKind.EVIDENCE_EXPIRED)) == len(expected)


def test_evidence_words_name_the_type_provider_and_date_and_link_to_its_evidence(world):
    check(world, D)
    sweep_on(D + DAY)
    [alert, *_] = stored(kind=AlertKind.EVIDENCE_EXPIRED)
    assert alert.words == (
        f"{standard_evidence_type('Insurance').name} for Demoshire PRU, checked by Demoshire Council, "
        "expired on 14 October 2026."
    )
    assert alert.link == f"/providers/{world.provider.pk}/evidence/"


def test_a_failed_a_superseded_or_a_mistaken_check_is_not_expiring(world):
    check(world, D, outcome=Outcome.NOT_SATISFACTORY)
    check(world, D, evidence_type=standard_evidence_type("Safeguarding"), checked_on=D - 400 * DAY)
    check(world, D + 900 * DAY, evidence_type=standard_evidence_type("Safeguarding"), checked_on=D - 30 * DAY)
    mistake = check(world, D, evidence_type=standard_evidence_type("Health"))
    with unscoped("a test marks a check entered in error"):
        Evidence.objects.filter(pk=mistake.pk).update(
            entered_in_error_at=timezone.now(),
            entered_in_error_by=mistake.checked_by,
            entered_in_error_reason="x",
        )
    sweep_on(D + DAY)
    assert recipients(AlertKind.EVIDENCE_EXPIRED) == set()


def test_the_evidence_sources_agree_with_each_checks_state(world):
    """The set-based rule restates `EvidenceState.of_check` on each LA's latest check of each type."""
    types = [standard_evidence_type(name) for name in ("Insurance", "Safeguarding", "Health")]
    for offset in (-40, -1, 0, 1, 29, 30, 31, 400):
        provider = factories.ProviderFactory()
        for kind, la, later in zip(types, (world.la, world.other_la, world.la), (0, 1, -5), strict=True):
            for checked_on in (D - 400 * DAY, D - 300 * DAY):  # the later check supersedes the earlier
                EvidenceFactory(
                    provider=provider,
                    evidence_type=kind,
                    checked_for=la,
                    checked_on=checked_on,
                    expires_on=D + (offset + later) * DAY if checked_on == D - 300 * DAY else D - 50 * DAY,
                )
    with unscoped("a test reads every latest check"):
        latest = {}
        for item in Evidence.objects.counting().order_by("checked_on", "pk"):
            latest[(item.provider_id, item.checked_for_id, item.evidence_type_id)] = item
        by_state = {
            state: {
                f"evidence:{item.pk}" for item in latest.values() if EvidenceState.of_check(item, D) == state
            }
            for state in (EvidenceState.EXPIRING, EvidenceState.EXPIRED)
        }
    assert {row.subject for row in run(source.evidence_expiring, D)} == by_state[EvidenceState.EXPIRING]
    assert {row.subject for row in run(source.evidence_expired, D)} == by_state[EvidenceState.EXPIRED]
    assert by_state[EvidenceState.EXPIRING]
    assert by_state[EvidenceState.EXPIRED]


# --- The approved list ----------------------------------------------------------------------------------


def test_a_listing_review_near_alerts_the_las_officers_until_the_date_moves_on(world):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, next_review_on=D)
    window = source.LISTING_REVIEW_SOON_DAYS * DAY
    sweep_on(D - window - DAY)
    assert recipients(AlertKind.LISTING_REVIEW_DUE) == set()
    sweep_on(D - window)
    expected = members(AlertKind.LISTING_REVIEW_DUE, world.la)
    assert recipients(AlertKind.LISTING_REVIEW_DUE) == expected
    assert expected == {world.members["la_officer"].pk}
    assert sweep_on(D - window) == (0, 0)
    sweep_on(D + 10 * DAY)  # passed: still the same alert
    assert len(stored(kind=AlertKind.LISTING_REVIEW_DUE)) == len(expected)
    with unscoped("a test reviews the entry"):
        ApprovedListEntry.objects.filter(pk=entry.pk).update(next_review_on=D + 365 * DAY)
    sweep_on(D + 11 * DAY)
    assert recipients(AlertKind.LISTING_REVIEW_DUE) == set()
    assert len(closed(AlertKind.LISTING_REVIEW_DUE)) == len(expected)


def test_a_removed_entry_is_not_due_for_review(world):
    ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, next_review_on=D, status=ApprovalStatus.REMOVED
    )
    sweep_on(D + DAY)
    assert recipients(AlertKind.LISTING_REVIEW_DUE) == set()


# --- QA actions ---------------------------------------------------------------------------------------


def action(world, *, visitor=None, due_on=D, **fields):
    visit = QAVisitFactory(
        provider=world.provider, visiting_organisation=visitor or world.la, visited_on=D - 60 * DAY
    )
    return QAActionFactory(visit=visit, due_on=due_on, **fields)


def test_a_providers_qa_action_due_soon_then_overdue_alerts_its_managers(world):
    action(world)
    window = source.QA_ACTION_SOON_DAYS * DAY
    sweep_on(D - window - DAY)
    assert recipients(AlertKind.QA_ACTION_DUE) == set()
    sweep_on(D - window)
    expected = members(AlertKind.QA_ACTION_DUE, world.provider)
    assert recipients(AlertKind.QA_ACTION_DUE) == expected
    assert world.members["provider_manager"].pk in expected
    assert world.members["la_officer"].pk not in expected
    assert sweep_on(D - window) == (0, 0)
    sweep_on(D)
    assert recipients(AlertKind.QA_ACTION_OVERDUE) == set()
    sweep_on(D + DAY)
    assert recipients(AlertKind.QA_ACTION_DUE) == set()
    assert recipients(AlertKind.QA_ACTION_OVERDUE) == expected


def test_a_visitors_own_qa_action_goes_to_the_visiting_school(world):
    action(world, visitor=world.school, owned_by_provider=False, owner="AP lead")
    sweep_on(D + DAY)
    expected = members(AlertKind.QA_ACTION_OVERDUE, world.school)
    assert recipients(AlertKind.QA_ACTION_OVERDUE) == expected
    assert world.members["ap_lead"].pk in expected
    assert world.members["provider_manager"].pk not in expected


def test_a_visiting_las_own_qa_action_goes_to_its_officers(world):
    action(world, owned_by_provider=False, owner="LA officer")
    sweep_on(D + DAY)
    assert recipients(AlertKind.QA_ACTION_OVERDUE) == {world.members["la_officer"].pk}


def test_a_qa_action_closed_closes_its_alert(world):
    made = action(world)
    sweep_on(D + DAY)
    with unscoped("a test closes the action"):
        QAAction.objects.filter(pk=made.pk).update(closed_at=timezone.now())
    sweep_on(D + 2 * DAY)
    assert recipients(AlertKind.QA_ACTION_OVERDUE) == set()
    assert closed(AlertKind.QA_ACTION_OVERDUE)


# --- The registration threshold -------------------------------------------------------------------------


def unregistered(provider):
    with unscoped("a test makes the provider unregistered"):
        ProviderProfile.objects.filter(provider=provider).update(
            registration_status=RegistrationStatus.UNREGISTERED
        )


def place(provider, *, starts_on, hours="20", school=None, **pupil_fields):
    pupil = PupilFactory(school=school or factories.SchoolFactory(), **pupil_fields)
    return PlacementFactory(
        pupil=pupil,
        provider=provider,
        hours_per_week=Decimal(hours),
        starts_on=starts_on,
        planned_end_on=starts_on + 200 * DAY,
    )


def test_a_provider_one_short_of_the_threshold_alerts_its_managers_and_its_las_officers(world):
    unregistered(world.provider)
    for _ in range(3):
        place(world.provider, starts_on=D - 30 * DAY)
    place(world.provider, starts_on=D, school=world.other_school)  # every commissioner counts
    place(world.provider, starts_on=D - 30 * DAY, hours="18")  # not full time
    sweep_on(D - DAY)
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == set()
    sweep_on(D)
    expected = members(AlertKind.REGISTRATION_THRESHOLD, world.provider, world.la)
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == expected
    assert {world.members["provider_manager"].pk, world.members["la_officer"].pk} <= expected
    assert world.members["other_la_officer"].pk not in expected
    [alert, *_] = stored(kind=AlertKind.REGISTRATION_THRESHOLD)
    assert alert.words == (
        "Demoshire PRU teaches 4 pupils full time: one more and it must register as an independent school."
    )
    assert alert.due_on == D
    made = len(stored(kind=AlertKind.REGISTRATION_THRESHOLD))
    sweep_on(D + DAY)  # the next day: the same pupils, the same alert (other kinds are due day by day)
    assert len(stored(kind=AlertKind.REGISTRATION_THRESHOLD)) == made


def test_a_fifth_pupil_takes_it_to_the_threshold_and_one_leaving_closes_it(world):
    unregistered(world.provider)
    for _ in range(4):
        place(world.provider, starts_on=D - 30 * DAY)
    fifth = place(world.provider, starts_on=D)
    sweep_on(D - DAY)
    near = {a.subject for a in stored(kind=AlertKind.REGISTRATION_THRESHOLD, closed_at__isnull=True)}
    assert near == {f"threshold:{world.provider.pk}:near"}
    sweep_on(D)
    now = {a.subject for a in stored(kind=AlertKind.REGISTRATION_THRESHOLD, closed_at__isnull=True)}
    assert now == {f"threshold:{world.provider.pk}:at"}
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == members(
        AlertKind.REGISTRATION_THRESHOLD, world.provider, world.la
    )
    with unscoped("a test cancels the fifth placement"):
        Placement.objects.filter(pk=fifth.pk).update(
            status=PlacementStatus.CANCELLED, cancelled_on=D, cancel_reason="Not needed"
        )
    sweep_on(D + DAY)
    [at] = {a.subject for a in closed(AlertKind.REGISTRATION_THRESHOLD) if a.subject.endswith(":at")}
    assert at == f"threshold:{world.provider.pk}:at"
    # Back to the same four pupils: one short again, so the "near" alert dealt with before opens afresh.
    assert run(source.registration_threshold, D + DAY)[0].subject == f"threshold:{world.provider.pk}:near"
    reopened = {a.subject for a in stored(kind=AlertKind.REGISTRATION_THRESHOLD, closed_at__isnull=True)}
    assert reopened == {f"threshold:{world.provider.pk}:near"}
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == members(
        AlertKind.REGISTRATION_THRESHOLD, world.provider, world.la
    )


@pytest.mark.parametrize("pupil_fields", [{"sen_status": SENStatus.EHC_PLAN}, {"looked_after": True}])
def test_one_pupil_with_an_ehc_plan_or_looked_after_reaches_the_threshold(world, pupil_fields):
    unregistered(world.provider)
    place(world.provider, starts_on=D, hours="18.5", **pupil_fields)
    sweep_on(D - DAY)
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == set()
    sweep_on(D)
    [alert, *_] = stored(kind=AlertKind.REGISTRATION_THRESHOLD)
    assert alert.subject == f"threshold:{world.provider.pk}:at"
    assert "EHC" not in alert.words
    assert "looked after" not in alert.words


def test_a_registered_provider_is_never_alerted(world):
    for _ in range(6):
        place(world.provider, starts_on=D)
    sweep_on(D)
    assert recipients(AlertKind.REGISTRATION_THRESHOLD) == set()


def test_the_threshold_source_agrees_with_threshold_counts(world):
    providers = [world.provider, world.other_provider, factories.ProviderFactory()]
    ProviderProfileFactory(provider=providers[2])
    for provider, pupils in zip(providers, (4, 5, 3), strict=True):
        unregistered(provider)
        for number in range(pupils):
            place(provider, starts_on=D - number * DAY)
    place(providers[2], starts_on=D, sen_status=SENStatus.EHC_PLAN)
    with on(D):
        counts = checks.threshold_counts(D)
    expected = {
        f"threshold:{pk}:{'at' if found.at else 'near'}"
        for pk, found in counts.items()
        if found.at or found.near
    }
    assert {row.subject for row in run(source.registration_threshold, D)} == expected
    assert len(expected) == 3


# --- Placements with a provider the LA has not approved -------------------------------------------------


def test_a_placement_with_an_unapproved_provider_alerts_the_schools_las_officers(world):
    sweep_on(D - DAY)
    assert recipients(AlertKind.UNLISTED_PROVIDER) == set()
    with on(D):
        place(world.other_provider, starts_on=D + 7 * DAY, school=world.school, hours="10")
    sweep_on(D)
    expected = members(AlertKind.UNLISTED_PROVIDER, world.la)
    assert recipients(AlertKind.UNLISTED_PROVIDER) == expected
    assert expected == {world.members["la_officer"].pk}
    [alert] = stored(kind=AlertKind.UNLISTED_PROVIDER)
    assert alert.due_on == D
    assert (
        alert.words
        == "Demoshire Academy has a placement with Otherton College, which is not approved on your list."
    )
    assert sweep_on(D + DAY) == (0, 0)
    ApprovedListEntryFactory(local_authority=world.la, provider=world.other_provider)
    sweep_on(D + 2 * DAY)
    assert recipients(AlertKind.UNLISTED_PROVIDER) == set()
    assert closed(AlertKind.UNLISTED_PROVIDER)


@pytest.mark.parametrize("status", [ApprovalStatus.APPLIED, ApprovalStatus.SUSPENDED, ApprovalStatus.REMOVED])
def test_an_entry_that_is_not_approved_still_leaves_the_provider_unlisted(world, status):
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, status=status)
    with on(D):
        place(world.provider, starts_on=D, school=world.school, hours="10")
    sweep_on(D)
    assert recipients(AlertKind.UNLISTED_PROVIDER) == {world.members["la_officer"].pk}


def test_another_las_approval_does_not_count_and_an_ended_placement_is_not_use(world):
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    with on(D):
        place(world.provider, starts_on=D, school=world.school, hours="10")
        ended = place(world.provider, starts_on=D - 90 * DAY, school=world.other_school, hours="10")
    with unscoped("a test ends a placement"):
        Placement.objects.filter(pk=ended.pk).update(
            status=PlacementStatus.ENDED, ended_on=D, end_reason="Back at school"
        )
    sweep_on(D)
    assert recipients(AlertKind.UNLISTED_PROVIDER) == {world.members["la_officer"].pk}


# --- Queries -----------------------------------------------------------------------------------------


def many(world, number: int) -> None:
    """`number` of everything each source lists."""
    for index in range(number):
        school = factories.SchoolFactory(local_authority=world.la)
        provider = factories.ProviderFactory(local_authority=world.la)
        ProviderProfileFactory(provider=provider, registration_status=RegistrationStatus.UNREGISTERED)
        EvidenceFactory(
            provider=provider, checked_for=world.la, checked_on=D - 400 * DAY, expires_on=D + index * DAY
        )
        EvidenceFactory(
            provider=provider,
            evidence_type=standard_evidence_type("Safeguarding"),
            checked_for=world.la,
            checked_on=D - 400 * DAY,
            expires_on=D - DAY,
        )
        ApprovedListEntryFactory(
            local_authority=world.la,
            provider=provider,
            next_review_on=D - index * DAY,
            status=ApprovalStatus.APPLIED,
        )
        action(world)
        action(world, due_on=D - DAY)
        for _ in range(5):
            place(provider, starts_on=D - index * DAY, school=school)


@pytest.mark.parametrize("kind", list(source.SOURCES))
def test_each_source_is_a_fixed_number_of_queries_however_many_rows(
    world, kind, django_assert_max_num_queries
):
    function = source.SOURCES[kind]
    many(world, 2)
    with django_assert_max_num_queries(1):
        few = run(function, D)
    many(world, 12)
    with django_assert_max_num_queries(1):
        more = run(function, D)
    assert len(more) > len(few) > 0
