"""Home, organisation switching, members and the schools an LA or trust oversees. Thin: rules and
services do the work; every tenant lookup goes through the scoped managers (404 for anything unseen)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apcommission.accounts import services as account_services
from apcommission.accounts.forms import WithdrawInvitationForm
from apcommission.accounts.models import Invitation
from apcommission.forms.search import SearchForm
from apcommission.tenancy import binding, rules, selectors, services
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import ConfirmForm, InviteForm, RoleForm, submitted
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.models import Membership, Organisation
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
    return render(request, "tenancy/home.html", {"organisation": request.membership.organisation})


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


@require_GET
@rule_required(rules.can_manage_members)
def members(request):
    return render(
        request,
        "tenancy/members.html",
        {
            "members": selectors.members_of_organisation(request.membership),
            "invitations": selectors.open_invitations(request.membership),
        },
    )


def _members_form(request, template: str, form, title: str, **context):
    """A page of the members area that asks one thing, with a back link to the members list."""
    return render(
        request, template, {"form": form, "title": title, "back_url": reverse("members"), **context}
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_members)
def invite_member(request):
    form = InviteForm(submitted(request), membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.invite_member(
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.membership,
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("members")
    title = f"Invite someone to {request.membership.organisation}"
    return _members_form(request, "tenancy/invite_member.html", form, title)


def _member(request, pk) -> Membership:
    member = get_object_or_404(Membership.objects.active().select_related("user"), pk=pk)
    if not rules.can_change_member(request.membership, member):
        raise Http404  # your own membership, or one that is not yours to change
    return member


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_members)
def change_member_role(request, pk):
    member = _member(request, pk)
    form = RoleForm(submitted(request), membership=request.membership, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        services.change_role(member=member, role=form.cleaned_data["role"], by=request.membership)
        messages.success(request, f"{member.user} is now {member.get_role_display()}.")
        return redirect("members")
    title = f"Change the role of {member.user}"
    return _members_form(request, "tenancy/change_member_role.html", form, title, member=member)


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_members)
def remove_member(request, pk):
    member = _member(request, pk)
    form = ConfirmForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        services.remove_member(member=member, by=request.membership)
        messages.success(request, f"{member.user} has been removed. Their past activity is kept.")
        return redirect("members")
    return _members_form(request, "tenancy/remove_member.html", form, f"Remove {member.user}?", member=member)


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_members)
def withdraw_invitation(request, pk):
    invitation = get_object_or_404(Invitation.objects.open(), pk=pk)
    form = WithdrawInvitationForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            account_services.withdraw_invitation(invitation=invitation, by=request.membership)
        except ValidationError:
            raise Http404 from None  # accepted or withdrawn a moment ago
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
        return redirect("members")
    title = f"Withdraw the invitation to {invitation.email}?"
    return _members_form(request, "tenancy/withdraw_invitation.html", form, title, invitation=invitation)


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
        Organisation.objects.select_related("local_authority", "trust"), pk=pk, kind=OrganisationKind.SCHOOL
    )
    return render(request, "tenancy/school_detail.html", {"school": school})
