from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from apcommission.accounts import services
from apcommission.accounts.forms import AcceptInvitationForm
from apcommission.tenancy.forms import submitted
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.services import use_membership


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """Whoever holds the link may open it. A new email address chooses a password here; an address that
    already has an account is accepted only by that account, signed in."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    account = services.account_for(invitation)
    signed_in_as = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation, "title": f"Join {invitation.organisation}"}
    if signed_in_as is not None and (account is None or account.pk != signed_in_as.pk):
        status = 403 if request.method == "POST" else 200
        return render(request, "accounts/invitation_wrong_account.html", context, status=status)
    if account is not None and signed_in_as is None:
        sign_in_url = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        if request.method == "POST":
            return redirect(sign_in_url)
        return render(request, "accounts/invitation_sign_in.html", {**context, "sign_in_url": sign_in_url})

    form = AcceptInvitationForm(submitted(request), invitation=invitation, existing_user=account is not None)
    if request.method == "POST" and form.is_valid():
        membership = services.accept_invitation(
            invitation=invitation,
            signed_in_as=signed_in_as,
            password=form.cleaned_data.get("password1"),
            full_name=form.cleaned_data.get("full_name", ""),
        )
        if signed_in_as is not None:
            # They joined from their own session: act for the organisation they have just joined.
            use_membership(membership=membership)
            request.session[SESSION_KEY] = membership.pk
            messages.success(
                request,
                f"You have joined {invitation.organisation} as {membership.get_role_display()}. "
                f"You are now acting for {invitation.organisation}.",
            )
            return redirect("home")
        login(request, membership.user, backend="apcommission.accounts.backends.ModelBackend")
        # The person typed their new password a moment ago: tell allauth, so that setting up MFA (which
        # wants a recent re-authentication) does not ask for it again.
        record_authentication(
            request, membership.user, "password", email=membership.user.email, reauthenticated=True
        )
        messages.success(
            request,
            f"Welcome to {invitation.organisation}. Now set up an authenticator app to protect your account.",
        )
        return redirect("mfa_activate_totp")
    return render(
        request,
        "accounts/accept_invitation.html",
        {**context, "form": form, "existing_user": account is not None},
    )
