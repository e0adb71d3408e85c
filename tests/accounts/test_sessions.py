"""Sessions end after 30 minutes without a request, and 10 hours after sign-in whatever happens."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.accounts.middleware import LAST_SEEN_KEY, STARTED_KEY
from tests.accounts.signing_in import enter_code, fresh_totp_code, is_signed_in, sign_in_with_password

MONDAY_MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(world, client, time_machine):
    """A school leader who signed in at 08:00 (which starts both clocks) and opened the home page."""
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(world.user("school_leader"))
    assert client.get(reverse("home")).status_code == 200
    return client


def _assert_sent_to_sign_in_with_message(response, message):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = response.client.get(response["Location"])
    assert message in page.content.decode()


def test_a_person_idle_for_31_minutes_is_signed_out_on_their_next_request(signed_in, time_machine):
    time_machine.shift(timedelta(minutes=31))

    response = signed_in.get(reverse("organisation"))

    assert not is_signed_in(signed_in)
    _assert_sent_to_sign_in_with_message(response, "You were signed out because you had not used the service")


def test_a_person_idle_for_29_minutes_is_still_signed_in(signed_in, time_machine):
    time_machine.shift(timedelta(minutes=29))

    assert signed_in.get(reverse("organisation")).status_code == 200
    assert is_signed_in(signed_in)


def test_a_person_active_every_20_minutes_stays_signed_in_until_10_hours_have_passed(signed_in, time_machine):
    for _ in range(29):  # 29 x 20 minutes = 9 hours 40 minutes
        time_machine.shift(timedelta(minutes=20))
        assert signed_in.get(reverse("organisation")).status_code == 200

    time_machine.shift(timedelta(minutes=20))  # 10 hours since the first request
    time_machine.shift(timedelta(seconds=1))
    response = signed_in.get(reverse("organisation"))

    assert not is_signed_in(signed_in)
    _assert_sent_to_sign_in_with_message(response, "You were signed out because you had been signed in")


def test_requests_close_together_save_no_session_and_activity_is_kept_to_30_seconds(signed_in, time_machine):
    """Most requests write nothing: activity is recorded every 30 seconds at most, which can end an idle
    session up to 30 seconds early but never late."""
    time_machine.shift(timedelta(seconds=20))
    with CaptureQueriesContext(connection) as quick:
        assert signed_in.get(reverse("organisation")).status_code == 200
    assert not [q for q in quick.captured_queries if q["sql"].startswith('UPDATE "django_session"')]

    time_machine.shift(timedelta(seconds=20))  # 40 s after the last recorded activity
    with CaptureQueriesContext(connection) as later:
        assert signed_in.get(reverse("organisation")).status_code == 200
    assert [q for q in later.captured_queries if q["sql"].startswith('UPDATE "django_session"')]

    time_machine.shift(timedelta(minutes=29, seconds=59))  # idle since the recorded activity
    assert signed_in.get(reverse("organisation")).status_code == 200
    time_machine.shift(timedelta(minutes=30, seconds=1))
    signed_in.get(reverse("organisation"))
    assert not is_signed_in(signed_in)


def test_signing_in_starts_both_clocks(world, client, time_machine):
    """Through the real sign-in, password then code: the clocks read the moment the code was accepted."""
    time_machine.move_to(MONDAY_MORNING, tick=False)
    user = world.user("school_leader")
    sign_in_with_password(client, user.email)
    code, _ = fresh_totp_code(user.totp_secret)
    enter_code(client, code)

    assert is_signed_in(client)
    assert client.session[STARTED_KEY] == MONDAY_MORNING.timestamp()
    assert client.session[LAST_SEEN_KEY] == MONDAY_MORNING.timestamp()


def test_a_session_nobody_used_ends_31_minutes_after_sign_in(world, client, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(world.user("school_leader"))
    time_machine.shift(timedelta(minutes=31))

    response = client.get(reverse("organisation"))

    assert not is_signed_in(client)
    _assert_sent_to_sign_in_with_message(response, "You were signed out because you had not used the service")


def test_ten_hours_count_from_sign_in_not_from_the_first_page(world, client, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(world.user("school_leader"))
    for _ in range(30):  # the first page at 08:20, the last at 18:00
        time_machine.shift(timedelta(minutes=20))
        assert client.get(reverse("organisation")).status_code == 200

    time_machine.shift(timedelta(seconds=1))  # 10 hours and a second after signing in
    response = client.get(reverse("organisation"))

    assert not is_signed_in(client)
    _assert_sent_to_sign_in_with_message(response, "You were signed out because you had been signed in")


def test_a_signed_in_session_without_its_clocks_is_ended(world, client):
    """Such a session (from before the clocks, or tampered with) cannot be shown to be within either limit."""
    client.force_login(world.user("school_leader"))
    session = client.session
    del session[STARTED_KEY]
    del session[LAST_SEEN_KEY]
    session.save()

    response = client.get(reverse("organisation"))

    assert not is_signed_in(client)
    _assert_sent_to_sign_in_with_message(response, "You were signed out for your security")
