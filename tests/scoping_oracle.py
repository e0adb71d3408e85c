"""Who sees what, as a plain-Python rule over a small graph of organisations and records.

This is the independent statement of the tenancy rules that `tests/test_scoping_property.py` holds the
scoped managers to. It is written from DOMAIN.md ("Who sees what"), SECURITY.md and the README, never
from the app's visibility modules, so a change to either side shows up as a disagreement. Each function
takes the graph and the key of the acting organisation and returns the records that organisation sees;
its docstring is the rule in words.

Relations are read as they are now: a school that leaves a trust takes its records with it (the old
trust stops seeing them at once), and a school that joins a trust brings them all (the new trust sees its
records from before it joined). A school never changes LA: its LAESTAB starts with the LA's code.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from hypothesis import strategies as st

# The roles each kind of organisation has, restated here rather than imported.
ROLES = {
    "local_authority": ["la_officer", "la_viewer"],
    "school": ["ap_lead", "dsl", "school_leader", "school_staff"],
    "trust": ["trust_leader"],
    "provider": ["provider_manager", "provider_staff"],
}

# The record key that stands for every standard entry of a vocabulary (they come with the product).
STANDARD = "standard"


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


@dataclass(frozen=True)
class World:
    """A graph of organisations and the records about them. `orgs` are the relations as they are now;
    `moved` names each school that changed trust after the records were made, with the trust it had
    then (None: it was in none)."""

    orgs: tuple[Org, ...]
    members: tuple[Member, ...] = ()
    invitations: tuple[str, ...] = ()  # the organisation of each
    entries: tuple[tuple[str, str], ...] = ()  # (LA, provider): an LA's approved-list entry
    categories: tuple[str, ...] = ()  # the LA that added each approval category
    entry_categories: tuple[frozenset[int], ...] = ()  # per entry: the categories it is approved for
    status_changes: tuple[int, ...] = ()  # the entry each status change moved
    visits: tuple[tuple[str, str, bool], ...] = ()  # (provider, visitor, its action is the provider's)
    checks: tuple[tuple[str, str], ...] = ()  # (checking LA, provider): an evidence check
    types: tuple[str, ...] = ()  # the LA that added each evidence type
    validities: tuple[tuple[str, int | None], ...] = ()  # (LA, its own type's index, or None: a standard)
    areas: tuple[str, ...] = ()  # the LA that added each QA area
    profiles: tuple[str, ...] = ()  # the providers that have a profile
    sites: tuple[str, ...] = ()  # the provider of each site
    verifications: tuple[tuple[str, str], ...] = ()  # (LA, provider): an LA verified a profile
    # (school, known to its LA): a pupil's record, each with a contact and a year of attendance. The LA
    # knows a pupil once it has been referred or placed.
    pupils: tuple[tuple[str, bool], ...] = ()
    # (the pupil's index, the providers asked, whether it was sent): a referral, with a recipient for each
    # provider asked and its timeline's first row.
    referrals: tuple[tuple[int, frozenset[str], bool], ...] = ()
    panel_settings: tuple[str, ...] = ()  # the LAs that say whether they use a panel (one each)
    meetings: tuple[str, ...] = ()  # the LA of each panel meeting
    # (a sent referral's index, a meeting of its school's LA's panel): the referral put to the meeting.
    panel_items: tuple[tuple[int, int], ...] = ()
    # (the pupil's index, the provider delivering it, whether it has ended): a placement, each with an
    # objective, a part-time plan with one step, a status change and a change of plan. A pupil may be
    # placed at two providers at once.
    placements: tuple[tuple[int, str, bool], ...] = ()
    block_purchases: tuple[tuple[str, str], ...] = ()  # (the buying school, the provider sold to)
    placement_rules: tuple[str, ...] = ()  # the LAs that set their own placement rules (one row each)
    # (the placement's index, the school roles its details are shared with): a safeguarding concern the
    # placement's provider raised, each with its details, one entry of the DSL's record, and a share for
    # each role named.
    concerns: tuple[tuple[int, frozenset[str]], ...] = ()
    contacts: tuple[tuple[str, str], ...] = ()  # (school, provider): a visit in the school's contact log
    api_keys: tuple[int, ...] = ()  # the member (an index into `members`) each API key acts through
    moved: tuple[tuple[str, str | None], ...] = ()

    def org(self, key: str) -> Org:
        return next(o for o in self.orgs if o.key == key)

    def as_made(self) -> "World":
        """The same graph before any school moved: the relations the records were made under."""
        before = dict(self.moved)
        orgs = tuple(replace(o, trust=before[o.key]) if o.key in before else o for o in self.orgs)
        return replace(self, orgs=orgs, moved=())


@st.composite
def worlds(draw) -> World:
    las = [Org(f"la{i}", "local_authority") for i in range(draw(st.integers(1, 3)))]
    trusts = [Org(f"trust{i}", "trust") for i in range(draw(st.integers(0, 2)))]
    la_keys = [la.key for la in las]
    trust_keys = [t.key for t in trusts]
    trust_choice = st.sampled_from([None, *trust_keys])
    schools = [
        Org(f"school{i}", "school", la=draw(st.sampled_from(la_keys)), trust=draw(trust_choice))
        for i in range(draw(st.integers(0, 4)))
    ]
    providers = [
        Org(f"provider{i}", "provider", la=draw(st.sampled_from(la_keys)))
        for i in range(draw(st.integers(0, 3)))
    ]
    provider_keys = [p.key for p in providers]
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
    categories = draw(st.lists(st.sampled_from(la_keys), max_size=3))
    entries, entry_categories, status_changes, visits, checks, verifications = [], [], [], [], [], []
    profiles, sites = [], []
    if providers:
        pairs = st.tuples(st.sampled_from(la_keys), st.sampled_from(provider_keys))
        entries = sorted(draw(st.sets(pairs, max_size=4)))
        for la, _provider in entries:  # an entry is approved for some of its own LA's categories
            own = [i for i, adder in enumerate(categories) if adder == la]
            entry_categories.append(frozenset(draw(st.sets(st.sampled_from(own)))) if own else frozenset())
        if entries:
            status_changes = draw(st.lists(st.integers(0, len(entries) - 1), max_size=3))
        visitors = st.sampled_from(la_keys + [school.key for school in schools])
        owners = st.booleans()  # does the visit's action fall to the provider?
        visits = draw(st.lists(st.tuples(st.sampled_from(provider_keys), visitors, owners), max_size=4))
        checks = draw(st.lists(pairs, max_size=4))
        verifications = draw(st.lists(pairs, max_size=3))
        profiles = sorted(draw(st.sets(st.sampled_from(provider_keys))))
        sites = draw(st.lists(st.sampled_from(provider_keys), max_size=3))
    types = draw(st.lists(st.sampled_from(la_keys), max_size=3))  # an evidence type each LA adds
    type_choice = st.sampled_from([None, *range(len(types))])
    validities = sorted(draw(st.sets(st.tuples(st.sampled_from(la_keys), type_choice), max_size=3)), key=str)
    areas = draw(st.lists(st.sampled_from(la_keys), max_size=3))
    pupils = []
    if schools:
        pupil = st.tuples(st.sampled_from([school.key for school in schools]), st.booleans())
        pupils = draw(st.lists(pupil, max_size=4))
    referrals = []
    if pupils:
        asked = (
            st.frozensets(st.sampled_from(provider_keys), max_size=2) if providers else st.just(frozenset())
        )
        referral = st.tuples(st.integers(0, len(pupils) - 1), asked, st.booleans())
        referrals = draw(st.lists(referral, max_size=3))
    panel_settings = sorted(draw(st.sets(st.sampled_from(la_keys), max_size=2)))
    meetings = draw(st.lists(st.sampled_from(la_keys), max_size=3))
    by_key = {o.key: o for o in orgs}
    can_put = sorted(
        (r, m)
        for r, (pupil, _asked, sent) in enumerate(referrals)
        for m, la in enumerate(meetings)
        if sent and by_key[pupils[pupil][0]].la == la
    )
    panel_items = sorted(draw(st.sets(st.sampled_from(can_put), max_size=3))) if can_put else []
    placements, block_purchases = [], []
    if pupils and providers:
        # Each pupil placed at up to two providers (a pupil at two at once is the case that matters: each
        # provider sees its own placement, never the other's), some placements ended.
        for pupil in range(len(pupils)):
            for provider in sorted(draw(st.sets(st.sampled_from(provider_keys), max_size=2))):
                placements.append((pupil, provider, draw(st.booleans())))
        placements = placements[:4]  # few rows: each placement brings five more
    if schools and providers:
        bought = st.tuples(
            st.sampled_from([school.key for school in schools]), st.sampled_from(provider_keys)
        )
        block_purchases = draw(st.lists(bought, max_size=2))
    placement_rules = sorted(draw(st.sets(st.sampled_from(la_keys), max_size=2)))
    concerns = []
    if placements:
        shared_with = st.frozensets(st.sampled_from(SHAREABLE))
        concerns = draw(st.lists(st.tuples(st.integers(0, len(placements) - 1), shared_with), max_size=3))
    contacts = []
    if schools and providers:
        logged = st.tuples(
            st.sampled_from([school.key for school in schools]), st.sampled_from(provider_keys)
        )
        contacts = draw(st.lists(logged, max_size=3))
    api_keys = sorted(draw(st.sets(st.integers(0, len(members) - 1), max_size=2)))
    # After the records exist, a school or two may leave its trust, join one, or move to another.
    moved, now = [], {o.key: o for o in orgs}
    if trusts and schools:
        for school in draw(st.sets(st.sampled_from(schools), max_size=2)):
            new_trust = draw(st.sampled_from([t for t in [None, *trust_keys] if t != school.trust]))
            moved.append((school.key, school.trust))
            now[school.key] = replace(school, trust=new_trust)
    return World(
        orgs=tuple(now[o.key] for o in orgs),
        members=tuple(members),
        invitations=tuple(invitations),
        entries=tuple(entries),
        categories=tuple(categories),
        entry_categories=tuple(entry_categories),
        status_changes=tuple(status_changes),
        visits=tuple(visits),
        checks=tuple(checks),
        types=tuple(types),
        validities=tuple(validities),
        areas=tuple(areas),
        profiles=tuple(profiles),
        sites=tuple(sites),
        verifications=tuple(verifications),
        pupils=tuple(pupils),
        referrals=tuple(referrals),
        panel_settings=tuple(panel_settings),
        meetings=tuple(meetings),
        panel_items=tuple(panel_items),
        placements=tuple(placements),
        block_purchases=tuple(block_purchases),
        placement_rules=tuple(placement_rules),
        concerns=tuple(concerns),
        contacts=tuple(contacts),
        api_keys=tuple(api_keys),
        moved=tuple(sorted(moved, key=str)),
    )


# --- Organisations and their people ----------------------------------------------------------------


def visible_organisations(orgs, acting_for: str) -> set[str]:
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


def visible_memberships(members, acting_for: str) -> set[int]:
    """The memberships (current and removed) of your own organisation, and nobody else's."""
    return {i for i, m in enumerate(members) if m.org == acting_for}


