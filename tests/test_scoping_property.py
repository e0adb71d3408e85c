"""Property test of scoping (SECURITY.md promise 3).

Hypothesis draws random worlds (`tests.scoping_oracle.worlds`): organisations (LAs; schools in an LA and
perhaps a trust; trusts; providers on an LA's register), memberships and invitations, providers' profiles
and sites, LAs' approved-list entries (approved for some of the LA's own categories) and the status changes
of them, evidence checks, pupils' records (with a contact and a year of attendance each, some known to their
LA), referrals (drafts and sent ones, each sent to some providers, with their answers and timeline), the
evidence types, approval categories and QA areas LAs add, LAs' validity periods and profile verifications,
and QA visits made by LAs and schools, each with a judgement and an action (the provider's to do, or the
visitor's own) that has a follow-up note and, when the provider's, a reply; placements of pupils at
providers (a pupil sometimes at two at once, some ended), each with an objective, a part-time plan with a
step, a status change, a change of plan and an attendance mark (and the database's tally of it); block
purchases; the placement rules LAs set; safeguarding concerns the providers raised about placements,
each with its details, an entry of the DSL's record and its details shared with some school roles; and
the visits schools logged to providers; and each placement's outcome and a check-in of the pupil's
destination. Then a school or two may leave its trust or join another. For
every active membership, what `Model.objects.visible_to(membership)` returns, and what a plain
`Model.objects` query returns inside `acting_as(membership)`, must both equal what `tests.scoping_oracle`
computes from the world alone, for every tenant model.
"""

import datetime
import functools

from django.apps import apps
from django.db import transaction
from django.db.models import CharField, Value
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from attendance.models import Tally
from placements.models import PlacementStatus
from providers.models import ApprovalCategory, ApprovedListEntry, EvidenceType, QAArea
from referrals.models import ReferralStatus
from tests import factories
from tests.alerts.factories import AlertFactory, PreferenceFactory
from tests.api.factories import ApiKeyFactory
from tests.attendance.factories import MarkFactory
from tests.contacts.factories import ContactRecordFactory
from tests.outcomes.factories import CheckInFactory, OutcomeFactory
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.placements.factories import (
    BlockPurchaseFactory,
    ObjectiveFactory,
    PartTimePlanFactory,
    PartTimeStepFactory,
    PlacementFactory,
    PlacementRulesFactory,
    PlacementStatusChangeFactory,
    PlanChangeFactory,
)
from tests.progress.factories import IncidentFactory, ProgressEntryFactory
from tests.providers.factories import (
    ActionUpdateFactory,
    ApprovalCategoryFactory,
    ApprovedListEntryFactory,
    AreaJudgementFactory,
    EvidenceFactory,
    EvidenceValidityFactory,
    LAEvidenceTypeFactory,
    ProfileVerificationFactory,
    ProviderProfileFactory,
    QAActionFactory,
    QAAreaFactory,
    QAVisitFactory,
    SiteFactory,
    StatusChangeFactory,
    standard_evidence_type,
)
from tests.pupils.factories import AttendanceYearFactory, ContactFactory, CTFUploadFactory, PupilFactory
from tests.referrals.factories import (
    RecipientFactory,
    ReferralDetailFactory,
    ReferralFactory,
    ReferralStatusChangeFactory,
    VisitFactory,
)
from tests.reports.factories import ReportFactory
from tests.reviews.factories import (
    ReviewFactory,
    ReviewMoveFactory,
    ReviewObjectiveFactory,
    ReviewRequestFactory,
    ReviewRulesFactory,
    ReviewViewsFactory,
    VoiceLinkFactory,
    VoiceResponseFactory,
)
from tests.safeguarding.factories import (
    ConcernActionFactory,
    ConcernDetailFactory,
    ConcernFactory,
    DetailShareFactory,
)
from tests.scoping_oracle import (
    ORACLES,
    PERSONAL,
    STANDARD,
    Member,
    Org,
    World,
    visible_actions,
    visible_areas,
    visible_block_purchases,
    visible_categories,
    visible_checks,
    visible_entries,
    visible_evidence_types,
    visible_organisations,
    visible_panel_items,
    visible_panel_records,
    visible_placement_rules,
    visible_placements,
    visible_plan_history,
    visible_profiles,
    visible_pupil_details,
    visible_pupils,
    visible_review_rules,
    visible_status_changes,
    visible_updates,
    visible_validities,
    visible_verifications,
    visible_visits,
    worlds,
)
from tests.test_tenant_models import TENANT_MODELS


def one(rows) -> dict:
    """Record key -> the set of primary keys standing for it (one each, here)."""
    return {key: {row.pk} for key, row in rows}


