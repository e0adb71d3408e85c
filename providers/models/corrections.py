"""Records that can be marked "entered in error": an evidence check or a QA visit recorded by mistake is
never deleted or edited away. It keeps its row, says who marked it, when and why, and stops counting
(evidence states, the latest visit, open actions). The history tables keep the change too."""

from django.conf import settings
from django.db import models
from django.db.models import Q

REASON_MAX_LENGTH = 1000


class EnteredInError(models.Model):
    entered_in_error_at = models.DateTimeField("Marked as entered in error", null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_in_error_reason = models.TextField("Why it was entered in error", blank=True)

    class Meta:
        abstract = True

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None


def entered_in_error_stated(name: str) -> models.CheckConstraint:
    """Marked with who, when and why, or not marked at all: never a mark without a reason."""
    unmarked = Q(
        entered_in_error_at__isnull=True, entered_in_error_by__isnull=True, entered_in_error_reason=""
    )
    marked = Q(entered_in_error_at__isnull=False, entered_in_error_by__isnull=False) & ~Q(
        entered_in_error_reason=""
    )
    return models.CheckConstraint(name=name, condition=unmarked | marked)
