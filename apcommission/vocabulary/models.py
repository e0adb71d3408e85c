"""The abstract vocabulary entry: a name, a description, whose it is (no LA: standard), its place in the
list and when it was retired."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from apcommission.tenancy.scoping import TenantQuerySet


class VocabularyQuerySet(TenantQuerySet):
    """What each vocabulary's queryset shares. Who sees which entries is the concrete queryset's own
    `visible_to`, one line calling its app's visibility rule (evidence types reach further than the
    others)."""

    def in_use(self) -> VocabularyQuerySet:
        """The entries offered for new records: not retired."""
        return self.filter(retired_at__isnull=True)

    def added_by(self, organisation_id: int) -> VocabularyQuerySet:
        """The entries one LA added (never the standard ones): the only ones it may retire."""
        return self.filter(local_authority_id=organisation_id)


class VocabularyEntry(models.Model):
    """One entry of an LA-extensible vocabulary. `noun` names an entry in messages ("There is already a
    category with this name")."""

    noun: ClassVar[str]

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    local_authority = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=100)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_standard(self) -> bool:
        return self.local_authority_id is None


def unique_names(*, standard: str, own: str) -> list[models.UniqueConstraint]:
    """A name is used once among the standard entries, and once among each LA's own. A vocabulary names
    its two constraints (they predate this module, and a rename would rebuild their indexes)."""
    return [
        models.UniqueConstraint(fields=["name"], condition=Q(local_authority__isnull=True), name=standard),
        models.UniqueConstraint(fields=["local_authority", "name"], name=own),
    ]
