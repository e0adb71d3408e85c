"""The school's contact log (DOMAIN.md 3.5: "The school logs visits, welfare checks and contacts"): what
kind, when, who made it and with whom, and a summary, about a provider and perhaps one placement there (a
visit may cover several pupils, so the placement is optional).

Nothing is deleted: a contact entered in error is marked so, with the reason, and then leaves the counts
and "last visited". Every change is kept in its history.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from contacts import visibility


class ContactKind(models.TextChoices):
    VISIT = "visit", "Visit to the provider"
    WELFARE_CHECK = "welfare_check", "Welfare check"
    PROVIDER = "provider", "Contact with the provider"
    PUPIL = "pupil", "Contact with the pupil"
    PARENT = "parent", "Contact with the parent or carer"


class ContactQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.contacts(membership))


@pghistory.track()
class Contact(models.Model):
    # Keys the rule compares: the school whose record it is, and the LA of its area (copied).
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(  # the placement's, copied: whose record the contact mentions
        "pupils.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    on = models.DateField("Date")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    with_whom = models.CharField("With whom", max_length=200)
    summary = models.TextField()
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error_reason = models.TextField("Why it was entered in error", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(ContactQuerySet)()

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_in_error_at__isnull=True) | ~Q(error_reason=""),
                name="contact_in_error_says_why",
            ),
            models.CheckConstraint(
                condition=Q(placement__isnull=True) | Q(pupil__isnull=False), name="contact_names_its_pupil"
            ),
        ]
        indexes = [
            # "Last visited": each school's latest visit to each provider.
            models.Index(fields=["school", "provider", "kind", "on"], name="contact_last_visit"),
            models.Index(fields=["local_authority", "on"], name="contact_area_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %B %Y}"

    @property
    def in_error(self) -> bool:
        return self.entered_in_error_at is not None
