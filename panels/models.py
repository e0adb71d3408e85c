"""An LA's panels for AP referrals (DOMAIN.md 3.3): whether the LA uses one, its meetings (a date, a kind
and the people at it) and each referral put to a meeting with the panel's decision and reasons.

The referral's own status moves through its transition table (`referrals.workflow.REFERRAL_STATUS`):
put to a panel it is "with the panel"; the decision moves it back to "sent", its reasons on the timeline.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from panels import visibility


class PanelSettingQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.panel_settings(membership))


@pghistory.track()
class PanelSetting(models.Model):
    """Whether an LA puts AP referrals to a panel. An LA with no row does not (the default)."""

    local_authority = models.OneToOneField("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    uses_panel = models.BooleanField("Referrals from your schools go to a panel", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(PanelSettingQuerySet)()

    def __str__(self) -> str:
        return f"Panel setting of {self.local_authority}: {'uses' if self.uses_panel else 'no'} panel"


class PanelKind(models.TextChoices):
    FAIR_ACCESS = "fair_access", "Fair access panel"
    COMMISSIONING = "commissioning", "Commissioning panel"


class PanelMeetingQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.meetings(membership))


@pghistory.track()
class PanelMeeting(models.Model):
    """A meeting of the LA's panel: its date, kind, who attends (name and role) and notes."""

    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    meets_on = models.DateField("Date of the meeting")
    kind = models.CharField("Kind of panel", max_length=20, choices=PanelKind.choices)
    # [{"name": "Priya Shah", "role": "Chair, head of inclusion"}, ...], in the order given.
    attendees = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(PanelMeetingQuerySet)()

    class Meta:
        ordering = ["-meets_on", "-pk"]
        indexes = [models.Index(fields=["local_authority", "meets_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.meets_on.day} {self.meets_on:%B %Y}"


class Decision(models.TextChoices):
    AGREE = "agree", "Agreed"
    AGREE_WITH_CHANGES = "agree_with_changes", "Agreed with changes"
    DECLINE = "decline", "Declined"
    DEFER = "defer", "Deferred"


# A referral the panel agreed to is settled: it is not put to a panel again. A declined or deferred one
# may be, with changes or at a later meeting.
AGREED = frozenset({Decision.AGREE, Decision.AGREE_WITH_CHANGES})


class PanelItemQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.items(membership))

    def awaiting(self):
        return self.filter(decision="")


@pghistory.track()
class PanelItem(models.Model):
    """A referral put to a meeting, who put it there and when, and the panel's decision with reasons."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="items")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    # Keys `panels.visibility` compares, copied from the referral (neither ever changes).
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    put_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    put_at = models.DateTimeField(auto_now_add=True)

    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)  # "": not yet
    changes = models.TextField("The changes the panel asks for", blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(PanelItemQuerySet)()

    class Meta:
        ordering = ["put_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "referral"], name="referral_once_per_meeting"),
            # A referral waits for one panel at a time.
            models.UniqueConstraint(
                fields=["referral"], condition=Q(decision=""), name="one_awaiting_item_per_referral"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(reasons="") & Q(decided_at__isnull=False)),
                name="decision_has_reasons",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "decision"]), models.Index(fields=["school"])]

    def __str__(self) -> str:
        return f"Referral {self.referral_id} at {self.meeting}"

    def save(self, *args, **kwargs):
        if self.school_id is None:
            self.school_id = self.referral.school_id
        if self.local_authority_id is None:
            self.local_authority_id = self.referral.local_authority_id
        super().save(*args, **kwargs)

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)
