"""Changes to providers: adding one to the directory, its identity, profile and sites, and an LA's record
that it checked the profile. Each function re-checks the rule and runs in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apcommission.changes import assign_changes
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.standing import organisations_changed
from providers import rules, selectors
from providers.models import ProfileVerification, ProviderProfile, Site
from providers.selectors.verification import profile_snapshot

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

IDENTITY_FIELDS = ("name", "urn", "ukprn", "setting_type")


def _identity(values: dict) -> dict:
    identity = {name: values.get(name) for name in IDENTITY_FIELDS}
    # A blank URN or UKPRN is unknown, and must not clash with another blank as a unique "".
    identity["urn"] = identity["urn"] or None
    identity["ukprn"] = identity["ukprn"] or None
    identity["setting_type"] = identity["setting_type"] or ""
    return identity


def add_provider(*, by: Membership, identity: dict, profile: dict) -> Organisation:
    """Add a provider and its profile together. An LA officer adds it to the LA's register; a school's AP
    lead adds one for the school's LA area, recorded as added by the school (and so shown as not approved
    until the LA puts it on its list). Raises ValidationError for a bad or duplicate identifier, or none."""
    if not rules.can_add_provider(by):
        raise PermissionDenied("Only LA officers and school AP leads add providers")
    organisation = by.organisation
    la_id = rules.viewer_local_authority_id(by)
    with transaction.atomic():
        provider = Organisation(kind=Kind.PROVIDER, local_authority_id=la_id, **_identity(identity))
        provider.full_clean()
        provider.save()
        new_profile = ProviderProfile(provider=provider, added_by=organisation, updated_by=by.user, **profile)
        new_profile.full_clean()
        new_profile.save(force_insert=True)
    return provider


def update_profile(
    *, provider: Organisation, by: Membership, identity: dict, profile: dict
) -> ProviderProfile:
    """Save a provider's identity and profile (creating the profile if it has none yet), recording who
    changed it. The provider's kind, LA and who added it never change here. What is unchanged is not
    written: saving the form as it stands changes nothing, not even who last updated it."""
    existing = selectors.profile_of(provider)
    if not rules.can_edit_provider_profile(by, provider, existing):
        raise PermissionDenied("You cannot edit this provider's profile")
    with transaction.atomic():
        if assign_changes(provider, _identity(identity)):
            provider.full_clean()
            provider.save()
            organisations_changed()  # its staff's header names it
        # Compared with the row as stored: a ModelForm has already copied its values onto `existing`.
        stored = ProviderProfile.objects.visible_to(by).select_for_update().filter(pk=provider.pk).first()
        saved = stored or ProviderProfile(provider=provider)
        if assign_changes(saved, profile) or stored is None:
            saved.updated_by = by.user
            saved.full_clean()
            saved.save()
    return saved


def _may_change_sites(by, provider) -> None:
    if not rules.can_edit_provider_profile(by, provider, selectors.profile_of(provider)):
        raise PermissionDenied("You cannot change this provider's sites")


def add_site(*, provider: Organisation, by: Membership, values: dict) -> Site:
    """Add a site to a provider."""
    _may_change_sites(by, provider)
    with transaction.atomic():
        site = Site(provider=provider, **values)
        site.full_clean()
        site.save()
    return site


def update_site(*, site: Site, by: Membership, values: dict) -> Site:
    """Change a site's details; a site closes by getting a closing date, and is never deleted. Values
    that are unchanged are not written."""
    _may_change_sites(by, site.provider)
    with transaction.atomic():
        # Compared with the row as stored: a ModelForm has already copied its values onto `site`.
        stored = Site.objects.visible_to(by).select_for_update().get(pk=site.pk)
        if assign_changes(stored, values):
            stored.full_clean()
            stored.save()
    return stored


def verify_profile(*, provider: Organisation, by: Membership) -> ProfileVerification:
    """Record that `by`'s LA checked the provider's profile as it stands now: the snapshot (identity,
    profile and sites as strings) is what the next visit compares against."""
    if not rules.can_verify_profile(by):
        raise PermissionDenied("Only LA officers verify provider profiles")
    with transaction.atomic():
        current = selectors.provider_with_profile(provider.pk, membership=by)
        return ProfileVerification.objects.create(
            provider=current,
            local_authority=by.organisation,
            verified_by=by.user,
            snapshot=profile_snapshot(current),
        )
