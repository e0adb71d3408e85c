"""The directory commissioners choose providers from, each provider's page, and the providers an LA's
schools use that its list does not approve."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.models import Organisation
from providers import rules
from providers.forms.directory import DirectoryFilterForm
from providers.forms.profile import REGISTRATION_THRESHOLD
from providers.selectors.directory import directory_page, provider_page, unapproved_use


@require_GET
@rule_required(rules.can_browse_directory)
def provider_list(request):
    membership = request.membership
    has_list = rules.viewer_local_authority_id(membership) is not None
    form = DirectoryFilterForm(request.GET, has_approved_list=has_list)
    page = directory_page(form.filters(), request.GET.get("page"), membership=membership)
    return render(
        request,
        "providers/directory/provider_list.html",
        {
            "form": form,
            "checkbox_filters": form.checkbox_groups(),
            "selected": form.selected(request.GET),
            "page": page,
            "has_approved_list": has_list,
            "has_list_statuses": rules.sees_each_las_status(membership),
            "can_add": rules.can_add_provider(membership),
            "can_view_unapproved": rules.can_view_unapproved_use(membership),
        },
    )


@require_GET
@membership_required
def provider_detail(request, pk):
    membership = request.membership
    try:
        page = provider_page(
            pk,
            membership=membership,
            with_history=lambda entry: rules.can_see_approval_history(membership, entry),
            with_verification=rules.can_verify_profile(membership),
        )
    except Organisation.DoesNotExist:
        raise Http404 from None
    provider, entry = page.provider, page.entry
    can_edit = rules.can_edit_provider_profile(membership, provider, page.profile)
    return render(
        request,
        "providers/directory/provider_detail.html",
        {
            "page": page,
            "provider": provider,
            "profile": page.profile,
            "evidence": page.evidence,
            "entry": entry,
            "status_changes": page.status_changes,
            "latest_visit": page.latest_visit,
            "verification": page.verification,
            "has_approved_list": rules.viewer_local_authority_id(membership) is not None,
            "show_terms": entry is not None and rules.can_see_approval_terms(membership, entry),
            "show_history": entry is not None and rules.can_see_approval_history(membership, entry),
            "registration_threshold": REGISTRATION_THRESHOLD,
            "full_time_hours": settings.REGISTRATION_FULL_TIME_HOURS,
            "can_edit": can_edit,
            "can_verify": rules.can_verify_profile(membership),
            "can_record_evidence": rules.can_record_evidence(membership),
            "can_add_to_list": entry is None and rules.can_manage_approved_list(membership),
            "can_change_entry": entry is not None and rules.can_manage_approved_list(membership, entry),
            "can_record_visit": rules.can_record_visit(membership),
            "is_own": rules.acts_for(membership, provider.pk),
            "is_school": rules.is_school(membership),
            "today": timezone.localdate(),
        },
    )


@require_GET
@rule_required(rules.can_view_unapproved_use)
def unapproved_providers(request):
    return render(
        request,
        "providers/directory/unapproved_providers.html",
        {
            "rows": unapproved_use(membership=request.membership),
            "can_add_to_list": rules.can_manage_approved_list(request.membership),
        },
    )
