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
from apcommission.audit.admin import ReadOnlyRecordAdmin

# Authenticators hold the TOTP secrets and recovery-code seeds; groups and Django permissions are not
# how this service grants anything (roles live in memberships).
for _model in (Authenticator, Group, EmailAddress):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class SupportActions:
    """Admin actions declared with `permissions=["support"]` are for active operators only."""

    def has_support_permission(self, request):
        return request.user.is_active and request.user.is_operator

    def change_selected(self, request, queryset, values: dict, *, logged: str, done: str, noun: str):
        """Sets `values` on each row of `queryset`, locked first so that two operators acting at once
        change a row once, writes each change to the admin log, and says how many rows changed."""
        with transaction.atomic():
            rows = list(queryset.select_for_update(of=("self",)))
            for row in rows:
                for name, value in values.items():
                    setattr(row, name, value)
                row.save(update_fields=list(values))
                self.log_change(request, row, logged)
        self.message_user(request, f"{done} {len(rows)} {noun}{pluralize(rows)}.", messages.SUCCESS)


class ReadOnlyAdmin(SupportActions, ReadOnlyRecordAdmin):
    """View only; changes, if any, through logged actions."""


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
        self.change_selected(
            request,
            queryset.filter(is_active=True),
            {"is_active": False},
            logged="Deactivated the account.",
            done="Deactivated",
            noun="account",
        )


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
        self.change_selected(
            request,
            queryset.open(),
            {"revoked_at": timezone.now(), "revoked_by": request.user},
            logged="Withdrew the invitation.",
            done="Withdrew",
            noun="invitation",
        )


# Organisations and memberships are administered with the accounts that hold them (registered on import).
from apcommission.accounts import organisations_admin  # noqa: E402, F401
