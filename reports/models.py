"""A report printed for an organisation and kept for a while: the evidence pack (a school's, printed by
the school or its trust), and later the LA area and trust reports.

The PDF is built by a Celery task (`reports.tasks.build_report`), which says how far it has got on the row
(`step`, `steps_done`, `steps`) for the page the leader waits on. The file is stored privately
(`reports.storage`) and leaves only through the download view, which writes an access event naming the
pupils the report names (`pupil_ids`, recorded when it is built). Old reports expire
(`settings.REPORT_KEEP_DAYS`): the file is deleted and the row stays, saying when it was made and by whom.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from reports import visibility
from reports.pack.scope import Naming
from reports.storage import report_path, report_storage


class ReportKind(models.TextChoices):
    EVIDENCE_PACK = "evidence_pack", "Evidence pack"
    AREA = "area", "Area report"
    TRUST = "trust", "Trust report"


class ReportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"
    EXPIRED = "expired", "Expired"


class ReportQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.reports(membership))


class Report(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    period_start = models.DateField("From")
    period_end = models.DateField("To")
    naming = models.CharField(max_length=20, choices=Naming.choices, default=Naming.FULL_NAME)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The membership it was asked for as: the build sees the data as that membership does.
    requested_as = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=0)
    # The row, not the queue, says what is still to build (as with alerts, SECURITY.md 8): a build claims
    # the report and renews the claim at each step; a report whose task was lost, or whose worker died,
    # is sent again by the sweep (`reports.services.resend_stalled`), at most MAX_ATTEMPTS times.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=report_storage, upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    pupil_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(ReportQuerySet)()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="report_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(kind="evidence_pack") | Q(school__isnull=False),
                name="evidence_pack_names_its_school",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-requested_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.get_state_display()})"

    @property
    def percent_done(self) -> int:
        if self.state == ReportState.READY:
            return 100
        return int(100 * self.steps_done / self.steps) if self.steps else 0