def build(world: World) -> tuple[dict, list[Membership]]:
    """Create the world as it was when its records were made (before any school moved); return, per model
    label, a map from each record's key in the world to its primary keys, and the memberships in order."""
    made = {}
    for org in world.as_made().orgs:  # LAs and trusts come first, so a school's LA and trust exist
        if org.kind == "local_authority":
            made[org.key] = factories.LocalAuthorityFactory()
        elif org.kind == "trust":
            made[org.key] = factories.TrustFactory()
        elif org.kind == "school":
            made[org.key] = factories.SchoolFactory(
                local_authority=made[org.la], trust=made[org.trust] if org.trust else None
            )
        else:
            made[org.key] = factories.ProviderFactory(local_authority=made[org.la])
    people = {}
    memberships = []
    for member in world.members:
        if member.person not in people:
            people[member.person] = factories.UserFactory(with_totp=False)
        memberships.append(
            factories.MembershipFactory(
                user=people[member.person],
                organisation=made[member.org],
                role=member.role,
                removed_at=timezone.now() if member.removed else None,
            )
        )
    staff = factories.UserFactory(with_totp=False)  # who sent, checked, visited and changed things
    sent = [
        factories.InvitationFactory(organisation=made[org], invited_by=staff) for org in world.invitations
    ]
    categories = [ApprovalCategoryFactory(local_authority=made[la]) for la in world.categories]
    entries = [
        ApprovedListEntryFactory(
            local_authority=made[la],
            provider=made[provider],
            categories=[categories[i] for i in sorted(chosen)],
        )
        for (la, provider), chosen in zip(world.entries, world.entry_categories, strict=True)
    ]
    changes = [StatusChangeFactory(entry=entries[i], changed_by=staff) for i in world.status_changes]
    visits = [
        QAVisitFactory(provider=made[provider], visiting_organisation=made[visitor], visited_by=staff)
        for provider, visitor, _owned in world.visits
    ]
    judgements = [AreaJudgementFactory(visit=visit) for visit in visits]
    actions = [
        QAActionFactory(visit=visit, owned_by_provider=owned)
        for visit, (_p, _v, owned) in zip(visits, world.visits, strict=True)
    ]
    notes = [ActionUpdateFactory(action=action, recorded_by=staff) for action in actions]
    replies = {
        i: ActionUpdateFactory(action=action, by_provider=True, recorded_by=staff)
        for i, action in enumerate(actions)
        if action.owned_by_provider
    }
    checks = [
        EvidenceFactory(checked_for=made[la], provider=made[provider], checked_by=staff)
        for la, provider in world.checks
    ]
    types = [LAEvidenceTypeFactory(local_authority=made[la]) for la in world.types]
    validities = [
        EvidenceValidityFactory(
            local_authority=made[la],
            evidence_type=standard_evidence_type("Insurance") if own is None else types[own],
        )
        for la, own in world.validities
    ]
    areas = [QAAreaFactory(local_authority=made[la]) for la in world.areas]
    profiles = [ProviderProfileFactory(provider=made[provider]) for provider in world.profiles]
    sites = [SiteFactory(provider=made[provider]) for provider in world.sites]
    verifications = [
        ProfileVerificationFactory(provider=made[provider], local_authority=made[la], verified_by=staff)
        for la, provider in world.verifications
    ]
    with unscoped("the standard vocabularies every example shares"):
        standard = {
            model._meta.label: {
                STANDARD: set(model.objects.filter(local_authority=None).values_list("pk", flat=True))
            }
            for model in (EvidenceType, ApprovalCategory, QAArea)
        }
    pupils = [
        PupilFactory(school=made[school], known_to_local_authority_since=timezone.now() if known else None)
        for school, known in world.pupils
    ]
    contacts = [ContactFactory(pupil=pupil) for pupil in pupils]
    attendance = [AttendanceYearFactory(pupil=pupil) for pupil in pupils]
    # A CTF waiting to be imported beside each pupil, at its school; who uploaded it decides nothing.
    uploads = [
        CTFUploadFactory(school=made[school], uploaded_by=memberships[0], data=b"<CTfile/>", size=9)
        for school, _known in world.pupils
    ]
    referrals = [
        ReferralFactory(pupil=pupils[pupil], status=ReferralStatus.SENT, sent_at=timezone.now())
        if sent
        else ReferralFactory(pupil=pupils[pupil], status=ReferralStatus.DRAFT)
        for pupil, _asked, sent in world.referrals
    ]
    recipients = {
        (i, provider): RecipientFactory(referral=referral, provider=made[provider])
        for i, (referral, (_pupil, asked, _sent)) in enumerate(zip(referrals, world.referrals, strict=True))
        for provider in sorted(asked)
    }
    timelines = [ReferralStatusChangeFactory(referral=referral, changed_by=staff) for referral in referrals]
    referral_visits = {key: VisitFactory(recipient=recipient) for key, recipient in recipients.items()}
    referral_details = [ReferralDetailFactory(referral=referral, shared=True) for referral in referrals]
    panel_settings = [PanelSettingFactory(local_authority=made[la]) for la in world.panel_settings]
    meetings = [PanelMeetingFactory(local_authority=made[la], created_by=staff) for la in world.meetings]
    put_before = set()
    panel_items = []
    for referral, meeting in world.panel_items:  # a referral waits for one panel at a time
        decided = {"decision": "defer", "reasons": "More to know.", "decided_at": timezone.now()}
        panel_items.append(
            PanelItemFactory(
                referral=referrals[referral],
                meeting=meetings[meeting],
                put_by=staff,
                **(decided if referral in put_before else {}),
            )
        )
        put_before.add(referral)
    ended = {
        "status": PlacementStatus.ENDED,
        "ended_on": datetime.date.today(),
        "end_reason": "Back at school full time.",
    }
    placements = [
        PlacementFactory(
            pupil=pupils[pupil], provider=made[provider], created_by=staff, **(ended if gone else {})
        )
        for pupil, provider, gone in world.placements
    ]
    objectives = [ObjectiveFactory(placement=placement) for placement in placements]
    part_time_plans = [PartTimePlanFactory(placement=placement) for placement in placements]
    steps = [PartTimeStepFactory(plan=plan) for plan in part_time_plans]
    placement_moves = [PlacementStatusChangeFactory(placement=p, changed_by=staff) for p in placements]
    plan_changes = [PlanChangeFactory(placement=p, changed_by=staff) for p in placements]
    block_purchases = [
        BlockPurchaseFactory(school=made[school], provider=made[provider])
        for school, provider in world.block_purchases
    ]
    placement_rules = [PlacementRulesFactory(local_authority=made[la]) for la in world.placement_rules]
    # Each placement's review, moved once; review rules of each LA that sets placement rules, of each
    # placing school and of each placement.
    reviews = [ReviewFactory(placement=placement) for placement in placements]
    review_moves = [ReviewMoveFactory(review=review, moved_by=staff) for review in reviews]
    # Each review's judgement of its placement's objective, and its views.
    review_objectives = [
        ReviewObjectiveFactory(review=review, objective=objective)
        for review, objective in zip(reviews, objectives, strict=True)
    ]
    review_views = [ReviewViewsFactory(review=review) for review in reviews]
    # Each review's link for the pupil's views, and the parent's answers through a link of their own.
    voice_links = [VoiceLinkFactory(review=review, created_by=staff) for review in reviews]
    voice_responses = [
        VoiceResponseFactory(link__review=review, link__voice="parent", link__created_by=staff)
        for review in reviews
    ]
    # A parent's request for a review of each placement.
    review_requests = [
        ReviewRequestFactory(placement=placement, recorded_by=staff) for placement in placements
    ]
    review_rules = {("la", la): ReviewRulesFactory(local_authority=made[la]) for la in world.placement_rules}
    for school in sorted({world.pupils[pupil][0] for pupil, _provider, _gone in world.placements}):
        review_rules[("school", school)] = ReviewRulesFactory(school=made[school])
    for i, placement in enumerate(placements):
        review_rules[("placement", i)] = ReviewRulesFactory(school=placement.school, placement=placement)
    # What the provider recorded during each placement: a value against its objective and an incident.
    progress_entries = [ProgressEntryFactory(objective=o, recorded_by=staff) for o in objectives]
    incidents = [IncidentFactory(placement=p, recorded_by=staff) for p in placements]
    marks = [MarkFactory(placement=placement) for placement in placements]
    # The database tallies each mark's placement for its year: one tally per placement here.
    with unscoped("test: the tallies the marks made"):
        tally_of = dict(Tally.objects.values_list("placement_id", "pk"))
    tallies = [tally_of[placement.pk] for placement in placements]
    concerns = [ConcernFactory(placement=placements[i], raised_by=staff) for i, _shared in world.concerns]
    concern_details = [ConcernDetailFactory(concern=concern) for concern in concerns]
    dsl_records = [ConcernActionFactory(concern=concern, recorded_by=staff) for concern in concerns]
    # What became of each placement, and one later check-in of the pupil's destination.
    outcomes = [OutcomeFactory(placement=p, recorded_by=staff) for p in placements]
    check_ins = [CheckInFactory(placement=p) for p in placements]
    contact_log = [
        ContactRecordFactory(school=made[school], provider=made[provider], by=staff)
        for school, provider in world.contacts
    ]
    api_keys = [
        ApiKeyFactory(membership=memberships[member], organisation=memberships[member].organisation)
        for member in world.api_keys
    ]
    # Each member's own alert and email choice.
    alerts = [AlertFactory(membership=membership) for membership in memberships]
    preferences = [PreferenceFactory(membership=membership) for membership in memberships]
    # Printed reports: each school's own evidence pack, each trust's pack of every school (in it or not),
    # and a report about no one school by each LA and trust.
    schools = [o.key for o in world.orgs if o.kind == "school"]
    printers = [o.key for o in world.orgs if o.kind in ("local_authority", "trust")]
    trusts = [o.key for o in world.orgs if o.kind == "trust"]
    report_keys = (
        [(s, s) for s in schools] + [(t, s) for t in trusts for s in schools] + [(o, None) for o in printers]
    )
    reports = {
        (by, about): ReportFactory(
            organisation=made[by],
            school=made[about] if about else None,
            kind="evidence_pack" if about else "area",
            requested_as=memberships[0],  # who asked decides nothing: the report is its organisation's
        )
        for by, about in report_keys
    }
    shares = {
        (i, role): DetailShareFactory(concern=concerns[i], role=role, shared_by=staff)
        for i, (_placement, shared) in enumerate(world.concerns)
        for role in sorted(shared)
    }
    pks = {
        "tenancy.Organisation": one(made.items()),
        "tenancy.Membership": one(enumerate(memberships)),
        "accounts.Invitation": one(enumerate(sent)),
        "providers.ProviderProfile": one(zip(world.profiles, profiles, strict=True)),
        "providers.Site": one(enumerate(sites)),
        "providers.ApprovedListEntry": one(enumerate(entries)),
        "providers.StatusChange": one(enumerate(changes)),
        "providers.Evidence": one(enumerate(checks)),
        "providers.EvidenceValidity": one(enumerate(validities)),
        "providers.ProfileVerification": one(enumerate(verifications)),
        "providers.EvidenceType": standard["providers.EvidenceType"] | one(enumerate(types)),
        "providers.ApprovalCategory": standard["providers.ApprovalCategory"] | one(enumerate(categories)),
        "providers.QAArea": standard["providers.QAArea"] | one(enumerate(areas)),
        "providers.QAVisit": one(enumerate(visits)),
        "providers.AreaJudgement": one(enumerate(judgements)),
        "providers.QAAction": one(enumerate(actions)),
        "providers.ActionUpdate": one(((("note", i), n) for i, n in enumerate(notes)))
        | one((("reply", i), r) for i, r in replies.items()),
        "pupils.Pupil": one(enumerate(pupils)),
        "pupils.Contact": one(enumerate(contacts)),
        "pupils.AttendanceYear": one(enumerate(attendance)),
        "pupils.CTFUpload": one(enumerate(uploads)),
        "referrals.Referral": one(enumerate(referrals)),
        "referrals.Recipient": one(recipients.items()),
        "referrals.ReferralStatusChange": one(enumerate(timelines)),
        "referrals.Visit": one(referral_visits.items()),
        "referrals.ReferralDetail": one(enumerate(referral_details)),
        "panels.PanelSetting": one(enumerate(panel_settings)),
        "panels.PanelMeeting": one(enumerate(meetings)),
        "panels.PanelItem": one(enumerate(panel_items)),
        "placements.Placement": one(enumerate(placements)),
        "placements.Objective": one(enumerate(objectives)),
        "placements.PartTimePlan": one(enumerate(part_time_plans)),
        "placements.PartTimeStep": one(enumerate(steps)),
        "placements.PlacementStatusChange": one(enumerate(placement_moves)),
        "placements.PlanChange": one(enumerate(plan_changes)),
        "placements.BlockPurchase": one(enumerate(block_purchases)),
        "placements.PlacementRules": one(enumerate(placement_rules)),
        "reviews.Review": one(enumerate(reviews)),
        "reviews.ReviewMove": one(enumerate(review_moves)),
        "reviews.ReviewObjective": one(enumerate(review_objectives)),
        "reviews.ReviewViews": one(enumerate(review_views)),
        "reviews.ReviewRequest": one(enumerate(review_requests)),
        "reviews.ReviewRules": one(review_rules.items()),
        # Both links of a review stand for it.
        "reviews.VoiceLink": {
            i: {link.pk, response.link_id}
            for i, (link, response) in enumerate(zip(voice_links, voice_responses, strict=True))
        },
        "reviews.VoiceResponse": one(enumerate(voice_responses)),
        "progress.ProgressEntry": one(enumerate(progress_entries)),
        "progress.Incident": one(enumerate(incidents)),
        "attendance.Mark": one(enumerate(marks)),
        "attendance.Tally": {key: {pk} for key, pk in enumerate(tallies)},
        "safeguarding.Concern": one(enumerate(concerns)),
        "safeguarding.ConcernDetail": one(enumerate(concern_details)),
        "safeguarding.ConcernAction": one(enumerate(dsl_records)),
        "safeguarding.DetailShare": one(shares.items()),
        "contacts.Contact": one(enumerate(contact_log)),
        "outcomes.Outcome": one(enumerate(outcomes)),
        "outcomes.CheckIn": one(enumerate(check_ins)),
        "api.ApiKey": one(enumerate(api_keys)),
        "alerts.Alert": one(enumerate(alerts)),
        "alerts.Preference": one(enumerate(preferences)),
        "reports.Report": one(reports.items()),
    }
    return pks, memberships


