"""What an LA's area report covers: the LA, a period, and the officer printing it (whose view it is)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from apcommission.tenancy.models import Membership, Organisation
from placements.models import Placement
from reports.pack.scope import Period


@dataclass(frozen=True)
class AreaScope:
    membership: Membership  # an LA officer: every read is visible_to(membership)
    local_authority: Organisation
    period: Period
    today: datetime.date

    def placements(self) -> QuerySet[Placement]:
        """The area's placements in AP at some time in the period, as the officer sees them."""
        return Placement.objects.visible_to(self.membership).filter(
            self.period.overlapping(), local_authority_id=self.local_authority.pk
        )
