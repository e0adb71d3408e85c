"""The base of every history event model (django-pghistory's copies of tracked rows, written by database
triggers). An event is an unscoped copy of a tenant row, with no rule of its own, so it is never read
through the scoping path: only inside `unscoped(reason)`, by the operator's admin or by a history read
that first found its record through `visible_to` (`PGHISTORY_BASE_MODEL` in settings points here)."""

import pghistory.models
from django.db import models
from pghistory.models import EventQuerySet

from apcommission.tenancy.scoping import ScopeError, is_unscoped


class HistoryEventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_queryset(self) -> EventQuerySet:
        if not is_unscoped():
            raise ScopeError(
                f"{self.model.__name__} is history: read it inside unscoped(reason), after the record it "
                "belongs to was found through visible_to()."
            )
        return super().get_queryset()


# Named Event, as pghistory names each event model after its base ("OrganisationEvent").
class Event(pghistory.models.Event):
    objects = HistoryEventManager()

    class Meta:
        abstract = True
