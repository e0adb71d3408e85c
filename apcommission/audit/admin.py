from django.contrib import admin
from django.contrib.admin.models import LogEntry

from apcommission.audit.models import AccessEvent


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """A record is read, never written, changed or deleted by hand."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyRecordAdmin):
    list_display = ["at", "user", "organisation", "role", "action"]
    list_filter = ["action"]
    date_hierarchy = "at"


@admin.register(LogEntry)
class AdminLogAdmin(ReadOnlyRecordAdmin):
    """Every change made in this admin: who, to what, what, and when (the admin writes these itself)."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change_message"]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "user__email"]
    date_hierarchy = "action_time"
