"""Who sees which review records: one rule per relation, each a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape), from DOMAIN.md's table "Who sees what" (its row
"placements, plans, objectives, reviews").

- a placement's reviews (their dates, kinds and states): whoever sees the placement
  (`placements.visibility.placements`): the school, its trust as it is now, the LA of its area, and the
  provider delivering it, ended placements included, as it attends the reviews. A provider sees no other
  provider's reviews of the same pupil.
- a review's moves (the old date, the new one, who and why): the commissioners' record, as the plan's
  history is (`placements.visibility.plan_history`). The provider sees the date a review is now due, not
  the school's reasons for moving it, which may speak of the family.
- a held review's judgements of the objectives (`ReviewObjective`): as the review; the provider records
  the progress they judge.
- a held review's views (`ReviewViews`: the pupil's and the parent's views, the attendance baseline, the
  note on the decision): the commissioners' record, as the moves are. The provider reads the review's
  date, who attended, the decision and its own report; the pupil's and the parent's views may speak of
  the family and of the provider itself, and the baseline is the pupil's history at school, which a
  provider is not shown anywhere (DOMAIN.md "Who sees what": sensitive fields only as the school shares).
- the links for a pupil's and a parent's views before a review (`VoiceLink`) and the answers given
  through them (`VoiceResponse`): the commissioners' record, as a held review's views are. The answers
  may speak of the family and of the provider itself; the links say when each was sent and used. The
  provider sees none of either, not even counted (`reviews.voices`).
- a parent's requests for a review of an off-site direction (`ReviewRequest`): the commissioners' record,
  as the moves are. The request is the family's dealing with the school, and may be about the provider;
  the provider sees the review when one is scheduled or held, as any other.
- review rules: an LA's defaults are read by the LA, the schools of its area and the trusts with a school
  in it (they are reviewed under them); a school's own and a placement's own by that school, its trust and
  its LA. Not providers: how often a school reviews is the commissioners' business, and each review's date
  is on the placement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import NOTHING, keys, trust_local_authorities, trust_schools
from placements import visibility as placement_visibility

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def reviews(membership: Membership, path: str = "") -> Q:
    """A placement's reviews, by `path` to the placement. Keys: the placement's."""
    return placement_visibility.placements(membership, path)


def review_moves(membership: Membership, path: str = "") -> Q:
    """A review's moves, by `path` to the placement. Keys: the placement's, commissioners only."""
    return placement_visibility.plan_history(membership, path)


def review_views(membership: Membership, path: str = "") -> Q:
    """A held review's views, by `path` to the placement. Keys: the placement's, commissioners only."""
    return placement_visibility.plan_history(membership, path)


def voices(membership: Membership, path: str = "") -> Q:
    """A review's voice links and answers, by `path` to the placement. Keys: the placement's,
    commissioners only."""
    return placement_visibility.plan_history(membership, path)


def review_requests(membership: Membership, path: str = "") -> Q:
    """A parent's requests for a review, by `path` to the placement. Keys: the placement's, commissioners
    only."""
    return placement_visibility.plan_history(membership, path)


def review_rules(membership: Membership, path: str = "") -> Q:
    """Keys: `local_authority_id`, `school_id` (null for an LA's defaults)."""
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk) | keys(
            path, school_id=None, local_authority_id=organisation.local_authority_id
        )
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk)) | keys(
            path, school_id=None, local_authority_id__in=trust_local_authorities(organisation.pk)
        )
    return NOTHING
