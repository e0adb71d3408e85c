"""Failed sign-ins are limited per account (and per address) in the shared Redis cache."""

from django.conf import settings
from django.urls import reverse

from tests.accounts.signing_in import is_signed_in, sign_in_with_password
from tests.factories import UserFactory


def test_the_test_run_uses_the_shared_redis_cache():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


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
