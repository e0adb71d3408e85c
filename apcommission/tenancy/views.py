"""Home, organisation switching, members and the schools an LA or trust oversees. Thin: rules and
services do the work; every tenant lookup goes through the scoped managers (404 for anything unseen)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apcommission.forms.search import SearchForm
from apcommission.tenancy import binding, contributions, rules, selectors, services
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    if request.membership is None:
        template = (
            "tenancy/operator_home.html" if request.user.is_operator else "tenancy/no_organisation.html"
        )
        return render(request, template, status=200 if request.user.is_operator else 403)
    return render(
        request,
        "tenancy/home.html",
        {
            "organisation": request.membership.organisation,
            "home_panels": contributions.home_panels(request.membership),
        },
    )


@require_POST
@membership_required
@binding.unbound  # switching is right from any tab, whichever organisation it was drawn for
def switch_organisation(request):
    chosen = next((m for m in request.memberships if str(m.pk) == request.POST.get("membership")), None)
    if chosen is None:
        raise Http404
    services.use_membership(membership=chosen)
    request.session[SESSION_KEY] = chosen.pk
    messages.success(request, f"You are now acting for {chosen.organisation} as {chosen.get_role_display()}.")
    # The page refusing a form sent for another organisation switches back and returns to the form.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("home")


@require_GET
@membership_required
def organisation_detail(request):
    return render(
        request, "tenancy/organisation_detail.html", {"organisation": request.membership.organisation}
    )


def _can_view_schools(membership) -> bool:
    return rules.can_view_area_schools(membership) or rules.can_view_trust_schools(membership)


@require_GET
@rule_required(_can_view_schools)
def schools(request):
    search = SearchForm(request.GET, label="Search by name or URN")
    query = search.query()
    found = selectors.area_schools()
    if query:
        found = found.filter(Q(name__icontains=query) | Q(urn=query))
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "tenancy/schools.html", {"page": page, "query": query, "search": search})


@require_GET
@rule_required(_can_view_schools)
def school_detail(request, pk):
    school = get_object_or_404(
        Organisation.objects.visible_to(request.membership).select_related("local_authority", "trust"),
        pk=pk,
        kind=OrganisationKind.SCHOOL,
    )
    return render(request, "tenancy/school_detail.html", {"school": school})
