"""The demo's panels: Demoshire uses one, a past meeting decided on two referrals, and the next meeting
has a referral waiting. Loaded again, nothing changes."""

import io

from django.core.management import call_command
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from panels.models import Decision, PanelItem, PanelMeeting, PanelSetting
from referrals.models import ReferralStatus
from referrals.models import ReferralStatus as S


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_demoshire_has_a_past_panel_with_decisions_and_an_upcoming_one_with_a_referral(db):
    seed()
    today = timezone.localdate()
    with unscoped("test"):
        assert list(PanelSetting.objects.values_list("local_authority__name", "uses_panel")) == [
            ("Demoshire Council", True)
        ]
        past, upcoming = PanelMeeting.objects.order_by("meets_on")
        assert past.meets_on < today <= upcoming.meets_on
        decided = PanelItem.objects.filter(meeting=past).order_by("pk")
        assert [item.decision for item in decided] == [Decision.AGREE_WITH_CHANGES, Decision.DECLINE]
        assert all(item.referral.status == ReferralStatus.SENT for item in decided)
        [waiting] = PanelItem.objects.filter(meeting=upcoming)
        assert (waiting.decision, waiting.referral.status) == ("", ReferralStatus.AT_PANEL)
        counts = (PanelMeeting.objects.count(), PanelItem.objects.count())

    seed()
    with unscoped("test"):
        assert (PanelMeeting.objects.count(), PanelItem.objects.count()) == counts


def test_the_past_meetings_referrals_were_sent_and_put_to_it_before_it_met(db):
    seed()
    with unscoped("test"):
        past = PanelMeeting.objects.order_by("meets_on").first()
        items = list(PanelItem.objects.filter(meeting=past))
        assert len(items) == 2
        for item in items:
            assert timezone.localdate(item.referral.sent_at) < timezone.localdate(item.put_at) < past.meets_on
            assert timezone.localdate(item.decided_at) == past.meets_on
            moves = item.referral.status_changes.order_by("changed_at")
            assert [m.to_status for m in moves] == [S.DRAFT, S.SENT, S.AT_PANEL, S.SENT]
            put, decided = (m for m in moves if m.from_status in (S.SENT, S.AT_PANEL))
            assert timezone.localdate(put.changed_at) == timezone.localdate(item.put_at)
            assert timezone.localdate(decided.changed_at) == past.meets_on
            assert f"on {past.meets_on:%-d %B %Y}" in put.reason
            assert decided.reason.startswith(f"{item.get_decision_display()} by the fair access panel on ")
            assert f"on {past.meets_on:%-d %B %Y}:" in decided.reason
