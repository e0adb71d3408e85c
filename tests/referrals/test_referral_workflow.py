"""The referral's transition table: every move, allowed and forbidden, from every state, applied through
the one state-machine helper as the school's AP lead, each allowed move recorded on the timeline."""

import itertools

import pytest

from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.workflow import TransitionRefused
from referrals.models import ReferralStatus as S
from referrals.models import ReferralStatusChange
from referrals.workflow import REFERRAL_STATUS
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import ReferralFactory

# The journey as issue-level words: draft -> sent -> (panel ->) accepted; withdrawn or closed on the way.
ALLOWED = {
    (S.DRAFT, S.SENT),
    (S.DRAFT, S.WITHDRAWN),
    (S.SENT, S.AT_PANEL),
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.WITHDRAWN),
    (S.SENT, S.CLOSED),
    (S.AT_PANEL, S.SENT),
    (S.AT_PANEL, S.ACCEPTED),
    (S.AT_PANEL, S.WITHDRAWN),
    (S.AT_PANEL, S.CLOSED),
    (S.ACCEPTED, S.WITHDRAWN),
}


def move(referral, *, to, by, reason=""):
    """As a page would: the move made while `by` acts."""
    with acting_as(by):
        return REFERRAL_STATUS.move(referral, to=to, by=by, reason=reason)


def timeline(referral, *, by) -> list:
    with acting_as(by):
        return list(ReferralStatusChange.objects.visible_to(by).filter(referral=referral))


EVERY_PAIR = [(a, b) for a, b in itertools.product(S, S) if a != b]


def test_the_table_is_the_journey():
    table = REFERRAL_STATUS.table()
    assert {(a, b) for a, targets in table.items() for b in targets} == ALLOWED
    assert table[S.WITHDRAWN] == frozenset()  # the ends
    assert table[S.CLOSED] == frozenset()


@pytest.mark.parametrize(("start", "to"), EVERY_PAIR, ids=lambda s: str(s))
def test_every_move_is_made_or_refused_as_the_table_says(world, start, to):
    lead = world.members["ap_lead"]
    referral = ReferralFactory(pupil=PupilFactory(school=world.school), status=start)

    if (start, to) in ALLOWED:
        moved = move(referral, to=to, by=lead, reason="The panel agreed on 3 March")
        assert moved.status == to
        [recorded] = timeline(referral, by=lead)
        assert (recorded.from_status, recorded.to_status, recorded.changed_by) == (start, to, lead.user)
    else:
        with pytest.raises(TransitionRefused):
            move(referral, to=to, by=lead, reason="Any reason")
        with unscoped("test"):
            referral.refresh_from_db()
        assert referral.status == start
        assert timeline(referral, by=lead) == []


def test_withdrawing_needs_a_reason(world):
    lead = world.members["ap_lead"]
    referral = ReferralFactory(pupil=PupilFactory(school=world.school), status=S.SENT)

    with pytest.raises(TransitionRefused) as refused:
        move(referral, to=S.WITHDRAWN, by=lead, reason="  ")

    assert refused.value.message_dict == {"reason": ["Enter the reason for this status"]}


def test_another_school_cannot_move_the_referral(world):
    referral = ReferralFactory(pupil=PupilFactory(school=world.school), status=S.DRAFT)

    with pytest.raises(ReferralFactory._meta.model.DoesNotExist):
        move(referral, to=S.SENT, by=world.members["other_school_leader"])
