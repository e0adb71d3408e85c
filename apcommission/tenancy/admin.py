from django.contrib import admin

from apcommission.tenancy.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "la_code", "urn", "ukprn", "local_authority"]
    list_filter = ["kind"]
    search_fields = ["name", "urn", "laestab", "ukprn", "la_code"]
    raw_id_fields = ["local_authority", "trust"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at", "removed_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user", "organisation", "removed_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # members are removed (removed_at), never deleted
