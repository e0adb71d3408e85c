from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apcommission.accounts import services
from apcommission.accounts.forms import AcceptInvitationForm
from apcommission.accounts.models import User
from apcommission.tenancy.forms import submitted


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing_user = User.objects.filter(email__iexact=invitation.email).exists()
    form = AcceptInvitationForm(submitted(request), invitation=invitation, existing_user=existing_user)
    if request.method == "POST" and form.is_valid():
        user = services.accept_invitation(
            invitation=invitation,
            password=form.cleaned_data.get("password1"),
            full_name=form.cleaned_data.get("full_name", ""),
        )
        if existing_user:
            messages.success(request, f"You have joined {invitation.organisation}. Sign in to carry on.")
            return redirect("account_login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # The person typed their new password a moment ago: tell allauth, so that setting up MFA (which
        # wants a recent re-authentication) does not ask for it again.
        record_authentication(request, user, "password", email=user.email, reauthenticated=True)
        messages.success(
            request,
            f"Welcome to {invitation.organisation}. Now set up an authenticator app to protect your account.",
        )
        return redirect("mfa_activate_totp")
    return render(
        request,
        "accounts/accept_invitation.html",
        {
            "form": form,
            "invitation": invitation,
            "existing_user": existing_user,
            "title": f"Join {invitation.organisation}",
        },
    )
