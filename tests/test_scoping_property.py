"""Property test of scoping (SECURITY.md promise 3).

Hypothesis draws random graphs of organisations (LAs; schools in an LA and perhaps a trust; trusts;
providers on an LA's register), of memberships and invitations, of LAs' approved-list entries, evidence
checks and evidence types, and of QA visits made by LAs and schools, each with an action (the provider's
to do, or the visitor's own) that has a follow-up note and, when the provider's, a reply. For every active
membership, what the scoped managers return inside `acting_as(membership)` must equal what the
plain-Python rule below computes from the graph alone. The rule is written from DOMAIN/SECURITY prose,
not from the app's `visible_to` methods, so a change to either shows up as a disagreement.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apcommission.accounts.models import Invitation
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import (
    ActionUpdate,
    ApprovedListEntry,
    AreaJudgement,
    Evidence,
    EvidenceType,
    QAAction,
    QAVisit,
)
from tests import factories
from tests.providers.factories import (
    ActionUpdateFactory,
    ApprovedListEntryFactory,
    AreaJudgementFactory,
    EvidenceFactory,
    LAEvidenceTypeFactory,
    QAActionFactory,
    QAVisitFactory,
)

# The roles each kind of organisation has, restated here rather than imported.
ROLES = {
    "local_authority": ["la_officer", "la_viewer"],
    "school": ["ap_lead", "dsl", "school_leader", "school_staff"],
    "trust": ["trust_leader"],
    "provider": ["provider_manager", "provider_staff"],
}


@dataclass(frozen=True)
class Org:
    key: str  # "la0", "school2", ...
    kind: str
    la: str | None = None  # the LA of a school's area, or whose register a provider is on
    trust: str | None = None


@dataclass(frozen=True)
class Member:
    person: int
    org: str
    role: str
    removed: bool


@st.composite
def graphs(draw):
    las = [Org(f"la{i}", "local_authority") for i in range(draw(st.integers(1, 3)))]
    trusts = [Org(f"trust{i}", "trust") for i in range(draw(st.integers(0, 2)))]
    la_keys = [la.key for la in las]
    trust_choice = st.sampled_from([None, *(t.key for t in trusts)])
    schools = [
        Org(f"school{i}", "school", la=draw(st.sampled_from(la_keys)), trust=draw(trust_choice))
        for i in range(draw(st.integers(0, 4)))
    ]
    providers = [
        Org(f"provider{i}", "provider", la=draw(st.sampled_from(la_keys)))
        for i in range(draw(st.integers(0, 3)))
    ]
    orgs = las + trusts + schools + providers
    # People (a few, so some hold memberships in several organisations), at most one active
    # membership per person and organisation, as the database requires.
    members, active_pairs = [], set()
    for _ in range(draw(st.integers(1, 10))):
        org = draw(st.sampled_from(orgs))
        person = draw(st.integers(0, 4))
        removed = draw(st.booleans()) if (person, org.key) not in active_pairs else True
        if not removed:
            active_pairs.add((person, org.key))
        members.append(Member(person, org.key, draw(st.sampled_from(ROLES[org.kind])), removed))
    invitations = [draw(st.sampled_from(orgs)).key for _ in range(draw(st.integers(0, 3)))]
    entries, visits, checks = [], [], []
    if providers:
        pairs = st.tuples(st.sampled_from(la_keys), st.sampled_from([p.key for p in providers]))
        entries = sorted(draw(st.sets(pairs, max_size=4)))
        visitors = st.sampled_from(la_keys + [school.key for school in schools])
        owners = st.booleans()  # does the visit's action fall to the provider?
        visits = draw(
            st.lists(st.tuples(st.sampled_from([p.key for p in providers]), visitors, owners), max_size=4)
        )
        checks = draw(st.lists(pairs, max_size=4))  # (checking LA, provider)
    types = draw(st.lists(st.sampled_from(la_keys), max_size=3))  # an evidence type each LA adds
    return orgs, members, invitations, entries, visits, checks, types


def visible_organisations(orgs: list[Org], acting_for: str) -> set[str]:
    """Your own organisation; an LA also its area's schools, a trust its schools. Every LA, school and
    trust also sees every provider (business information to choose from). A provider sees only itself."""
    me = next(o for o in orgs if o.key == acting_for)
    seen = {me.key}
    if me.kind == "local_authority":
        seen |= {o.key for o in orgs if o.kind == "school" and o.la == me.key}
    if me.kind == "trust":
        seen |= {o.key for o in orgs if o.kind == "school" and o.trust == me.key}
    if me.kind != "provider":
        seen |= {o.key for o in orgs if o.kind == "provider"}
    return seen


def visible_memberships(members: list[Member], acting_for: str) -> set[int]:
    """The memberships (current and removed) of your own organisation, and nobody else's."""
    return {i for i, m in enumerate(members) if m.org == acting_for}


