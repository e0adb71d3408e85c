"""An alert is one thing due for one person: what (`kind`), for whom (`membership`), about what
(`subject`, such as "review:12") and for which due date. That is its unique key, so a sweep run twice,
or by two schedulers at once, makes each alert once.

It is shown in the product from when it is made until the thing is dealt with (`closed_at`, set by the
sweep when its source no longer lists it). Its email is due at `email_due_at` (at once, or at the
person's daily summary time), handed to a worker at `dispatched_at` and sent at `emailed_at`.

`words` is the sentence shown and emailed: it names no pupil and holds nothing sensitive (DOMAIN.md 9),
only the kind of thing, the provider or school, and dates.
"""

from django.db import models
from django.db.models import Q

from alerts import visibility
from alerts.kinds import AlertKind
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet


class AlertQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.alerts(membership))

    def open(self):
        return self.filter(closed_at__isnull=True)


class Alert(models.Model):
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")
    # The recipient's organisation, kept beside the membership so a sweep's set-based statements and the
    # scoping rule need no join.
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=60)
    due_on = models.DateField()
    link = models.CharField(max_length=300)
    words = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    digest = models.BooleanField(default=False)
    email_due_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(AlertQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "membership", "subject", "due_on"], name="one_alert_per_key"
            ),
        ]
        indexes = [
            # The sweep's claim: emails due and not yet sent.
            models.Index(
                fields=["email_due_at"],
                condition=Q(emailed_at__isnull=True, closed_at__isnull=True),
                name="alert_email_due",
            ),
            # A person's open alerts (the work queue, the count in the header).
            models.Index(
                fields=["membership", "due_on"], condition=Q(closed_at__isnull=True), name="alert_open"
            ),
            # Closing what a source no longer lists, kind by kind.
            models.Index(
                fields=["kind", "subject"], condition=Q(closed_at__isnull=True), name="alert_open_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.subject}, {self.due_on})"


class PreferenceQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.preferences(membership))


class Preference(models.Model):
    """A person's choice to have one kind of alert emailed in a daily summary rather than at once. No
    row: at once. Safeguarding alerts take no preference."""

    membership = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    digest = models.BooleanField(default=True)

    objects = TenantManager.from_queryset(PreferenceQuerySet)()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {'daily' if self.digest else 'at once'}"


class SweepMark(models.Model):
    """One row: when alerts were last made. A sweep runs every minute; making alerts runs only every
    few minutes, by whichever scheduler's sweep takes this row's lock first."""

    made_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"alerts made at {self.made_at}"