def move_schools(world: World, pks: dict) -> None:
    """Put each moved school in the trust it is in now (or none), after its records were made."""
    pk_of = {key: pk for key, (pk,) in pks["tenancy.Organisation"].items()}
    with unscoped("a school changes trust"):
        for school, _before in world.moved:
            trust = world.org(school).trust
            Organisation.objects.filter(pk=pk_of[school]).update(trust_id=pk_of[trust] if trust else None)


def seen_by(membership: Membership) -> dict[str, dict[str, set[int]]]:
    """What `membership` sees of each tenant model, through the model's own rule and through the ambient
    scope: each way in one query (a UNION ALL of every model's queryset, as each would run alone)."""
    ways = {
        "visible_to(membership)": lambda model: model.objects.visible_to(membership),
        "objects inside acting_as": lambda model: model.objects.all(),
    }
    seen = {}
    with acting_as(membership):
        for how, queryset_of in ways.items():
            parts = [
                queryset_of(apps.get_model(label))
                .order_by()
                .annotate(model=Value(label, output_field=CharField()))
                .values_list("model", "pk")
                for label in ORACLES
            ]
            seen[how] = {label: set() for label in ORACLES}
            for label, pk in parts[0].union(*parts[1:], all=True).order_by():
                seen[how][label].add(pk)
    return seen


