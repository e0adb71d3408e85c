"""Who may do what with providers: the directory, profiles, evidence, the approved list and QA visits.

Each rule takes the acting membership (and the record, where it matters) and answers yes or no; views,
services and templates ask these and never re-implement them. They only ever meet records the
membership can already see (`providers.visibility`): a "no" is a 403, an invisible record a 404.
"""

from apcommission.tenancy.roles import COMMISSIONERS, OrganisationKind, Role
from apcommission.tenancy.rules import acts_for, is_provider, is_school, is_trust  # noqa: F401  (asked here too)
from apcommission.tenancy.rules import has_role as _is
from apcommission.tenancy.rules import is_kind as _kind
from apcommission.tenancy.visibility import area_local_authority_id

Kind = OrganisationKind


def viewer_local_authority_id(membership) -> int | None:
    """The LA whose approved list and QA framework apply to this membership: its own, or its school's."""
    return area_local_authority_id(membership)


def can_browse_directory(membership) -> bool:
    """Schools, trusts and LAs choose from every provider's business information."""
    return _kind(membership, *COMMISSIONERS)


def can_add_provider(membership) -> bool:
    """LA officers add providers to their register; a school's AP lead may add one the LA has not listed."""
    return _is(membership, Role.LA_OFFICER, Role.AP_LEAD)


def can_edit_provider_profile(membership, provider, profile=None) -> bool:
    """The provider's manager keeps its profile; the LA whose register it is on may correct it, and so may
    the school that added it."""
    if membership is None or provider.kind != Kind.PROVIDER:
        return False
    if membership.role == Role.PROVIDER_MANAGER:
        return provider.pk == membership.organisation_id
    if membership.role == Role.LA_OFFICER:
        return provider.local_authority_id == membership.organisation_id
    if membership.role == Role.AP_LEAD:
        return profile is not None and profile.added_by_id == membership.organisation_id
    return False


def can_verify_profile(membership) -> bool:
    return _is(membership, Role.LA_OFFICER)


def can_see_evidence_documents(membership, provider) -> bool:
    """Evidence documents (and the notes on them): the provider itself and LA officers, who only ever
    meet their own LA's checks (the scoping path). LA viewers, schools and trusts see states and dates."""
    return _is(membership, Role.LA_OFFICER) or (
        membership is not None and provider.pk == membership.organisation_id
    )


def can_record_evidence(membership) -> bool:
    return _is(membership, Role.LA_OFFICER)


def can_manage_la_settings(membership) -> bool:
    """Evidence types and validity, approval categories and QA areas an LA adds for itself."""
    return _is(membership, Role.LA_OFFICER)


def can_retire_la_setting(membership, item) -> bool:
    """An LA's officers retire an evidence type, approval category or QA area their LA added (never a
    standard one or another LA's), once: it is kept for the records that name it."""
    return (
        can_manage_la_settings(membership)
        and item.local_authority_id == membership.organisation_id
        and item.retired_at is None
    )


def can_view_approved_list(membership) -> bool:
    return _kind(membership, Kind.LOCAL_AUTHORITY)


def sees_each_las_status(membership) -> bool:
    """A trust (whose schools may be in several LAs) sees a provider's status on each of its schools' LAs'
    lists, and a provider its own on every LA's list it is on. An LA or a school has one list, its LA's."""
    return _kind(membership, Kind.TRUST, Kind.PROVIDER)


def sees_each_las_evidence(membership) -> bool:
    """A trust sees a provider's evidence as each LA of its schools requires and checks it, and a provider
    as each LA that checks it, lists it or keeps its register does (each LA's checks count in its own
    picture only). An LA or a school sees one picture, its LA's."""
    return _kind(membership, Kind.TRUST, Kind.PROVIDER)


def can_manage_approved_list(membership, entry=None) -> bool:
    """Only the LA's officers change its list, and only its own entries."""
    return _is(membership, Role.LA_OFFICER) and (
        entry is None or entry.local_authority_id == membership.organisation_id
    )


def can_approve(membership, entry) -> bool:
    """An officer of the entry's LA may approve it (with or without conditions) when its status can move
    there: the moment to warn about evidence that is not in order."""
    return can_manage_approved_list(membership, entry) and entry.may_become_approved


def can_see_approval_terms(membership, entry) -> bool:
    """Conditions, categories, price and history: the LA that made the entry and the provider it is about.
    Schools see the status only."""
    return membership is not None and membership.organisation_id in (
        entry.local_authority_id,
        entry.provider_id,
    )


