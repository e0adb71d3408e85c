"""Who sees a placement's outcome and its check-ins: one rule per relation, each a function of
`(membership, path)` (see `apcommission.tenancy.visibility` for the shape), from DOMAIN.md's table "Who
sees what" (its row "placements, plans, objectives, reviews").

- an outcome (what the placement achieved against its objectives, the destination and the date the pupil
  moved on): whoever sees the placement (`placements.visibility.placements`): the school (every role; its
  AP lead records it), its trust as it is now, the LA of its area, and the provider that delivered it,
  which learns how its own placement ended. A provider reads the outcome and the kind of destination, not
  the destination's detail (the school or college the pupil went to names where the child is now), which
  the pages leave out for it (`outcomes.rules.reads_destination_detail`).
- a check-in (where the pupil was found months and years later): the commissioners' record, as the plan's
  history is (`placements.visibility.plan_history`). The school stays accountable for the pupil's
  outcome; the provider's part ended with the placement, so it never follows the pupil further.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from placements import visibility as placement_visibility

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def outcomes(membership: Membership, path: str = "") -> Q:
    """A placement's outcome, by `path` to the placement. Keys: the placement's."""
    return placement_visibility.placements(membership, path)


def check_ins(membership: Membership, path: str = "") -> Q:
    """A placement's check-ins, by `path` to the placement. Keys: the placement's, commissioners only."""
    return placement_visibility.plan_history(membership, path)
