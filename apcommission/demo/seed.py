"""Loads the demo world. Idempotent: every row is found or created by its stable identifier."""

import base64
import hashlib
import hmac

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction

from apcommission.accounts.models import User
from apcommission.demo import world
from apcommission.demo.providers import seed_providers
from apcommission.demo.scale import add_generated_providers
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.scoping import unscoped
from apcommission.tenancy.services import add_membership

IDENTIFIERS = ("la_code", "urn", "ukprn")


def refuse_in_production():
    if settings.PRODUCTION:
        raise RuntimeError("Demo data and demo sign-ins are never available under production settings.")


def demo_totp_secret(email: str) -> str:
    """A per-account secret derived from this installation's SECRET_KEY: stable across re-seeding."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-totp:{email}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def _organisation(key, organisations):
    kind, name, fields = world.ORGANISATIONS[key]
    links = {
        field: organisations[value]
        for field, value in fields.items()
        if field in ("local_authority", "trust")
    }
    plain = {field: value for field, value in fields.items() if field not in links}
    lookup = next(({f: plain[f]} for f in IDENTIFIERS if f in plain), {"kind": kind, "name": name})
    organisation, _ = Organisation.objects.update_or_create(
        **lookup, defaults={"kind": kind, "name": name, **plain, **links}
    )
    return organisation


def _account(email, full_name):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(world.DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(email))
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return user


def seed_demo(*, generated_providers: int = 0) -> dict[str, Organisation]:
    refuse_in_production()
    with unscoped("loading the demo world"), transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for key in world.ORGANISATIONS:  # ordered so that LAs and trusts come before their schools
            organisations[key] = _organisation(key, organisations)
        users = {}
        for email, (full_name, memberships) in world.ACCOUNTS.items():
            user = users[email] = _account(email, full_name)
            if not memberships and not user.is_staff:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            for key, role in memberships:
                add_membership(user=user, organisation=organisations[key], role=role)
        seed_providers(organisations, users)
        if generated_providers:
            add_generated_providers(
                generated_providers,
                local_authority=organisations["demoshire"],
                officer=users["la.officer@demoshire.example"],
            )
    return organisations
