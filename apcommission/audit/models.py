"""Access events: an append-only record of who was shown which pupils' data.

Change history lives beside each tracked model (django-pghistory's database triggers, so bulk updates
are caught too). This model records reads, which triggers cannot see. The database itself refuses to
update or delete a row (pgtrigger.Protect), so the record cannot be quietly edited from the application.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class AccessEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)
    # A dotted code naming what was shown: "pupil.view", "placement.export", "evidence_pack.pdf".
    action = models.CharField(max_length=100)
    pupil_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        # "Who has viewed this record" asks which events name one pupil (`pupil_ids @> [id]`).
        indexes = [GinIndex(fields=["pupil_ids"], name="access_event_pupils")]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.action} by user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