def can_see_placing_conditions(membership, entry) -> bool:
    """The conditions that matter to placing (a cap on pupils, say): everyone who sees the terms, the
    schools of the entry's LA and a trust (which only ever meets its schools' LAs' entries)."""
    if membership is None:
        return False
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return organisation.local_authority_id == entry.local_authority_id
    return organisation.kind == Kind.TRUST or can_see_approval_terms(membership, entry)


def can_see_approval_history(membership, entry) -> bool:
    return membership is not None and membership.organisation_id == entry.local_authority_id


def can_record_visit(membership) -> bool:
    """LA officers, and school AP leads for their own assurance."""
    return _is(membership, Role.LA_OFFICER, Role.AP_LEAD)


def can_view_visit_detail(membership, visit) -> bool:
    """The organisation that made the visit, the LA of a visiting school's area, a visiting school's trust,
    and the provider visited (which meets only its own share of it: the scoping path keeps the visitor's
    own actions and follow-up notes from it). A school reads only the summary of its LA's visits."""
    if membership is None:
        return False
    visitor = visit.visiting_organisation
    return membership.organisation_id in (
        visitor.pk,
        visitor.local_authority_id,
        visitor.trust_id,
        visit.provider_id,
    )


def _works_on_visits_of(membership, visit) -> bool:
    return _is(membership, Role.LA_OFFICER, Role.AP_LEAD) and (
        visit.visiting_organisation_id == membership.organisation_id
    )


def _action_is_open(action) -> bool:
    """Not closed, on a visit that counts: a closed action takes no more notes or replies."""
    return action.closed_at is None and not action.visit.is_entered_in_error


def can_follow_up_action(membership, action) -> bool:
    """The visiting organisation's officers or AP leads follow up (and close) the actions of its visits,
    while the action is open and the visit counts."""
    return _works_on_visits_of(membership, action.visit) and _action_is_open(action)


def can_add_action(membership, visit) -> bool:
    """The visiting organisation's officers or AP leads add actions to its visits later, while it counts."""
    return _works_on_visits_of(membership, visit) and not visit.is_entered_in_error


def can_reply_to_action(membership, action) -> bool:
    """The provider's people reply to an open action it must do (a reply never closes it: the visitor
    does)."""
    return (
        _kind(membership, Kind.PROVIDER)
        and action.visit.provider_id == membership.organisation_id
        and action.owned_by_provider
        and _action_is_open(action)
    )


def can_correct_evidence(membership, evidence) -> bool:
    """An officer of the LA a check belongs to marks it entered in error, once."""
    return (
        _is(membership, Role.LA_OFFICER)
        and evidence.checked_for_id == membership.organisation_id
        and not evidence.is_entered_in_error
    )


def can_correct_visit(membership, visit) -> bool:
    """An LA's visit: its officers. A school's own visit: its AP leads and leaders (not its LA). Once."""
    if membership is None or visit.visiting_organisation_id != membership.organisation_id:
        return False
    if visit.is_entered_in_error:
        return False
    if membership.organisation.kind == Kind.SCHOOL:
        return membership.role in (Role.AP_LEAD, Role.SCHOOL_LEADER)
    return membership.role == Role.LA_OFFICER


def reads_area_las_visits(membership) -> bool:
    """A school reads its LA's visits in summary (never their findings or the LA's own actions), and the
    actions they left the provider, beside its own; a trust reads those of each LA its schools are in,
    beside its schools' visits. The scoping path (`QAVisit.visible_to`) lets them meet those visits."""
    return _kind(membership, Kind.SCHOOL, Kind.TRUST)


def can_view_unapproved_use(membership) -> bool:
    """An LA sees the providers its schools use that are not on its list."""
    return _kind(membership, Kind.LOCAL_AUTHORITY)


# What templates ask (`{% load rules %}`). About the membership alone:
FOR_TEMPLATES = {
    "may_manage_la_settings": can_manage_la_settings,  # evidence types, categories and QA areas
    "may_add_provider": can_add_provider,
}

# About the membership and a record, false when there is no record. A rule may read the record's
# relations (`may_view_visit` reads `visit.visiting_organisation`, `may_reply` reads `action.visit`):
# select them with the record to keep the page's queries fixed.
ON_A_RECORD = {
    "may_edit_profile": can_edit_provider_profile,  # on a provider
    "may_retire": can_retire_la_setting,  # an evidence type, a category or a QA area
    "may_view_visit": can_view_visit_detail,
    "may_follow_up": can_follow_up_action,
    "may_reply": can_reply_to_action,
    "may_add_action": can_add_action,  # on a visit
    "may_correct_visit": can_correct_visit,
    "may_correct_evidence": can_correct_evidence,
    "may_see_placing_conditions": can_see_placing_conditions,  # on an approved-list entry
    "may_see_terms": can_see_approval_terms,  # an entry's conditions, categories, price and dates
}