def visible_invitations(invitations: list[str], acting_for: str) -> set[int]:
    return {i for i, org in enumerate(invitations) if org == acting_for}


def visible_entries(orgs: list[Org], entries: list[tuple[str, str]], acting_for: str) -> set[int]:
    """An LA's approved list is its own; its schools see it (the status); a trust sees the lists of its
    schools' LAs; a provider the entries about itself. Another LA sees none of it."""
    me = next(o for o in orgs if o.key == acting_for)
    lists = {me.key}
    if me.kind == "school":
        lists = {me.la}
    elif me.kind == "trust":
        lists = {o.la for o in orgs if o.kind == "school" and o.trust == me.key}
    elif me.kind == "provider":
        return {i for i, (_la, provider) in enumerate(entries) if provider == me.key}
    return {i for i, (la, _provider) in enumerate(entries) if la in lists}


def visible_checks(orgs: list[Org], checks: list[tuple[str, str]], acting_for: str) -> set[int]:
    """Evidence checks belong to the LA that made them: it and its schools see them, a trust those of its
    schools' LAs; a provider sees every check of itself. Another LA sees none."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind == "provider":
        return {i for i, (_la, provider) in enumerate(checks) if provider == me.key}
    las = {me.key} if me.kind == "local_authority" else {me.la}
    if me.kind == "trust":
        las = {o.la for o in orgs if o.kind == "school" and o.trust == me.key}
    return {i for i, (la, _provider) in enumerate(checks) if la in las}


def visible_evidence_types(orgs, types, entries, checks, acting_for: str) -> set[int]:
    """The evidence types LAs add (the standard ones everyone sees): an LA sees its own, a school its
    LA's, a trust those of its schools' LAs, and a provider those of every LA that keeps its register,
    has it on its list or has checked it, so that it knows what each requires of it."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind == "provider":
        las = {me.la} | {la for la, provider in entries + checks if provider == me.key}
    elif me.kind == "local_authority":
        las = {me.key}
    else:
        las = area_las(orgs, me)
    return {i for i, la in enumerate(types) if la in las}


def visible_visits(orgs, visits, acting_for: str, *, in_full: bool) -> set[int]:
    """A visit is read in full by whoever made it, by the LA of a visiting school's area, by a visiting
    school's trust, and by the provider visited. A school also sees (the summary of) its own LA's visits,
    and a trust those of the LA of each of its schools. Nobody else sees any."""
    me = next(o for o in orgs if o.key == acting_for)
    by_key = {o.key: o for o in orgs}
    seen = set()
    for i, (provider, visitor_key, _owned) in enumerate(visits):
        visitor = by_key[visitor_key]
        made_it = visitor.key == me.key
        oversees_it = visitor.kind == "school" and me.key in (visitor.la, visitor.trust)
        about_me = provider == me.key
        las_summary = not in_full and visitor.key in area_las(orgs, me)
        if made_it or oversees_it or about_me or las_summary:
            seen.add(i)
    return seen


def area_las(orgs, me: Org) -> set[str]:
    """The LAs whose visits a school (its own LA) or a trust (each of its schools') reads in summary."""
    if me.kind == "school":
        return {me.la}
    if me.kind == "trust":
        return {o.la for o in orgs if o.kind == "school" and o.trust == me.key}
    return set()


def visible_actions(orgs, visits, acting_for: str) -> set[int]:
    """Each visit's one action. The provider sees only the actions that fall to it, never the visitor's
    own; a school (or a trust) also sees those its LA's (its schools' LAs') visits leave providers, as
    it places pupils there; everyone else sees the actions of the visits it reads in full."""
    me = next(o for o in orgs if o.key == acting_for)
    in_full = visible_visits(orgs, visits, acting_for, in_full=True)
    seen = set()
    for i, (_provider, visitor, owned_by_provider) in enumerate(visits):
        if me.kind == "provider":
            if i in in_full and owned_by_provider:
                seen.add(i)
        elif i in in_full or (visitor in area_las(orgs, me) and owned_by_provider):
            seen.add(i)
    return seen


def visible_updates(orgs, visits, acting_for: str) -> tuple[set[int], set[int]]:
    """(visitors' follow-up notes, providers' replies), by visit: the notes are the visitor's own record,
    read with the visit in full, never by the provider; the provider reads its own replies."""
    me = next(o for o in orgs if o.key == acting_for)
    in_full = visible_visits(orgs, visits, acting_for, in_full=True)
    replied = {i for i, (_p, _v, owned) in enumerate(visits) if owned}
    if me.kind == "provider":
        return set(), in_full & replied
    return in_full, in_full & replied