def visible_invitations(invitations, acting_for: str) -> set[int]:
    """The invitations your own organisation sent, and nobody else's."""
    return {i for i, org in enumerate(invitations) if org == acting_for}


def area_las(orgs, me: Org) -> set[str]:
    """The LAs whose lists, checks and visits a school (its own LA) or a trust (each of its schools')
    reads. Nothing for an LA or a provider."""
    if me.kind == "school":
        return {me.la}
    if me.kind == "trust":
        return {o.la for o in orgs if o.kind == "school" and o.trust == me.key}
    return set()


# --- A provider's business information --------------------------------------------------------------


def visible_profiles(orgs, profiles, acting_for: str) -> set[str]:
    """A provider's profile is business information that schools choose from: every LA, school and
    trust reads every provider's; a provider reads only its own."""
    me = next(o for o in orgs if o.key == acting_for)
    return {p for p in profiles if me.kind != "provider" or p == me.key}


def visible_sites(orgs, sites, acting_for: str) -> set[int]:
    """Where a provider teaches: like its profile, every LA, school and trust; a provider its own."""
    me = next(o for o in orgs if o.key == acting_for)
    return {i for i, p in enumerate(sites) if me.kind != "provider" or p == me.key}


# --- An LA's records about providers ----------------------------------------------------------------


