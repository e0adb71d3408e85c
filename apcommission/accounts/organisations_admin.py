"""The operator's support admin for organisations and memberships.

Support may correct an organisation's details and end a membership, never grant one: a membership is
what lets a person read an organisation's data, so one given here would let the operator read it too.
For the same reason support cannot add an organisation or change what decides whose data its staff see
(its kind, its LA, its trust, an LA's code): moving a school into another area or trust would show that
LA's or trust's staff the school's pupils.
Every change made here is recorded twice: Django's admin log (who, what, when) and the history tables
(the database triggers, with the operator and the admin URL as their context).
"""

from django.contrib import admin
from django.utils import timezone

from apcommission.accounts.admin import ReadOnlyAdmin
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.standing import memberships_changed, organisations_changed


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "la_code", "urn", "ukprn", "local_authority"]
    list_filter = ["kind"]
    search_fields = ["name", "urn", "laestab", "ukprn", "la_code"]
    # What decides whose data the organisation's staff see: shown, never changed here.
    readonly_fields = ["kind", "la_code", "local_authority", "trust"]
    fields = ["name", "urn", "laestab", "ukprn", "setting_type", *readonly_fields]

    def has_add_permission(self, request):
        return False  # where a new organisation belongs decides whose data its staff see

    def has_delete_permission(self, request, obj=None):
        return False  # organisations hold history; nothing is deleted

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        organisations_changed()  # the header names the organisation from each member's standing


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Read-only, with one action: removing memberships (the row stays, saying who removed it and when;
    members are removed, never deleted)."""

    list_display = ["user", "organisation", "role", "created_at", "removed_at", "removed_by"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    fields = ["user", "organisation", "role", "created_at", "removed_at", "removed_by"]
    readonly_fields = fields
    actions = ["remove_memberships"]

    @admin.action(permissions=["support"], description="Remove the selected memberships")
    def remove_memberships(self, request, queryset):
        people = set(queryset.values_list("user_id", flat=True))
        self.change_selected(
            request,
            queryset.filter(removed_at__isnull=True),
            {"removed_at": timezone.now(), "removed_by": request.user},
            logged="Removed the membership.",
            done="Removed",
            noun="membership",
        )
        for user_id in people:  # committed: the next request of each acts for the organisation no more
            memberships_changed(user_id)
