"""The sweep: alerts made for the right people once, closed when dealt with, emailed once; the review
alerts at their boundaries, with time travel."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from alerts import delivery
from alerts import sweep as sweeping
from alerts.kinds import AlertKind
from alerts.models import Alert, Preference
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from reviews.models import Review, ReviewState
from tests import factories
from tests.alerts.helpers import recipients, stored, sweep_on
from tests.reviews.world import on, schedule_of, start

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 9, 7)
DAY = datetime.timedelta(days=1)


def ap_leads(world) -> set[int]:
    with unscoped("a test lists the school's AP leads"):
        return set(
            world.school.memberships.filter(role=Role.AP_LEAD, removed_at__isnull=True).values_list(
                "pk", flat=True
            )
        )


@pytest.fixture
def first_due(world) -> datetime.date:
    with on(MONDAY):
        placement = start(world)
    [(_, _, due_on)] = schedule_of(placement)[:1]
    return due_on


def test_a_review_due_within_a_week_alerts_the_schools_ap_leads_and_nobody_else(world, first_due):
    sweep_on(first_due - 8 * DAY)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == set()
    sweep_on(first_due - 7 * DAY)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == ap_leads(world)
    assert world.members["ap_lead"].pk in ap_leads(world)


def test_a_second_sweep_the_same_day_makes_and_sends_nothing(world, first_due):
    made, sent = sweep_on(first_due - 3 * DAY)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == ap_leads(world)
    assert made >= len(ap_leads(world))
    assert sent == made
    assert sweep_on(first_due - 3 * DAY) == (0, 0)
    assert len(mail.outbox) == sent


def test_a_review_not_held_by_its_due_date_is_overdue_the_day_after(world, first_due):
    sweep_on(first_due)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == ap_leads(world)
    assert recipients(AlertKind.REVIEW_OVERDUE) == set()
    sweep_on(first_due + DAY)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == set()
    assert recipients(AlertKind.REVIEW_OVERDUE) == ap_leads(world)


def test_an_alert_closes_when_what_it_asked_for_is_done(world, first_due):
    sweep_on(first_due + DAY)
    with unscoped("a test cancels the review as ending the placement would"):
        Review.objects.filter(due_on=first_due).update(state=ReviewState.CANCELLED, cancelled_reason="Ended")
    sweep_on(first_due + 2 * DAY)
    [alert, *_] = stored(kind=AlertKind.REVIEW_OVERDUE)
    assert alert.closed_at is not None
    assert recipients(AlertKind.REVIEW_OVERDUE) == set()


def test_removed_members_inactive_people_and_api_key_accounts_are_not_alerted(world, first_due):
    removed = factories.member(world.school, Role.AP_LEAD)
    inactive = factories.member(world.school, Role.AP_LEAD)
    key_account = factories.member(world.school, Role.AP_LEAD)
    with unscoped("a test changes who is who"):
        type(removed).objects.filter(pk=removed.pk).update(
            removed_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
        )
        type(inactive.user).objects.filter(pk=inactive.user_id).update(is_active=False)
        type(key_account.user).objects.filter(pk=key_account.user_id).update(is_api_client=True)
    sweep_on(first_due)
    got = recipients(AlertKind.REVIEW_DUE_SOON)
    assert world.members["ap_lead"].pk in got
    assert not got & {removed.pk, inactive.pk, key_account.pk}


def test_a_daily_summary_gathers_a_persons_alerts_into_one_email_at_seven(world, first_due):
    lead = world.members["ap_lead"]
    with unscoped("a test sets a preference"):
        Preference.objects.create(membership=lead, kind=AlertKind.REVIEW_OVERDUE, digest=True)
        Preference.objects.create(membership=lead, kind=AlertKind.REVIEW_DUE_SOON, digest=True)
    sweep_on(first_due)
    [alert] = stored(kind=AlertKind.REVIEW_DUE_SOON, membership=lead)
    assert alert.digest
    assert alert.emailed_at is None
    assert alert.email_due_at.astimezone(on_zone()).time() == datetime.time(7)
    assert alert.email_due_at.date() == first_due + DAY
    with on(first_due + DAY), unscoped("a test sends the summary"):
        from django.utils import timezone

        sent = delivery.deliver_summary(lead.pk, now=timezone.now())
    assert sent == 1
    [summary] = [
        message for message in mail.outbox if message.to == [lead.user.email] and "today" in message.subject
    ]
    assert "Review due soon" in summary.body


def on_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def test_an_email_is_sent_once_however_often_its_task_runs(world, first_due):
    sweep_on(first_due - 8 * DAY)
    before = len(mail.outbox)
    with on(first_due), unscoped("a test sends by hand"):
        from django.utils import timezone

        now = timezone.now()
        sweeping.make(first_due, now=now)
        claimed = sweeping.claim(now=now)
        assert claimed.alerts
        assert sweeping.claim(now=now).alerts == []
        first = [delivery.deliver(pk, now=now) for pk in claimed.alerts]
        again = [delivery.deliver(pk, now=now) for pk in claimed.alerts]
    assert sum(first) == len(claimed.alerts)
    assert sum(again) == 0
    assert len(mail.outbox) == before + len(claimed.alerts)


def test_a_claimed_email_never_sent_is_claimed_again_after_a_while(world, first_due, settings):
    settings.ALERT_REDISPATCH_SECONDS = 300
    with on(first_due), unscoped("a test claims by hand"):
        from django.utils import timezone

        now = timezone.now()
        sweeping.make(first_due, now=now)
        lost = sweeping.claim(now=now).alerts
        assert sweeping.claim(now=now + datetime.timedelta(seconds=299)).alerts == []
        assert sweeping.claim(now=now + datetime.timedelta(seconds=301)).alerts == lost


def test_run_reminders_prints_what_it_made_and_sent_and_a_second_run_nothing(world, first_due):
    from io import StringIO

    out = StringIO()
    call_command("run_reminders", "--today", (first_due + DAY).isoformat(), stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    # Every kind's alerts of the day, not only the review's: the placement's attendance is due too.
    count = len(stored())
    assert len(stored(kind=AlertKind.REVIEW_OVERDUE)) == len(ap_leads(world))
    assert last == f"created {count} sent {count}"
    assert "Review overdue" in out.getvalue()
    again = StringIO()
    call_command("run_reminders", "--today", (first_due + DAY).isoformat(), stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == "created 0 sent 0"


def test_run_reminders_refuses_a_day_that_is_not_a_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("run_reminders", "--today", "tomorrow")


def test_the_alert_key_is_unique_in_the_database(world, first_due):
    sweep_on(first_due)
    [alert, *_] = stored(kind=AlertKind.REVIEW_DUE_SOON)
    from django.db import IntegrityError, transaction

    with unscoped("a test copies a row"), pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            kind=alert.kind,
            membership=alert.membership,
            organisation_id=alert.organisation_id,
            subject=alert.subject,
            due_on=alert.due_on,
            link=alert.link,
            words=alert.words,
            created_at=alert.created_at,
            email_due_at=alert.email_due_at,
        )


def test_a_raised_concern_alerts_the_schools_dsls_at_once_and_closes_when_handled(world):
    from safeguarding.models import Concern, ConcernState
    from tests.safeguarding.world import raised

    dsl = world.members["dsl"]
    with unscoped("a test asks for a daily summary of everything"):
        Preference.objects.create(membership=dsl, kind=AlertKind.SAFEGUARDING_CONCERN, digest=True)
    concern = raised(world)
    [alert] = stored(kind=AlertKind.SAFEGUARDING_CONCERN)
    assert alert.membership_id == dsl.pk
    assert not alert.digest  # always at once, whatever was chosen
    after = alert.due_on + DAY  # the sweep's clock stands at 9am: the day after, the email is due
    sweep_on(after)
    [alert] = stored(kind=AlertKind.SAFEGUARDING_CONCERN)
    assert alert.emailed_at is not None
    assert [message.to for message in mail.outbox if "safeguarding" in message.subject] == [[dsl.user.email]]
    assert sweep_on(after) == (0, 0)
    with unscoped("a test handles the concern"):
        Concern.objects.filter(pk=concern.pk).update(
            state=ConcernState.BEING_HANDLED, handled_at=concern.raised_at
        )
    sweep_on(after)
    assert recipients(AlertKind.SAFEGUARDING_CONCERN) == set()


def test_an_alert_dealt_with_and_due_again_opens_afresh_and_is_emailed_again(world, first_due):
    sweep_on(first_due - 2 * DAY)
    [alert] = stored(kind=AlertKind.REVIEW_DUE_SOON, membership=world.members["ap_lead"])
    assert alert.emailed_at is not None
    with unscoped("a test cancels the review, then puts it back, as a change of plan would"):
        Review.objects.filter(due_on=first_due).update(state=ReviewState.CANCELLED, cancelled_reason="Ended")
    sweep_on(first_due - DAY)
    assert recipients(AlertKind.REVIEW_DUE_SOON) == set()
    with unscoped("a test puts the review back"):
        Review.objects.filter(due_on=first_due).update(state=ReviewState.DUE, cancelled_reason="")
    sent_before = len([m for m in mail.outbox if m.to == [world.members["ap_lead"].user.email]])
    made, _sent = sweep_on(first_due)
    assert made >= 1
    [again] = stored(kind=AlertKind.REVIEW_DUE_SOON, membership=world.members["ap_lead"])
    assert again.pk == alert.pk
    assert again.closed_at is None
    assert again.read_at is None
    assert again.emailed_at is not None
    sent_after = len([m for m in mail.outbox if m.to == [world.members["ap_lead"].user.email]])
    assert sent_after == sent_before + 1
    assert sweep_on(first_due) == (0, 0)
