"""Who sees which attendance marks: the rule of the placement the mark belongs to (DOMAIN.md "Who sees
what", the attendance row), compared on the keys copied onto each mark.

- the commissioning school (every role), its trust (its schools as they are now) and the LA of the
  school's area (officers and viewers) see every mark of their placements;
- the provider delivering the placement sees and writes its marks, for as long as the placement exists
  (an ended placement's marks stay its record), and never the same pupil's marks at another provider:
  the rule is its own id on each mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from placements import visibility as placement_visibility

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def marks(membership: Membership, path: str = "") -> Q:
    """Attendance marks. Keys: `school_id`, `local_authority_id`, and for a provider `provider_id`, copied
    from the placement when the mark is made."""
    return placement_visibility.placements(membership, path)


def tallies(membership: Membership, path: str = "") -> Q:
    """A placement's marks counted per year: the marks' own rule, on the same keys copied onto each."""
    return marks(membership, path)
