"""Changes to the providers on an LA's register."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apcommission.tenancy import rules
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind


def register_provider(*, form, by) -> Organisation:
    """Add a provider organisation to `by`'s LA register. `form` is a valid ProviderOrganisationForm."""
    if not rules.can_manage_provider_organisations(by):
        raise PermissionDenied("Only LA officers add providers to the register")
    with transaction.atomic():
        provider = form.save(commit=False)
        provider.kind = OrganisationKind.PROVIDER
        provider.local_authority = by.organisation
        provider.full_clean()
        provider.save()
    return provider


def update_provider(*, form, by) -> Organisation:
    if not rules.can_edit_provider_organisation(by, form.instance):
        raise PermissionDenied("Only the LA that registered this provider edits it")
    with transaction.atomic():
        return form.save()
