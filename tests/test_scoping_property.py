"""Property test of scoping (SECURITY.md promise 3).

Hypothesis draws random graphs of organisations (LAs; schools in an LA and perhaps a trust; trusts;
providers on an LA's register) and of memberships and invitations. For every active membership, what the
scoped managers return inside `acting_as(membership)` must equal what the plain-Python rule below
computes from the graph alone. The rule is written from DOMAIN/SECURITY prose, not from the app's
`visible_to` methods, so a change to either shows up as a disagreement.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apcommission.accounts.models import Invitation
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from tests import factories

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
    return orgs, members, invitations


def visible_organisations(orgs: list[Org], acting_for: str) -> set[str]:
    """Your own organisation; an LA also its area's schools and the providers on its register; a trust
    also its schools. Schools and providers see only themselves."""
    me = next(o for o in orgs if o.key == acting_for)
    seen = {me.key}
    if me.kind == "local_authority":
        seen |= {o.key for o in orgs if o.kind in ("school", "provider") and o.la == me.key}
    if me.kind == "trust":
        seen |= {o.key for o in orgs if o.kind == "school" and o.trust == me.key}
    return seen


def visible_memberships(members: list[Member], acting_for: str) -> set[int]:
    """The memberships (current and removed) of your own organisation, and nobody else's."""
    return {i for i, m in enumerate(members) if m.org == acting_for}


def visible_invitations(invitations: list[str], acting_for: str) -> set[int]:
    return {i for i, org in enumerate(invitations) if org == acting_for}


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
    orgs, members, invitations = graph
    with transaction.atomic():  # each example's rows vanish with this savepoint
        made, memberships, sent = build(orgs, members, invitations)
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
            who = f"{member.role} at {member.org} in {orgs}"
            assert seen_orgs == {pk_of_org[k] for k in visible_organisations(orgs, member.org)}, who
            assert seen_members == {memberships[i].pk for i in visible_memberships(members, member.org)}, who
            assert seen_invitations == {sent[i].pk for i in visible_invitations(invitations, member.org)}, who
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
    assert visible_organisations(orgs, "la1") == {"la1", "school1"}
    assert visible_organisations(orgs, "trust0") == {"trust0", "school0", "school1"}
    assert visible_organisations(orgs, "school0") == {"school0"}
    assert visible_organisations(orgs, "provider0") == {"provider0"}