def visible_entries(orgs, entries, acting_for: str) -> set[int]:
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


def visible_status_changes(orgs, entries, status_changes, acting_for: str) -> set[int]:
    """Who moved an entry's status, when and why is the LA's own record of running its list: only the
    LA whose list it is reads it. Its schools and the trusts see the status as it is now, the provider
    its entry's terms; none of them the history of reasons."""
    me = next(o for o in orgs if o.key == acting_for)
    return {i for i, entry in enumerate(status_changes) if entries[entry][0] == me.key}


def visible_checks(orgs, checks, acting_for: str) -> set[int]:
    """Evidence checks belong to the LA that made them: it and its schools see them, a trust those of its
    schools' LAs; a provider sees every check of itself. Another LA sees none."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind == "provider":
        return {i for i, (_la, provider) in enumerate(checks) if provider == me.key}
    las = {me.key} if me.kind == "local_authority" else {me.la}
    if me.kind == "trust":
        las = {o.la for o in orgs if o.kind == "school" and o.trust == me.key}
    return {i for i, (la, _provider) in enumerate(checks) if la in las}


def visible_validities(orgs, validities, acting_for: str) -> set[int]:
    """How long an LA counts a type of evidence as valid is its own setting, read by its officers when
    they record a check: only that LA sees it. Everyone else sees the expiry date each check carries."""
    return {i for i, (la, _type) in enumerate(validities) if la == acting_for}


def visible_verifications(orgs, verifications, acting_for: str) -> set[int]:
    """An LA's record of when its officer last verified a provider's profile (and what it said then) is
    that LA's own: not its schools', not another LA's, not the provider's."""
    return {i for i, (la, _provider) in enumerate(verifications) if la == acting_for}


# --- Vocabularies: the standard entries, and those an LA adds ---------------------------------------


def visible_evidence_types(orgs, types, entries, checks, acting_for: str) -> set[int]:
    """The evidence types LAs add (the standard ones everyone sees): an LA sees its own, a school its
    LA's, a trust those of its schools' LAs, and a provider those of every LA that keeps its register,
    has it on its list or has checked it, so that it knows what each requires of it."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind == "provider":
        las = {me.la} | {la for la, provider in list(entries) + list(checks) if provider == me.key}
    elif me.kind == "local_authority":
        las = {me.key}
    else:
        las = area_las(orgs, me)
    return {i for i, la in enumerate(types) if la in las}


