"""Authentication failures are logged (ASVS 16.3) with no personal data: no email addresses, no names.

Each line names the account by a keyed hash of its email address, so that lines about one account can be
found together without the log holding the address, and the client's address as `client_ip` reads it.
"""

import hashlib
import hmac
import logging

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.dispatch import receiver

log = logging.getLogger("apcommission.security")


def account_reference(email: str | None) -> str:
    """A short keyed hash of an email address: the same for one address, useless to anyone without the key."""
    if not email:
        return "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def client_ip(request) -> str:
    """The client's address as the sign-in rate limits see it: behind TRUSTED_PROXY_COUNT proxies, the
    one the outermost trusted proxy put in X-Forwarded-For, not the connection's (the proxy's). "-" without
    a request or an address that can be vouched for. Every log line naming a client uses this."""
    if request is None:
        return "-"
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No valid address, or fewer forwarded addresses than trusted proxies. A security log line must
        # still be written, and must not fail the request it records.
        return "-"


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    log.warning(
        "sign-in failed for account %s from %s",
        account_reference(credentials.get("email") or credentials.get("username")),
        client_ip(request),
    )


def log_refused_by_lockout(request, email: str | None) -> None:
    """A sign-in refused before the password was checked, because of too many recent failures."""
    log.warning(
        "sign-in refused by the lockout for account %s from %s",
        account_reference(email),
        client_ip(request),
    )
