"""Who sees which provider records: one rule per relation, each a function of `(membership, path)`.

`path` is the prefix from the queried model to the row holding the keys a rule compares (see
`apcommission.tenancy.visibility`). Each model's `visible_to` is one line calling its rule here. What a
membership may then *do* with what it sees is `providers.rules`; what it sees at all is here.

The relations:
- business information (profile, sites): every commissioner; a provider its own.
- an LA's records about providers (list entries, evidence checks, verifications): the LA; its schools;
  a trust those of its schools' LAs; the provider those about itself. Never another LA.
- a vocabulary (categories, QA areas, evidence types): the standard entries, and an LA's own entries
  to that LA and its schools (evidence types: to everyone shown that LA's evidence picture).
- a QA visit: the organisation that made it, the LA of its area, a visiting school's trust, and the
  provider visited (its own share: the actions it must do and its replies). A school or trust also reads
  its area LAs' visits in summary, with the actions they left the provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q

from apcommission.tenancy.roles import COMMISSIONERS
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import (
    NOTHING,
    area_local_authority_id,
    keys,
    trust_local_authorities,
    trust_schools,
)

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


# --- Business information ------------------------------------------------------------------------------


def business_information(membership: Membership, path: str = "") -> Q:
    """Key: `provider_id`."""
    if membership.organisation.kind in COMMISSIONERS:
        return Q()
    return keys(path, provider_id=membership.organisation_id)


# --- An LA's records about providers -------------------------------------------------------------------


def _la_record(membership: Membership, *, la_key: str, provider_key: str) -> Q:
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return Q(**{provider_key: organisation.pk})
    if organisation.kind == Kind.TRUST:
        return Q(**{f"{la_key}__in": trust_local_authorities(organisation.pk)})
    return Q(**{la_key: area_local_authority_id(membership)})


def list_entries(membership: Membership, path: str = "") -> Q:
    """Approved-list entries. Keys: `local_authority_id`, `provider_id`."""
    return _la_record(membership, la_key=f"{path}local_authority_id", provider_key=f"{path}provider_id")


def status_changes(membership: Membership, path: str = "") -> Q:
    """Who changed an entry's status and why is its LA's own record. Key: `entry__local_authority_id`."""
    return keys(path, entry__local_authority_id=membership.organisation_id)


def evidence_checks(membership: Membership, path: str = "") -> Q:
    """A check belongs to the LA whose officer made it, so no LA's check changes another LA's view of a
    provider. Keys: `checked_for_id`, `provider_id`."""
    return _la_record(membership, la_key=f"{path}checked_for_id", provider_key=f"{path}provider_id")


def own_local_authority(membership: Membership, path: str = "") -> Q:
    """An LA's own settings and checks (validity periods, profile verifications). Key:
    `local_authority_id`."""
    return keys(path, local_authority_id=membership.organisation_id)


# --- Vocabularies --------------------------------------------------------------------------------------


def vocabulary(membership: Membership, path: str = "") -> Q:
    """Approval categories and QA areas: the standard entries (no LA), and an LA's own to the LA and its
    schools. Key: `local_authority_id`."""
    rule = keys(path, local_authority_id=None)
    la_id = area_local_authority_id(membership)
    if la_id is not None:
        rule |= keys(path, local_authority_id=la_id)
    return rule


def approval_categories(membership: Membership, path: str = "") -> Q:
    """Approval categories: the vocabulary rule, and for a provider the LA categories it is approved
    for on any LA's list, as its entries' terms are shown to it (never the rest of an LA's lots). Key:
    `pk` (through the provider's entries' categories)."""
    rule = vocabulary(membership, path)
    if membership.organisation.kind == Kind.PROVIDER:
        entries = apps.get_model("providers", "ApprovedListEntry")._base_manager.filter(
            provider_id=membership.organisation_id
        )
        rule |= keys(path, pk__in=entries.values("categories"))
    return rule


def evidence_picture_authorities(membership: Membership, la_key: str) -> Q:
    """The LAs whose evidence picture of a provider `membership` is shown (what each requires, and the
    state of its own checks): an LA its own, a school its LA's, a trust each LA of its schools, and a
    provider each LA that checks it, has it on its approved list or keeps the register it is on."""
    organisation = membership.organisation
    if organisation.kind == Kind.TRUST:
        return Q(**{f"{la_key}__in": trust_local_authorities(organisation.pk)})
    if organisation.kind == Kind.PROVIDER:
        about_me = {"provider_id": organisation.pk}
        entries = apps.get_model("providers", "ApprovedListEntry")._base_manager.filter(**about_me)
        checks = apps.get_model("providers", "Evidence")._base_manager.filter(**about_me)
        rule = Q(**{f"{la_key}__in": checks.values("checked_for_id")})
        rule |= Q(**{f"{la_key}__in": entries.values("local_authority_id")})
        if organisation.local_authority_id is not None:
            rule |= Q(**{la_key: organisation.local_authority_id})
        return rule
    return Q(**{la_key: area_local_authority_id(membership)})


def evidence_types(membership: Membership, path: str = "") -> Q:
    """The standard types, and those each LA whose picture the membership is shown added: a provider sees
    what every LA that checks or lists it requires, a trust what its schools' LAs do. Key:
    `local_authority_id`."""
    return keys(path, local_authority_id=None) | evidence_picture_authorities(
        membership, f"{path}local_authority_id"
    )


# --- QA visits -----------------------------------------------------------------------------------------


def visits_in_full(membership: Membership, path: str = "") -> Q:
    """Who may read a visit in full: the organisation that made it, the LA of its area, a visiting
    school's trust, and the provider visited (its own share of it: the parts below keep the visitor's
    internal actions and follow-up notes from it). Never another school, never another LA. Keys:
    `visiting_organisation_id`, `local_authority_id` (the LA whose area the visitor is in), `provider_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=organisation.pk)
    rule = keys(path, visiting_organisation_id=organisation.pk)
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        rule |= keys(path, local_authority_id=organisation.pk)
    elif organisation.kind == Kind.TRUST:
        rule |= keys(path, visiting_organisation_id__in=trust_schools(organisation.pk))
    return rule


def area_las_visits(membership: Membership, path: str = "") -> Q:
    """The visits made by the LA a school is in, or by each LA a trust's schools are in, which the school
    or trust reads in summary (never their findings or the LA's own actions). Nothing for anyone else.
    Key: `visiting_organisation_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return keys(path, visiting_organisation_id=organisation.local_authority_id)
    if organisation.kind == Kind.TRUST:
        return keys(path, visiting_organisation_id__in=trust_local_authorities(organisation.pk))
    return NOTHING