def visible_categories(orgs, categories, entries, entry_categories, acting_for: str) -> set[int]:
    """The approval categories (lots) LAs add, beside the standard ones everyone sees: an LA sees its
    own, a school its LA's (it reads its LA's list by them). A provider sees the categories it is
    approved for on any LA's list, as its entry's terms (conditions, categories, price and dates) are
    shown to it. A trust sees the status of its schools' LAs' entries, not their terms: no LA's own
    categories. Another LA never sees them."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind == "provider":
        mine = [chosen for (_la, p), chosen in zip(entries, entry_categories, strict=True) if p == me.key]
        return set().union(*mine)
    la = me.key if me.kind == "local_authority" else me.la if me.kind == "school" else None
    return {i for i, adder in enumerate(categories) if adder == la}


def visible_areas(orgs, areas, acting_for: str) -> set[int]:
    """The QA areas LAs add to the framework, beside the standard ones everyone sees: an LA sees its own,
    a school its LA's (it assures providers against its LA's framework). A trust or a provider reads
    the area of each judgement it may see on the judgement itself, not from the framework list."""
    me = next(o for o in orgs if o.key == acting_for)
    la = me.key if me.kind == "local_authority" else me.la if me.kind == "school" else None
    return {i for i, adder in enumerate(areas) if adder == la}


# --- QA visits -----------------------------------------------------------------------------------------


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


# --- Pupils ------------------------------------------------------------------------------------------

# The school roles that read a pupil's sensitive details (DOMAIN.md "Who sees what").
DETAIL_ROLES_AT_SCHOOL = {"ap_lead", "dsl", "school_leader"}


def visible_pupils(orgs, pupils, acting_for: str) -> set[int]:
    """A pupil's identity and attendance history: the school that owns the record, its trust (its schools
    as they are now), and the LA of the school's area once the pupil has been referred or placed. Nobody
    else: never another school, never another LA; a provider only through a referral sent to it."""
    me = next(o for o in orgs if o.key == acting_for)
    by_key = {o.key: o for o in orgs}
    seen = set()
    for i, (school_key, known_to_la) in enumerate(pupils):
        school = by_key[school_key]
        owns = school.key == me.key
        its_trust = me.kind == "trust" and school.trust == me.key
        its_la_knows = me.kind == "local_authority" and school.la == me.key and known_to_la
        if owns or its_trust or its_la_knows:
            seen.add(i)
    return seen


def visible_ctf_uploads(orgs, pupils, acting_for: str, role: str) -> set[int]:
    """A Common Transfer File uploaded for import (one drawn beside each pupil, at the pupil's school):
    the uploading school's AP leads alone. Not its DSL or leaders, not its trust or LA."""
    me = next(o for o in orgs if o.key == acting_for)
    if me.kind != "school" or role != "ap_lead":
        return set()
    return {i for i, (school_key, _known) in enumerate(pupils) if school_key == me.key}


def visible_pupil_details(orgs, pupils, acting_for: str, role: str) -> set[int]:
    """The sensitive details (SEN detail, social care, health, contacts): the owning school's AP lead,
    DSL and leader, and the area LA's officers for a pupil it knows. Not school staff, not a trust
    leader, not an LA viewer."""
    me = next(o for o in orgs if o.key == acting_for)
    if (me.kind == "school" and role in DETAIL_ROLES_AT_SCHOOL) or (
        me.kind == "local_authority" and role == "la_officer"
    ):
        return visible_pupils(orgs, pupils, acting_for)
    return set()


# --- Referrals ----------------------------------------------------------------------------------------


def _commissioners_see(orgs, school_key: str, sent: bool, me: Org) -> bool:
    """A referral as its school, the school's trust (as it is now) and, once sent, its area's LA see it."""
    school = next(o for o in orgs if o.key == school_key)
    return (
        school.key == me.key
        or (me.kind == "trust" and school.trust == me.key)
        or (me.kind == "local_authority" and school.la == me.key and sent)
    )


def visible_referrals(orgs, pupils, referrals, acting_for: str) -> set[int]:
    """A referral is seen by the pupil's school (drafts too), its trust, and once sent the LA of the
    school's area and each provider it was sent to. A provider not asked sees nothing."""
    me = next(o for o in orgs if o.key == acting_for)
    seen = set()
    for i, (pupil, asked, sent) in enumerate(referrals):
        if _commissioners_see(orgs, pupils[pupil][0], sent, me) or (sent and me.key in asked):
            seen.add(i)
    return seen


def visible_recipients(orgs, pupils, referrals, acting_for: str) -> set[tuple[int, str]]:
    """(referral, provider): who was asked and what each answered is seen with the referral by the
    school, its trust and the LA; a provider sees only its own answer, once the referral is sent, never
    which other providers were asked."""
    me = next(o for o in orgs if o.key == acting_for)
    seen = set()
    for i, (pupil, asked, sent) in enumerate(referrals):
        for provider in asked:
            if _commissioners_see(orgs, pupils[pupil][0], sent, me) or (sent and provider == me.key):
                seen.add((i, provider))
    return seen


def visible_timelines(orgs, pupils, referrals, acting_for: str) -> set[int]:
    """A referral's timeline (who moved it, when, why) is the school's, its trust's and, once sent, the
    LA's record; not the providers'."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, (pupil, _asked, sent) in enumerate(referrals)
        if _commissioners_see(orgs, pupils[pupil][0], sent, me)
    }


def visible_referral_details(orgs, pupils, referrals, acting_for: str, role: str) -> set[int]:
    """The detailed referral's sections (one per referral here, marked shared): sensitive, so the school's
    AP lead, DSL and leader and, once sent, the LA's officers. The chosen provider reads shared sections
    of an accepted referral only; none of these referrals is accepted, so no provider reads any."""
    me = next(o for o in orgs if o.key == acting_for)
    if (me.kind == "school" and role in DETAIL_ROLES_AT_SCHOOL) or (
        me.kind == "local_authority" and role == "la_officer"
    ):
        return visible_timelines(orgs, pupils, referrals, acting_for)
    return set()


# --- Panels -------------------------------------------------------------------------------------------


def visible_panel_records(orgs, las, acting_for: str) -> set[int]:
    """An LA's panel setting and its meetings: the LA's people, and the schools of its area (which put
    their referrals to a meeting). Not a trust, a provider or another LA."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, la in enumerate(las)
        if (me.kind == "local_authority" and la == me.key) or (me.kind == "school" and me.la == la)
    }