def disagreements(world: World, pks: dict, member: Member, membership: Membership) -> list[str]:
    """Every model whose records seen by `membership`, through its own rule and through the ambient
    scope, differ from what the oracle says: model, who, how, which records were missing or extra."""
    problems = []
    me = world.org(member.org)
    seen = seen_by(membership)
    for label, oracle in ORACLES.items():
        keys_of = {pk: key for key, pk_set in pks[label].items() for pk in pk_set}
        drawn = (
            PERSONAL[label](world, member) if label in PERSONAL else oracle(world, member.org, member.role)
        )
        expected = set().union(*(pks[label][key] for key in drawn))
        for how, by_model in seen.items():
            if (got := by_model[label]) != expected:
                missing = sorted({keys_of[pk] for pk in expected - got}, key=str)
                extra = sorted({keys_of.get(pk, f"pk {pk}") for pk in got - expected}, key=str)
                problems.append(
                    f"{label} through {how}, {member.role} at {me.key} ({me.kind}): "
                    f"expected but not seen {missing}, seen but not expected {extra}"
                )
    return problems


def check_everyone(world: World, pks: dict, memberships: list[Membership], only_at=None) -> None:
    """Every active membership (or only those at the organisations `only_at`) sees what the oracle says
    of `world`; one assertion lists every disagreement."""
    problems = []
    for member, membership in zip(world.members, memberships, strict=True):
        if member.removed or (only_at is not None and member.org not in only_at):
            continue  # a removed membership is never acted as
        problems += disagreements(world, pks, member, membership)
    assert not problems, "\n".join([*problems, repr(world)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_every_membership_sees_exactly_what_the_rule_allows(db, world):
    with transaction.atomic():  # each example's rows vanish with this savepoint
        pks, memberships = build(world)
        assert set(pks) == set(ORACLES), "every tenant model the oracle knows is drawn"
        with unscoped("test"):
            assert Organisation.objects.count() == len(world.orgs)  # the example is alone in the database
        if world.moved:
            # The trusts a school leaves or joins, before it moves: the old one sees its records.
            trusts = {t for school, was in world.moved for t in (was, world.org(school).trust) if t}
            check_everyone(world.as_made(), pks, memberships, only_at=trusts)
            move_schools(world, pks)
            with unscoped("each request reads its membership afresh"):
                fresh = Membership.objects.select_related("organisation").in_bulk([m.pk for m in memberships])
                memberships = [fresh[m.pk] for m in memberships]
        check_everyone(world, pks, memberships)
        transaction.set_rollback(True)


def test_every_tenant_model_has_an_oracle():
    """The next tenant model must be drawn here too: give it a rule in `tests.scoping_oracle.ORACLES`
    and build its records in `build`."""
    tenant_models = {model._meta.label for model in TENANT_MODELS}
    assert sorted(tenant_models - set(ORACLES)) == [], "tenant models with no oracle in the property test"
    assert sorted(set(ORACLES) - tenant_models) == [], "oracles for models that are not tenant models"


def small_graph() -> list[Org]:
    return [
        Org("la0", "local_authority"),
        Org("la1", "local_authority"),
        Org("trust0", "trust"),
        Org("school0", "school", la="la0", trust="trust0"),
        Org("school1", "school", la="la1", trust="trust0"),
        Org("school2", "school", la="la0"),
        Org("provider0", "provider", la="la0"),
    ]


def test_the_rule_itself_reads_as_intended():
    """The independent rule, checked by hand on a small graph (so a mistake in it cannot hide)."""
    orgs = small_graph()
    assert visible_organisations(orgs, "la0") == {"la0", "school0", "school2", "provider0"}
    assert visible_organisations(orgs, "la1") == {"la1", "school1", "provider0"}
    assert visible_organisations(orgs, "trust0") == {"trust0", "school0", "school1", "provider0"}
    assert visible_organisations(orgs, "school0") == {"school0", "provider0"}
    assert visible_organisations(orgs, "provider0") == {"provider0"}
    entries = [("la0", "provider0"), ("la1", "provider0")]
    assert visible_entries(orgs, entries, "la0") == {0}
    assert visible_entries(orgs, entries, "school1") == {1}
    assert visible_entries(orgs, entries, "trust0") == {0, 1}
    assert visible_entries(orgs, entries, "provider0") == {0, 1}
    visits = [("provider0", "la0", True), ("provider0", "school0", False), ("provider0", "school2", True)]
    assert visible_visits(orgs, visits, "school0", in_full=False) == {0, 1}
    assert visible_visits(orgs, visits, "school0", in_full=True) == {1}
    assert visible_visits(orgs, visits, "la0", in_full=True) == {0, 1, 2}
    assert visible_visits(orgs, visits, "la1", in_full=False) == set()
    assert visible_visits(orgs, visits, "trust0", in_full=True) == {1}
    assert visible_visits(orgs, visits, "trust0", in_full=False) == {0, 1}  # la0's in summary
    assert visible_visits(orgs, visits, "provider0", in_full=True) == {0, 1, 2}
    assert visible_actions(orgs, visits, "provider0") == {0, 2}  # not school0's own to-do
    assert visible_actions(orgs, visits, "school0") == {0, 1}  # its own, and its LA's for the provider
    assert visible_actions(orgs, visits, "school2") == {0, 2}
    assert visible_actions(orgs, visits, "trust0") == {0, 1}  # la0's for the provider, school0's own
    assert visible_updates(orgs, visits, "provider0") == (set(), {0, 2})  # its replies, no notes
    assert visible_updates(orgs, visits, "school0") == ({1}, set())  # not its LA's notes or replies
    assert visible_updates(orgs, visits, "la0") == ({0, 1, 2}, {0, 2})
    assert visible_updates(orgs, visits, "trust0") == ({1}, set())  # never la0's notes or replies
    checks = [("la0", "provider0"), ("la1", "provider0")]
    assert visible_checks(orgs, checks, "la1") == {1}
    assert visible_checks(orgs, checks, "school2") == {0}
    assert visible_checks(orgs, checks, "trust0") == {0, 1}
    assert visible_checks(orgs, checks, "provider0") == {0, 1}
    orgs.append(Org("la2", "local_authority"))
    types = ["la0", "la1", "la2"]
    assert visible_evidence_types(orgs, types, [], [], "provider0") == {0}  # its register's LA
    assert visible_evidence_types(orgs, types, [("la2", "provider0")], [], "provider0") == {0, 2}
    assert visible_evidence_types(orgs, types, [], checks, "provider0") == {0, 1}
    assert visible_evidence_types(orgs, types, [], [], "trust0") == {0, 1}
    assert visible_evidence_types(orgs, types, [], [], "school2") == {0}
    assert visible_evidence_types(orgs, types, [], [], "la2") == {2}


def test_the_rule_for_the_models_added_later_reads_as_intended():
    orgs = [*small_graph(), Org("provider1", "provider", la="la1")]
    assert visible_profiles(orgs, ["provider0", "provider1"], "trust0") == {"provider0", "provider1"}
    assert visible_profiles(orgs, ["provider0", "provider1"], "provider1") == {"provider1"}
    entries = [("la0", "provider0"), ("la1", "provider0"), ("la1", "provider1")]
    changes = [0, 1, 1, 2]  # the entry each moved
    assert visible_status_changes(orgs, entries, changes, "la1") == {1, 2, 3}
    for reader in ("school0", "trust0", "provider0"):  # they see the entry, not the reasons
        assert visible_status_changes(orgs, entries, changes, reader) == set()
    categories = ["la0", "la1", "la1"]
    chosen = [frozenset({0}), frozenset({2}), frozenset()]
    assert visible_categories(orgs, categories, entries, chosen, "la1") == {1, 2}
    assert visible_categories(orgs, categories, entries, chosen, "school0") == {0}
    assert visible_categories(orgs, categories, entries, chosen, "trust0") == set()
    assert visible_categories(orgs, categories, entries, chosen, "provider0") == {0, 2}  # approved for
    assert visible_categories(orgs, categories, entries, chosen, "provider1") == set()
    assert visible_areas(orgs, ["la0", "la1"], "school1") == {1}
    assert visible_areas(orgs, ["la0", "la1"], "provider0") == set()
    assert visible_areas(orgs, ["la0", "la1"], "trust0") == set()
    validities = [("la0", None), ("la1", 0)]
    assert visible_validities(orgs, validities, "la1") == {1}
    assert visible_validities(orgs, validities, "school0") == set()
    verifications = [("la0", "provider0"), ("la1", "provider0")]
    assert visible_verifications(orgs, verifications, "la0") == {0}
    assert visible_verifications(orgs, verifications, "provider0") == set()


def test_a_trust_sees_a_school_s_records_while_the_school_is_in_it():
    """Visibility follows the relation as it is now: school0 moves from trust0 to trust1 after la0 listed
    and checked provider0, la0 visited it and school0 visited it too. trust0 stops seeing all of it at
    once; trust1 sees all of it, including what was made before it joined."""
    now = World(
        orgs=(
            Org("la0", "local_authority"),
            Org("trust0", "trust"),
            Org("trust1", "trust"),
            Org("school0", "school", la="la0", trust="trust1"),
            Org("provider0", "provider", la="la0"),
        ),
        entries=(("la0", "provider0"),),
        checks=(("la0", "provider0"),),
        visits=(("provider0", "school0", False), ("provider0", "la0", True)),
        pupils=(("school0", False),),
        placements=((0, "provider0", False),),
        block_purchases=(("school0", "provider0"),),
        placement_rules=("la0",),
        moved=(("school0", "trust0"),),
    )
    then = now.as_made()
    assert then.org("school0").trust == "trust0"
    school_records = {
        "providers.ApprovedListEntry": {0},  # la0's list, as school0's LA
        "providers.Evidence": {0},
        "providers.QAVisit": {0, 1},  # school0's in full, la0's in summary
        "providers.AreaJudgement": {0},
        "providers.QAAction": {0, 1},  # school0's own to-do, and la0's for the provider
        "providers.ActionUpdate": {("note", 0)},
        "pupils.Pupil": {0},
        "pupils.AttendanceYear": {0},
        "placements.Placement": {0},
        "placements.PlanChange": {0},
        "placements.BlockPurchase": {0},
        "placements.PlacementRules": {0},  # la0's numbers, through school0
    }
    for label, records in school_records.items():
        assert ORACLES[label](then, "trust0") == records, label
        assert ORACLES[label](now, "trust0") == set(), label
        assert ORACLES[label](then, "trust1") == set(), label
        assert ORACLES[label](now, "trust1") == records, label
    assert visible_organisations(then.orgs, "trust0") == {"trust0", "school0", "provider0"}
    assert visible_organisations(now.orgs, "trust0") == {"trust0", "provider0"}
    assert visible_organisations(now.orgs, "trust1") == {"trust1", "school0", "provider0"}


def test_the_rule_for_panels_reads_as_intended():
    orgs = small_graph()
    assert visible_panel_records(orgs, ["la0", "la1"], "la0") == {0}
    assert visible_panel_records(orgs, ["la0", "la1"], "school1") == {1}  # its LA's panel
    assert visible_panel_records(orgs, ["la0", "la1"], "trust0") == set()
    assert visible_panel_records(orgs, ["la0", "la1"], "provider0") == set()
    pupils = [("school0", True), ("school2", True)]
    referrals = [(0, frozenset({"provider0"}), True), (1, frozenset({"provider0"}), True)]
    items = [(0, 0), (1, 0)]
    assert visible_panel_items(orgs, pupils, referrals, items, "la0") == {0, 1}
    assert visible_panel_items(orgs, pupils, referrals, items, "school0") == {0}
    assert visible_panel_items(orgs, pupils, referrals, items, "trust0") == {0}
    assert visible_panel_items(orgs, pupils, referrals, items, "school2") == {1}
    assert visible_panel_items(orgs, pupils, referrals, items, "provider0") == set()  # asked, never told
    assert visible_panel_items(orgs, pupils, referrals, items, "la1") == set()


def test_the_rule_for_placements_reads_as_intended():
    orgs = [*small_graph(), Org("provider1", "provider", la="la1")]
    pupils = [("school0", True), ("school1", False), ("school2", True)]
    # pupil 0 at provider0 and at provider1 at once; pupil 1 (in la1) at provider0, ended; pupil 2 at
    # provider1, which is on la1's register though the pupil's school is in la0.
    placements = [
        (0, "provider0", False),
        (0, "provider1", False),
        (1, "provider0", True),
        (2, "provider1", False),
    ]
    assert visible_placements(orgs, pupils, placements, "school0") == {0, 1}
    assert visible_placements(orgs, pupils, placements, "school1") == {2}  # not its trust sibling's
    assert visible_placements(orgs, pupils, placements, "trust0") == {0, 1, 2}
    assert visible_placements(orgs, pupils, placements, "la0") == {0, 1, 3}  # by the school's area
    assert visible_placements(orgs, pupils, placements, "la1") == {2}  # not by the provider's register
    assert visible_placements(orgs, pupils, placements, "provider0") == {0, 2}  # its ended one too
    assert visible_placements(orgs, pupils, placements, "provider1") == {1, 3}  # never pupil 0's at provider0
    for provider in ("provider0", "provider1"):
        assert visible_plan_history(orgs, pupils, placements, provider) == set()
    assert visible_plan_history(orgs, pupils, placements, "la0") == {0, 1, 3}
    assert visible_plan_history(orgs, pupils, placements, "trust0") == {0, 1, 2}
    assert visible_plan_history(orgs, pupils, placements, "school2") == {3}
    purchases = [("school0", "provider0"), ("school2", "provider1")]
    assert visible_block_purchases(orgs, purchases, "provider0") == {0}
    assert visible_block_purchases(orgs, purchases, "provider1") == {1}
    assert visible_block_purchases(orgs, purchases, "la0") == {0, 1}
    assert visible_block_purchases(orgs, purchases, "la1") == set()
    assert visible_block_purchases(orgs, purchases, "trust0") == {0}
    assert visible_block_purchases(orgs, purchases, "school2") == {1}
    rules = ["la0", "la1"]
    assert visible_placement_rules(orgs, rules, "la1") == {1}
    assert visible_placement_rules(orgs, rules, "school2") == {0}
    assert visible_placement_rules(orgs, rules, "trust0") == {0, 1}  # school0 in la0, school1 in la1
    assert visible_placement_rules(orgs, rules, "provider0") == set()


def test_the_rule_for_review_rules_reads_as_intended():
    orgs = small_graph()
    pupils = [("school0", True), ("school1", False), ("school2", True)]
    placements = [(0, "provider0", False), (1, "provider0", True), (2, "provider0", False)]
    seen = functools.partial(visible_review_rules, orgs, pupils, placements, ["la0"])
    assert seen("la0") == {("la", "la0"), ("school", "school0"), ("school", "school2"), *placements_at(0, 2)}
    assert seen("la1") == {("school", "school1"), *placements_at(1)}  # not la0's defaults
    assert seen("school2") == {("la", "la0"), ("school", "school2"), *placements_at(2)}
    # The trust: its schools' own and the defaults of an LA it has a school in; not school2's.
    assert seen("trust0") == {
        ("la", "la0"),
        ("school", "school0"),
        ("school", "school1"),
        *placements_at(0, 1),
    }
    assert seen("provider0") == set()  # not even for the placements it delivers


def placements_at(*indexes: int) -> set[tuple]:
    return {("placement", i) for i in indexes}


def test_a_pupil_placed_at_two_providers_is_seen_by_each_only_at_its_own(db):
    """The case SECURITY.md names, built rather than left to chance: one pupil at provider0 and at
    provider1 at once, with a member at each, at the school, its trust and both LAs."""
    world = World(
        orgs=(
            Org("la0", "local_authority"),
            Org("la1", "local_authority"),
            Org("trust0", "trust"),
            Org("school0", "school", la="la0", trust="trust0"),
            Org("provider0", "provider", la="la0"),
            Org("provider1", "provider", la="la1"),
        ),
        members=(
            Member(0, "provider0", "provider_manager", False),
            Member(1, "provider1", "provider_staff", False),
            Member(2, "school0", "school_staff", False),
            Member(3, "trust0", "trust_leader", False),
            Member(4, "la0", "la_viewer", False),
            Member(5, "la1", "la_officer", False),
        ),
        pupils=(("school0", True),),
        placements=((0, "provider0", False), (0, "provider1", True)),
        block_purchases=(("school0", "provider1"),),
        placement_rules=("la0",),
    )
    assert ORACLES["placements.Placement"](world, "provider0") == {0}
    assert ORACLES["placements.Placement"](world, "provider1") == {1}
    assert ORACLES["placements.Placement"](world, "la1") == set()
    with transaction.atomic():
        pks, memberships = build(world)
        check_everyone(world, pks, memberships)
        transaction.set_rollback(True)


def test_the_rule_for_pupils_reads_as_intended():
    orgs = small_graph()
    pupils = [("school0", False), ("school0", True), ("school2", True)]
    assert visible_pupils(orgs, pupils, "school0") == {0, 1}
    assert visible_pupils(orgs, pupils, "school1") == set()  # a sibling school in the same trust
    assert visible_pupils(orgs, pupils, "trust0") == {0, 1}
    assert visible_pupils(orgs, pupils, "la0") == {1, 2}  # only once referred or placed
    assert visible_pupils(orgs, pupils, "provider0") == set()
    assert visible_pupil_details(orgs, pupils, "school0", "dsl") == {0, 1}
    assert visible_pupil_details(orgs, pupils, "school0", "school_staff") == set()
    assert visible_pupil_details(orgs, pupils, "trust0", "trust_leader") == set()
    assert visible_pupil_details(orgs, pupils, "la0", "la_officer") == {1, 2}
    assert visible_pupil_details(orgs, pupils, "la0", "la_viewer") == set()


def test_a_provider_sees_the_categories_it_is_approved_for(db):
    """An entry's terms (conditions, categories, price and dates) are shown to the provider it is about,
    so the provider must be able to read the LA's own categories it is approved for. Today the category
    rule gives a provider the standard categories only, and its page says "no categories recorded"."""
    la = factories.LocalAuthorityFactory()
    provider = factories.ProviderFactory(local_authority=la)
    lot = ApprovalCategoryFactory(local_authority=la, name="Key stage 4 vocational lot")
    entry = ApprovedListEntryFactory(local_authority=la, provider=provider, categories=[lot])
    manager = factories.MembershipFactory(organisation=provider, role="provider_manager")
    with acting_as(manager):
        named = set(ApprovalCategory.objects.visible_to(manager).filter(local_authority=la))
        approved_for = list(ApprovedListEntry.objects.visible_to(manager).get(pk=entry.pk).categories.all())
    assert named == {lot}, (
        f"ApprovalCategory, provider_manager of a provider on an LA's list approved for that LA's own "
        f"category {lot.name!r}: expected the category visible, got {named or 'none of the LA own ones'}"
    )
    assert approved_for == [lot], f"its entry's categories read as {approved_for}, expected [{lot}]"
