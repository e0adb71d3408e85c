"""Refusals that come from where a record is, not from who is asking: the withdraw page of a referral
already withdrawn, the decision page of a panel item already decided. The 403 page ("your role does not
allow it") would blame the person's role for them; instead the pages go back to the record and say, in
a banner, what state it is in and why that cannot be done now. A "no" from a rule about the role stays
a 403.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from referrals.models import Referral, ReferralStatus

S = ReferralStatus

# "This referral is ..." for each status.
REFERRAL_IS = {
    S.DRAFT: "a draft",
    S.SENT: "sent to providers",
    S.AT_PANEL: "with the panel",
    S.ACCEPTED: "accepted",
    S.WITHDRAWN: "withdrawn",
    S.CLOSED: "closed with no offer",
}


def referral_is(referral: Referral) -> str:
    """ "This referral is withdrawn": its state, as the start of a sentence."""
    return f"This referral is {REFERRAL_IS[S(referral.status)]}"


def not_now(request, message: str, to: str, *args) -> HttpResponseRedirect:
    """Back to the record (`to`, a URL name with its `args`), saying why what was asked cannot be done
    while it is as it is."""
    messages.info(request, message if message.endswith((".", "?", "!")) else f"{message}.")
    return redirect(to, *args)