def visible_panel_items(orgs, pupils, referrals, panel_items, acting_for: str) -> set[int]:
    """A referral put to a panel, with the decision: the LA, the referring school and that school's trust
    (as it is now). Never a provider, not even one the referral was sent to."""
    me = next(o for o in orgs if o.key == acting_for)
    seen = set()
    for i, (referral, _meeting) in enumerate(panel_items):
        school = next(o for o in orgs if o.key == pupils[referrals[referral][0]][0])
        if me.key in (school.key, school.la) or (me.kind == "trust" and school.trust == me.key):
            seen.add(i)
    return seen


# --- Placements -----------------------------------------------------------------------------------


def _commissions(orgs, school_key: str, me: Org) -> bool:
    """The commissioners of a school's placement: the school, its trust as it is now, and the LA of the
    school's area."""
    school = next(o for o in orgs if o.key == school_key)
    return me.key in (school.key, school.la) or (me.kind == "trust" and school.trust == me.key)


def visible_placements(orgs, pupils, placements, acting_for: str) -> set[int]:
    """A placement, with its objectives, its part-time plan and the plan's steps: the pupil's school
    (every role), that school's trust as it is now, the LA of the school's area (officers and viewers),
    and the provider delivering it, for as long as the placement exists (ended ones included). A provider
    never sees the same pupil's placement at another provider; another LA, school or provider sees
    nothing."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, (pupil, provider, _ended) in enumerate(placements)
        if _commissions(orgs, pupils[pupil][0], me) or provider == me.key
    }


def visible_plan_history(orgs, pupils, placements, acting_for: str) -> set[int]:
    """A placement's history (its status moves and changes of plan, with the school's reasons): the
    commissioners' record (the school, its trust, its area's LA), never a provider's, not even the one
    delivering it."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, (pupil, _provider, _ended) in enumerate(placements)
        if _commissions(orgs, pupils[pupil][0], me)
    }


