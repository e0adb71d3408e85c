"""API keys: how a provider's or a school's own system reaches the API (/api/v1/) without a person signing
in. A key belongs to one organisation and acts with one role through a membership of its own (so every
scoped read, access event and history row names the key), and is stored only as a hash: it is shown once,
when it is made. Keys expire, and are revoked, never deleted, so the record of who could reach the API
stays."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from api import visibility


class ApiKeyQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.api_keys(membership))

    def usable(self, today=None):
        return self.filter(revoked_at__isnull=True, expires_on__gte=today or timezone.localdate())


# When a key was last used is a convenience, not a change of access: it stays out of history.
@pghistory.track(exclude=["last_used_at"])
class ApiKey(models.Model):
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    # The key's own membership (its account has no password and cannot sign in): what it may see.
    membership = models.OneToOneField("tenancy.Membership", on_delete=models.PROTECT, related_name="api_key")
    name = models.CharField(max_length=100, help_text="What uses it, for example: Our MIS attendance sync")
    # The start of the key, shown in lists so that a key can be recognised; unique, to find it by.
    prefix = models.CharField(max_length=16, unique=True)
    hashed_key = models.CharField(max_length=64)  # SHA-256 of the whole key: random, so no salt is needed
    expires_on = models.DateField("Expires on")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(ApiKeyQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return self.name
