"""Authentication failures are logged (ASVS 16.3) with no personal data: no email addresses, no names.

Each line names the account by a keyed hash of its email address, so that lines about one account can be
found together without the log holding the address, and the client address.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

log = logging.getLogger("apcommission.security")


def account_reference(email: str | None) -> str:
    """A short keyed hash of an email address: the same for one address, useless to anyone without the key."""
    if not email:
        return "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    log.warning(
        "sign-in failed for account %s from %s",
        account_reference(credentials.get("email") or credentials.get("username")),
        _client_address(request),
    )


def log_refused_by_lockout(request, email: str | None) -> None:
    """A sign-in refused before the password was checked, because of too many recent failures."""
    log.warning(
        "sign-in refused by the lockout for account %s from %s",
        account_reference(email),
        _client_address(request),
    )