def visible_block_purchases(orgs, block_purchases, acting_for: str) -> set[int]:
    """Places a school bought in advance: the school, its trust as it is now, its area's LA, and the
    provider it bought them from. Not another provider."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, (school, provider) in enumerate(block_purchases)
        if _commissions(orgs, school, me) or provider == me.key
    }


def visible_placement_rules(orgs, placement_rules, acting_for: str) -> set[int]:
    """The numbers an LA sets for placements in its area: the LA itself, the schools of its area and the
    trusts with a school in it (they commission under them). Not a provider, not another LA."""
    me = next(o for o in orgs if o.key == acting_for)
    las = {me.key} if me.kind == "local_authority" else area_las(orgs, me)
    return {i for i, la in enumerate(placement_rules) if la in las}


# --- Reviews ----------------------------------------------------------------------------------------


def visible_review_rules(orgs, pupils, placements, placement_rules, acting_for: str) -> set[tuple]:
    """How often placements are reviewed, drawn as ("la", LA) for an LA's defaults (the LAs that set
    placement rules set these too), ("school", school) for each placing school's own and ("placement", i)
    for each placement's own. An LA's defaults: the LA, the schools of its area and the trusts with a
    school in it. A school's or a placement's: the school, its trust as it is now and its LA. Never a
    provider, not even the one delivering the placement."""
    me = next(o for o in orgs if o.key == acting_for)
    las = {me.key} if me.kind == "local_authority" else area_las(orgs, me)
    seen: set[tuple] = {("la", la) for la in placement_rules if la in las}
    schools = {pupils[pupil][0] for pupil, _provider, _ended in placements}
    seen |= {("school", school) for school in schools if _commissions(orgs, school, me)}
    seen |= {
        ("placement", i)
        for i, (pupil, _provider, _ended) in enumerate(placements)
        if _commissions(orgs, pupils[pupil][0], me)
    }
    return seen


# --- During a placement -----------------------------------------------------------------------------


def visible_during_placements(orgs, pupils, placements, acting_for: str) -> set[int]:
    """Progress against a placement's objectives and its incidents ("attendance, progress, incidents" in
    DOMAIN.md): the pupil's school (every role), its trust as it is now, the LA of the school's area, and
    the provider delivering the placement, ended ones included. Never another provider, not even one that
    teaches the same pupil elsewhere."""
    me = next(o for o in orgs if o.key == acting_for)
    return {
        i
        for i, (pupil, provider, _ended) in enumerate(placements)
        if _commissions(orgs, pupils[pupil][0], me) or provider == me.key
    }


# --- Safeguarding ---------------------------------------------------------------------------------

# The school roles a DSL may share a concern's details with, restated here rather than imported.
SHAREABLE = ("ap_lead", "school_leader")


def _concern_parties(orgs, pupils, placements, concern) -> tuple[str, str]:
    """(the pupil's school, the provider that raised it: the placement's)."""
    pupil, provider, _ended = placements[concern[0]]
    return pupils[pupil][0], provider


def visible_concerns(orgs, pupils, placements, concerns, acting_for: str, role: str) -> set[int]:
    """That a concern exists, and its state: the school's DSLs, AP leads and leaders, and the provider
    that raised it (any of its roles). Not the school's staff, its trust, its LA, or another provider."""
    seen = set()
    for i, concern in enumerate(concerns):
        school, provider = _concern_parties(orgs, pupils, placements, concern)
        if (school == acting_for and role in ("dsl", "ap_lead", "school_leader")) or provider == acting_for:
            seen.add(i)
    return seen


def visible_concern_details(orgs, pupils, placements, concerns, acting_for: str, role: str) -> set[int]:
    """What the provider reported: the school's DSLs, the provider that raised it, and the school's AP
    leads or leaders only when a DSL shared the details with their role. Nobody else, the leader
    included."""
    seen = set()
    for i, concern in enumerate(concerns):
        school, provider = _concern_parties(orgs, pupils, placements, concern)
        at_school = school == acting_for and (role == "dsl" or role in concern[1])
        if at_school or provider == acting_for:
            seen.add(i)
    return seen


def visible_dsl_records(orgs, pupils, placements, concerns, acting_for: str, role: str) -> set[int]:
    """The DSL's record of what was done: the school's DSLs, and the roles the details were shared with.
    Never the provider."""
    return {
        i
        for i, concern in enumerate(concerns)
        if _concern_parties(orgs, pupils, placements, concern)[0] == acting_for
        and (role == "dsl" or role in concern[1])
    }


def visible_shares(orgs, pupils, placements, concerns, acting_for: str, role: str) -> set[tuple[int, str]]:
    """(concern, role shared with): a DSL's decision to share is seen by the school's DSLs and by the role
    it names."""
    return {
        (i, shared)
        for i, concern in enumerate(concerns)
        for shared in concern[1]
        if _concern_parties(orgs, pupils, placements, concern)[0] == acting_for and role in ("dsl", shared)
    }


# --- API keys -----------------------------------------------------------------------------------------


