"""The members area: an administrator invites people to their organisation, changes their roles and
removes them, and withdraws invitations. Thin: the rules and services of tenancy (memberships) and of
accounts (invitations) do the work; every lookup names the acting membership's view (404 for anything
unseen)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.accounts import selectors
from apcommission.accounts import services as account_services
from apcommission.accounts.forms import WithdrawInvitationForm
from apcommission.accounts.models import Invitation
from apcommission.tenancy import rules, services
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import ConfirmForm, InviteForm, RoleForm, submitted
from apcommission.tenancy.models import Membership


@require_GET
@rule_required(rules.can_manage_members)
def members(request):
    return render(
        request,
        "tenancy/members.html",
        {
            "members": selectors.members_of_organisation(membership=request.membership),
            "invitations": selectors.open_invitations(membership=request.membership),
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
    # The members page's people: an API key's account is not one of them (it is revoked on its own page).
    member = get_object_or_404(selectors.members_of_organisation(membership=request.membership), pk=pk)
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
    invitation = get_object_or_404(Invitation.objects.visible_to(request.membership).open(), pk=pk)
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
