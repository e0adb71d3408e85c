"""The referral's one transition table (the service's state-machine helper, `apcommission.workflow`)."""

from apcommission.workflow import Move, Workflow
from referrals.models import ReferralStatus as S
from referrals.models import ReferralStatusChange

WITHDRAW = Move(S.WITHDRAWN, "Withdraw the referral")
CLOSE = Move(S.CLOSED, "Close with no offer")

REFERRAL_STATUS = Workflow(
    states=S,
    subject="referral",
    history=ReferralStatusChange,
    moves={
        S.DRAFT: [Move(S.SENT, "Send to providers", reason_required=False), WITHDRAW],
        S.SENT: [
            Move(S.AT_PANEL, "Put to the panel", reason_required=False),
            Move(S.ACCEPTED, "Accept an offer", reason_required=False),
            WITHDRAW,
            CLOSE,
        ],
        # The panel's decision and its reasons are the move back (or on to an accepted offer).
        S.AT_PANEL: [
            Move(S.SENT, "Record the panel's decision"),
            Move(S.ACCEPTED, "Accept an offer", reason_required=False),
            WITHDRAW,
            CLOSE,
        ],
        S.ACCEPTED: [WITHDRAW],
    },
    described={
        S.WITHDRAWN: "A withdrawn referral",
        S.CLOSED: "A closed referral",
        S.ACCEPTED: "An accepted referral",
    },
)
