"""Authentication failures are logged (ASVS 16.3) with no personal data: no email addresses, no names."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

log = logging.getLogger("apcommission.security")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    ip = request.META.get("REMOTE_ADDR", "-") if request is not None else "-"
    log.warning("sign-in failed from %s", ip)