def visible_api_keys(members, api_keys, acting_for: str) -> set[int]:
    """An organisation's API keys: the organisation's own members, and nobody else."""
    return {i for i, member in enumerate(api_keys) if members[member].org == acting_for}


# --- The school's contact log ------------------------------------------------------------------------


def visible_contacts(orgs, contacts, acting_for: str) -> set[int]:
    """A visit or contact a school logged: the school (every role), its trust as it is now, and the LA of
    its area. Never a provider, not even the one visited; never another school or LA."""
    me = next(o for o in orgs if o.key == acting_for)
    return {i for i, (school, _provider) in enumerate(contacts) if _commissions(orgs, school, me)}


# --- Every tenant model, by label: the records of a world that the acting organisation sees --------

# (world, the acting organisation's key, its role): most rules read the organisation alone.
Oracle = Callable[..., set[Hashable]]


def _updates(w: World, me: str, *_) -> set[Hashable]:
    notes, replies = visible_updates(w.orgs, w.visits, me)
    return {("note", i) for i in notes} | {("reply", i) for i in replies}


def _with_standard(found: set[int]) -> set[Hashable]:
    return {STANDARD, *found}


ORACLES: dict[str, Oracle] = {
    "tenancy.Organisation": lambda w, me, *_: visible_organisations(w.orgs, me),
    "tenancy.Membership": lambda w, me, *_: visible_memberships(w.members, me),
    "accounts.Invitation": lambda w, me, *_: visible_invitations(w.invitations, me),
    "providers.ProviderProfile": lambda w, me, *_: visible_profiles(w.orgs, w.profiles, me),
    "providers.Site": lambda w, me, *_: visible_sites(w.orgs, w.sites, me),
    "providers.ApprovedListEntry": lambda w, me, *_: visible_entries(w.orgs, w.entries, me),
    "providers.StatusChange": lambda w, me, *_: visible_status_changes(
        w.orgs, w.entries, w.status_changes, me
    ),
    "providers.Evidence": lambda w, me, *_: visible_checks(w.orgs, w.checks, me),
    "providers.EvidenceValidity": lambda w, me, *_: visible_validities(w.orgs, w.validities, me),
    "providers.ProfileVerification": lambda w, me, *_: visible_verifications(w.orgs, w.verifications, me),
    "providers.EvidenceType": lambda w, me, *_: _with_standard(
        visible_evidence_types(w.orgs, w.types, w.entries, w.checks, me)
    ),
    "providers.ApprovalCategory": lambda w, me, *_: _with_standard(
        visible_categories(w.orgs, w.categories, w.entries, w.entry_categories, me)
    ),
    "providers.QAArea": lambda w, me, *_: _with_standard(visible_areas(w.orgs, w.areas, me)),
    "providers.QAVisit": lambda w, me, *_: visible_visits(w.orgs, w.visits, me, in_full=False),
    "providers.AreaJudgement": lambda w, me, *_: visible_visits(w.orgs, w.visits, me, in_full=True),
    "providers.QAAction": lambda w, me, *_: visible_actions(w.orgs, w.visits, me),
    "providers.ActionUpdate": _updates,
    "pupils.Pupil": lambda w, me, *_: visible_pupils(w.orgs, w.pupils, me),
    "pupils.AttendanceYear": lambda w, me, *_: visible_pupils(w.orgs, w.pupils, me),
    "pupils.Contact": lambda w, me, role: visible_pupil_details(w.orgs, w.pupils, me, role),
    "pupils.CTFUpload": lambda w, me, role: visible_ctf_uploads(w.orgs, w.pupils, me, role),
    "referrals.Referral": lambda w, me, *_: visible_referrals(w.orgs, w.pupils, w.referrals, me),
    "referrals.Recipient": lambda w, me, *_: visible_recipients(w.orgs, w.pupils, w.referrals, me),
    "referrals.ReferralStatusChange": lambda w, me, *_: visible_timelines(w.orgs, w.pupils, w.referrals, me),
    # A visit or taster goes with the provider's answer it belongs to (one per answer here).
    "referrals.Visit": lambda w, me, *_: visible_recipients(w.orgs, w.pupils, w.referrals, me),
    "referrals.ReferralDetail": lambda w, me, role: visible_referral_details(
        w.orgs, w.pupils, w.referrals, me, role
    ),
    "panels.PanelSetting": lambda w, me, *_: visible_panel_records(w.orgs, w.panel_settings, me),
    "panels.PanelMeeting": lambda w, me, *_: visible_panel_records(w.orgs, w.meetings, me),
    "panels.PanelItem": lambda w, me, *_: visible_panel_items(
        w.orgs, w.pupils, w.referrals, w.panel_items, me
    ),
    "placements.Placement": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    # One objective, one part-time plan and one step of it per placement: they go with the placement.
    "placements.Objective": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "placements.PartTimePlan": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "placements.PartTimeStep": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    # One status change and one change of plan per placement: its history.
    "placements.PlacementStatusChange": lambda w, me, *_: visible_plan_history(
        w.orgs, w.pupils, w.placements, me
    ),
    "placements.PlanChange": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    "placements.BlockPurchase": lambda w, me, *_: visible_block_purchases(w.orgs, w.block_purchases, me),
    "placements.PlacementRules": lambda w, me, *_: visible_placement_rules(w.orgs, w.placement_rules, me),
    # One review per placement goes with the placement (its provider attends); its one move with the
    # placement's history (the school's reasons).
    "reviews.Review": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "reviews.ReviewMove": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    # Each review's judgement of the objective goes with the review (the provider records the progress);
    # its views (the pupil's, the parent's, the baseline, the note on the decision) are the commissioners'.
    "reviews.ReviewObjective": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "reviews.ReviewViews": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    # Each review's links for views and the answers through them: the commissioners' (the provider reads
    # neither, as it reads no review's views).
    "reviews.VoiceLink": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    "reviews.VoiceResponse": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    # One parent's request for a review per placement: the commissioners' record, as the moves are.
    "reviews.ReviewRequest": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    "reviews.ReviewRules": lambda w, me, *_: visible_review_rules(
        w.orgs, w.pupils, w.placements, w.placement_rules, me
    ),
    # One progress value and one incident per placement, recorded by its provider.
    "progress.ProgressEntry": lambda w, me, *_: visible_during_placements(w.orgs, w.pupils, w.placements, me),
    "progress.Incident": lambda w, me, *_: visible_during_placements(w.orgs, w.pupils, w.placements, me),
    # One attendance mark per placement. DOMAIN.md's attendance row: the placement's school, its trust,
    # its LA and the provider delivering it (an ended placement's too), never another provider's.
    "attendance.Mark": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    # Each mark's placement tallied for its year: read as the marks it counts are.
    "attendance.Tally": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "safeguarding.Concern": lambda w, me, role: visible_concerns(
        w.orgs, w.pupils, w.placements, w.concerns, me, role
    ),
    "safeguarding.ConcernDetail": lambda w, me, role: visible_concern_details(
        w.orgs, w.pupils, w.placements, w.concerns, me, role
    ),
    "safeguarding.ConcernAction": lambda w, me, role: visible_dsl_records(
        w.orgs, w.pupils, w.placements, w.concerns, me, role
    ),
    "safeguarding.DetailShare": lambda w, me, role: visible_shares(
        w.orgs, w.pupils, w.placements, w.concerns, me, role
    ),
    "contacts.Contact": lambda w, me, *_: visible_contacts(w.orgs, w.contacts, me),
    # One outcome per placement goes with the placement (its provider learns how it ended); one check-in
    # per placement with the placement's history: where the pupil went next is the commissioners' record.
    "outcomes.Outcome": lambda w, me, *_: visible_placements(w.orgs, w.pupils, w.placements, me),
    "outcomes.CheckIn": lambda w, me, *_: visible_plan_history(w.orgs, w.pupils, w.placements, me),
    "api.ApiKey": lambda w, me, *_: visible_api_keys(w.members, w.api_keys, me),
    "reports.Report": lambda w, me, *_: visible_reports(w.orgs, me),
}