def build_lists_and_visits(made, entries, visits):
    built_entries = [
        ApprovedListEntryFactory(local_authority=made[la], provider=made[provider])
        for la, provider in entries
    ]
    built_visits = [
        QAVisitFactory(provider=made[provider], visiting_organisation=made[visitor])
        for provider, visitor, _owned in visits
    ]
    judgements = [AreaJudgementFactory(visit=visit) for visit in built_visits]
    actions = [
        QAActionFactory(visit=visit, owned_by_provider=owned)
        for visit, (_p, _v, owned) in zip(built_visits, visits, strict=True)
    ]
    notes = [ActionUpdateFactory(action=action) for action in actions]
    replies = {
        i: ActionUpdateFactory(action=action, by_provider=True)
        for i, action in enumerate(actions)
        if action.owned_by_provider
    }
    return built_entries, built_visits, judgements, actions, notes, replies


def build(orgs, members, invitations):
    """Create the graph; return maps from its keys and indexes to database primary keys."""
    made = {}
    for org in orgs:  # LAs and trusts come first in the list, so a school's LA and trust exist
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
    for member in members:
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
    inviter = factories.UserFactory(with_totp=False)
    sent = [factories.InvitationFactory(organisation=made[org], invited_by=inviter) for org in invitations]
    return made, memberships, sent


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs())
def test_every_membership_sees_exactly_what_the_rule_allows(db, graph):
    orgs, members, invitations, entries, visits, checks, types = graph
    with transaction.atomic():  # each example's rows vanish with this savepoint
        made, memberships, sent = build(orgs, members, invitations)
        built = build_lists_and_visits(made, entries, visits)
        built_entries, built_visits, judgements, actions, notes, replies = built
        built_checks = [
            EvidenceFactory(checked_for=made[la], provider=made[provider]) for la, provider in checks
        ]
        built_types = [LAEvidenceTypeFactory(local_authority=made[la]) for la in types]
        pk_of_org = {key: org.pk for key, org in made.items()}
        with unscoped("test"):
            assert Organisation.objects.count() == len(orgs)  # the example is alone in the database
        for index, member in enumerate(members):
            if member.removed:
                continue  # a removed membership is never acted as
            with acting_as(memberships[index]):
                seen_orgs = set(Organisation.objects.values_list("pk", flat=True))
                seen_members = set(Membership.objects.values_list("pk", flat=True))
                seen_invitations = set(Invitation.objects.values_list("pk", flat=True))
                seen_entries = set(ApprovedListEntry.objects.values_list("pk", flat=True))
                seen_visits = set(QAVisit.objects.values_list("pk", flat=True))
                seen_judgements = set(AreaJudgement.objects.values_list("pk", flat=True))
                seen_actions = set(QAAction.objects.values_list("pk", flat=True))
                seen_updates = set(ActionUpdate.objects.values_list("pk", flat=True))
                seen_checks = set(Evidence.objects.values_list("pk", flat=True))
                seen_types = set(
                    EvidenceType.objects.filter(local_authority__isnull=False).values_list("pk", flat=True)
                )
            who = f"{member.role} at {member.org} in {orgs}"
            assert seen_orgs == {pk_of_org[k] for k in visible_organisations(orgs, member.org)}, who
            assert seen_members == {memberships[i].pk for i in visible_memberships(members, member.org)}, who
            assert seen_invitations == {sent[i].pk for i in visible_invitations(invitations, member.org)}, who
            expected = visible_entries(orgs, entries, member.org)
            assert seen_entries == {built_entries[i].pk for i in expected}, f"entries {entries}: {who}"
            expected = visible_visits(orgs, visits, member.org, in_full=False)
            assert seen_visits == {built_visits[i].pk for i in expected}, f"visits {visits}: {who}"
            expected = visible_visits(orgs, visits, member.org, in_full=True)
            assert seen_judgements == {judgements[i].pk for i in expected}, f"visits in full {visits}: {who}"
            expected = visible_actions(orgs, visits, member.org)
            assert seen_actions == {actions[i].pk for i in expected}, f"actions {visits}: {who}"
            expected_notes, expected_replies = visible_updates(orgs, visits, member.org)
            expected = {notes[i].pk for i in expected_notes} | {replies[i].pk for i in expected_replies}
            assert seen_updates == expected, f"follow-up notes and replies {visits}: {who}"
            expected = visible_checks(orgs, checks, member.org)
            assert seen_checks == {built_checks[i].pk for i in expected}, f"checks {checks}: {who}"
            expected = visible_evidence_types(orgs, types, entries, checks, member.org)
            assert seen_types == {built_types[i].pk for i in expected}, f"types {types}: {who}"
        transaction.set_rollback(True)


def test_the_rule_itself_reads_as_intended():
    """The independent rule, checked by hand on a small graph (so a mistake in it cannot hide)."""
    orgs = [
        Org("la0", "local_authority"),
        Org("la1", "local_authority"),
        Org("trust0", "trust"),
        Org("school0", "school", la="la0", trust="trust0"),
        Org("school1", "school", la="la1", trust="trust0"),
        Org("school2", "school", la="la0"),
        Org("provider0", "provider", la="la0"),
    ]
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
