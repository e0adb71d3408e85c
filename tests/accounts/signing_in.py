"""Signing in the way a person does: email and password, then a code from their authenticator app."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD


def totp_counter() -> int:
    return int(time.time()) // settings.MFA_TOTP_PERIOD


def fresh_totp_code(secret: str, *, seconds_needed: float = 3) -> tuple[str, int]:
    """The code for the current period and that period's counter.

    Waits for the next period when fewer than `seconds_needed` remain, so that the code is still the
    current one when the test uses it.
    """
    period = settings.MFA_TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < seconds_needed:
        time.sleep(remaining + 0.05)
    counter = totp_counter()
    return format_hotp_value(hotp_value(secret, counter)), counter


def wrong_code(code: str) -> str:
    """A six-digit code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def sign_in_with_password(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def enter_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def sign_out(client):
    return client.post(reverse("account_logout"))


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def security_lines(caplog) -> list[str]:
    """What the security log (ASVS 16.3) said, one message a line."""
    return [record.getMessage() for record in caplog.records if record.name == "apcommission.security"]