def visible_reports(orgs, acting_for: str) -> set[tuple[str, str | None]]:
    """Printed reports (drawn for every school's own pack, every trust's pack of every school, and each LA's
    and trust's report about no one school): the printing organisation's own, and a trust's pack of a
    school only while the school is in the trust now."""
    me = next(o for o in orgs if o.key == acting_for)
    seen: set[tuple[str, str | None]] = set()
    if me.kind == "school":
        seen.add((me.key, me.key))
    if me.kind in ("local_authority", "trust"):
        seen.add((me.key, None))
    if me.kind == "trust":
        seen |= {(me.key, o.key) for o in orgs if o.kind == "school" and o.trust == me.key}
    return seen


# --- A person's own records ---------------------------------------------------------------------------


def own_records(w: World, member: Member) -> set[int]:
    """Alerts and email choices: each drawn for one member (keyed by its index), seen by that membership
    alone, not by anyone else in its organisation."""
    return {i for i, drawn in enumerate(w.members) if drawn is member}


# Records of one membership rather than of an organisation: their oracle is asked with the acting member.
PERSONAL: dict[str, Callable[[World, Member], set[int]]] = {
    "alerts.Alert": own_records,
    "alerts.Preference": own_records,
}


def _asked_with_the_member(w, me, *_):
    raise NotImplementedError("a personal record's oracle is in PERSONAL: it needs the acting member")


ORACLES.update(dict.fromkeys(PERSONAL, _asked_with_the_member))