def visits(membership: Membership, path: str = "") -> Q:
    """The visits read in full, and for a school or a trust its area LAs' visits, read in summary
    (`providers.rules.can_view_visit_detail` keeps the rest for those who may read them in full)."""
    return visits_in_full(membership, path) | area_las_visits(membership, path)


def visit_parts(membership: Membership, path: str = "") -> Q:
    """A visit's judgements: with the visit read in full."""
    return visits_in_full(membership, f"{path}visit__")


def actions(membership: Membership, path: str = "") -> Q:
    """The actions a visit leaves the provider to do: the provider sees these (and only these) of the
    visits about it, and the schools of the visiting LA's area (and their trusts) see them too, as they
    place pupils there. The visitor's own to-dos stay with those who read the visit in full. Keys:
    `visit__...`, `owned_by_provider`."""
    visit = f"{path}visit__"
    if membership.organisation.kind == Kind.PROVIDER:
        return visits_in_full(membership, visit) & keys(path, owned_by_provider=True)
    return visits_in_full(membership, visit) | (
        area_las_visits(membership, visit) & keys(path, owned_by_provider=True)
    )


def action_updates(membership: Membership, path: str = "") -> Q:
    """The visitor's follow-up notes are its own record (and its LA's and trust's): the provider sees only
    its own replies, on the actions it must do. Keys: `action__...`, `by_provider`."""
    action = f"{path}action__"
    if membership.organisation.kind == Kind.PROVIDER:
        return actions(membership, action) & keys(path, by_provider=True)
    return visits_in_full(membership, f"{action}visit__")
