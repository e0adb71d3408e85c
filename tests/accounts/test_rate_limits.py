"""Failed sign-ins are limited per account (and per address) in the shared Redis cache."""

import logging

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse
from django.utils.module_loading import import_string

from apcommission.accounts.security_log import account_reference
from tests.accounts.signing_in import is_signed_in, security_lines, sign_in_with_password
from tests.factories import PASSWORD, UserFactory


def test_the_test_run_uses_the_shared_redis_cache():
    assert settings.CACHES["default"]["BACKEND"] == "apcommission.redis_cache.RedisCache"
    assert issubclass(import_string(settings.CACHES["default"]["BACKEND"]), RedisCache)


def test_the_sixth_failed_sign_in_for_one_account_is_refused_even_with_the_right_password(world, client):
    user = world.user("school_leader")
    for _ in range(5):
        response = sign_in_with_password(client, user.email, "not-the-password")
        assert response.status_code == 200

    response = sign_in_with_password(client, user.email)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_signed_in(client)


def test_the_right_password_after_four_failures_still_signs_in(world, client):
    user = world.user("school_leader")
    for _ in range(4):
        sign_in_with_password(client, user.email, "not-the-password")

    response = sign_in_with_password(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_the_limit_on_one_account_does_not_lock_out_another(world, client):
    for _ in range(5):
        sign_in_with_password(client, world.user("school_leader").email, "not-the-password")

    response = sign_in_with_password(client, world.user("dsl").email)

    assert response.status_code == 302


def test_ten_failures_a_minute_from_one_address_refuse_the_eleventh_sign_in(world, client):
    for _ in range(10):
        sign_in_with_password(client, UserFactory().email, "not-the-password")

    response = sign_in_with_password(client, world.user("dsl").email)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_a_sign_in_refused_by_the_lockout_is_logged_in_one_line_without_the_password(world, client, caplog):
    user = world.user("school_leader")
    for _ in range(5):
        sign_in_with_password(client, user.email, "not-the-password")
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        sign_in_with_password(client, user.email)

    [line] = security_lines(caplog)
    reference = account_reference(user.email)
    assert line == f"sign-in refused by the lockout for account {reference} from 127.0.0.1"
    assert PASSWORD not in line
    assert user.email not in line


def test_failed_and_refused_sign_ins_name_the_same_account_the_same_way(world, client, caplog):
    """So that an account under attack can be followed through the log without the log holding addresses."""
    user = world.user("school_leader")
    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        for _ in range(6):
            sign_in_with_password(client, user.email.upper(), "not-the-password")

    lines = security_lines(caplog)
    assert len(lines) == 6
    reference = account_reference(user.email)
    assert all(reference in line for line in lines)
    assert lines[-1].startswith("sign-in refused by the lockout")
    assert not any(user.email in line or "not-the-password" in line for line in lines)


def test_a_password_confirmation_refused_by_the_lockout_is_logged(world, client, caplog):
    user = world.user("school_leader")
    client.force_login(user)
    for _ in range(5):
        client.post(reverse("account_reauthenticate"), {"password": "not-the-password"})
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    assert response.status_code == 200
    assert security_lines(caplog) == [
        f"sign-in refused by the lockout for account {account_reference(user.email)} from 127.0.0.1"
    ]
