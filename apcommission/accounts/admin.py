"""The operator's support admin for people and invitations.

Support reads accounts and invitations, deactivates accounts and withdraws invitations. It cannot
create an account, set a password, change or verify an email address, make someone an operator, send
or change an invitation, or see an authenticator: each would let whoever runs the admin sign in as
someone, or join an organisation, and read its data. TOTP secrets and recovery-code seeds are stored
encrypted (apcommission/accounts/mfa.py) and never shown here. Every change is in Django's admin log.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from apcommission.accounts.models import Invitation, User

# Authenticators hold the TOTP secrets and recovery-code seeds; groups and Django permissions are not
# how this service grants anything (roles live in memberships).
for _model in (Authenticator, Group, EmailAddress):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class SupportActions:
    """Admin actions declared with `permissions=["support"]` are for active operators only."""

    def has_support_permission(self, request):
        return request.user.is_active and request.user.is_operator


class ReadOnlyAdmin(SupportActions, admin.ModelAdmin):
    """View only; changes, if any, through logged actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SupportActions, admin.ModelAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active"]
    fields = ["email", "full_name", "is_active", "is_staff", "is_superuser", "last_login", "date_joined"]
    readonly_fields = ["email", "is_active", "is_staff", "is_superuser", "last_login", "date_joined"]
    actions = ["deactivate_accounts"]

    def has_add_permission(self, request):
        return False  # people join by invitation

    def has_delete_permission(self, request, obj=None):
        return False  # their records and history refer to them

    @admin.action(permissions=["support"], description="Deactivate the selected accounts")
    def deactivate_accounts(self, request, queryset):
        with transaction.atomic():
            active = list(queryset.filter(is_active=True).select_for_update(of=("self",)))
            for user in active:
                user.is_active = False
                user.save(update_fields=["is_active"])
                self.log_change(request, user, "Deactivated the account.")
        self.message_user(request, f"Deactivated {len(active)} account{pluralize(active)}.", messages.SUCCESS)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdmin):
    list_display = ["email", "user", "primary", "verified"]
    list_filter = ["primary", "verified"]
    search_fields = ["email", "user__email"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    fields = [
        "email",
        "organisation",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = fields
    actions = ["withdraw_invitations"]

    @admin.action(permissions=["support"], description="Withdraw the selected invitations")
    def withdraw_invitations(self, request, queryset):
        with transaction.atomic():
            withdrawn = list(queryset.open().select_for_update(of=("self",)))
            for invitation in withdrawn:
                invitation.revoked_at = timezone.now()
                invitation.revoked_by = request.user
                invitation.save(update_fields=["revoked_at", "revoked_by"])
                self.log_change(request, invitation, "Withdrew the invitation.")
        message = f"Withdrew {len(withdrawn)} invitation{pluralize(withdrawn)}."
        self.message_user(request, message, messages.SUCCESS)
