"""Loads the demo world. Idempotent: every row is found by its stable identifier before it is made.

The world itself (organisations, people and their memberships) is written directly, as no service makes
it: organisations are set up by the operator and people join by invitation. Providers and everything
about them are recorded through the providers' services, by the demo's people (`providers.py`).
"""

import base64
import functools
import hashlib
import hmac

import pghistory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from apcommission.accounts.models import User
from apcommission.changes import assign_changes
from apcommission.demo import world
from apcommission.demo.attendance import seed_attendance
from apcommission.demo.concerns import seed_concerns
from apcommission.demo.outcomes import seed_outcomes
from apcommission.demo.panels import seed_panels
from apcommission.demo.placements import seed_placements
from apcommission.demo.progress import seed_progress
from apcommission.demo.providers import PROFILES, seed_providers
from apcommission.demo.pupils import add_generated_pupils, seed_pupils
from apcommission.demo.recording import add_provider
from apcommission.demo.referrals import add_generated_referrals, seed_referrals
from apcommission.demo.reviews import seed_reviews
from apcommission.demo.scale import add_generated_placements, add_generated_providers
from apcommission.demo.visits import seed_visits
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import unscoped
from apcommission.tenancy.services import add_membership

IDENTIFIERS = ("la_code", "urn", "ukprn")
THE_WORLD = "the demo world: organisations, people and memberships, which no service makes"


def refuse_in_production():
    if settings.PRODUCTION:
        raise RuntimeError("Demo data and demo sign-ins are never available under production settings.")


def demo_totp_secret(email: str) -> str:
    """A per-account secret derived from this installation's SECRET_KEY: stable across re-seeding."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-totp:{email}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def _fields(key, organisations) -> tuple[str, str, dict, dict]:
    """An organisation's kind, name, own fields (identifiers) and links to organisations already made."""
    kind, name, fields = world.ORGANISATIONS[key]
    links = {
        field: organisations[value]
        for field, value in fields.items()
        if field in ("local_authority", "trust")
    }
    plain = {field: value for field, value in fields.items() if field not in links}
    return kind, name, plain, links


def _lookup(kind, name, plain) -> dict:
    return next(({f: plain[f]} for f in IDENTIFIERS if f in plain), {"kind": kind, "name": name})


def _organisation(key, organisations):
    """An organisation of the world as world.py has it, saved only where it differs (a save writes a
    history event, and loading again should change nothing)."""
    kind, name, plain, links = _fields(key, organisations)
    values = {"kind": kind, "name": name, **plain, **links}
    organisation, created = Organisation.objects.get_or_create(**_lookup(kind, name, plain), defaults=values)
    if not created and assign_changes(organisation, values):
        organisation.save()
    return organisation


def _provider(key, organisations, acting):
    """A demo provider, found by its identifier, or added with its profile and sites by the organisation
    that first recorded it. Found ones are left as they are: the demo's users may have changed them."""
    kind, name, plain, _ = _fields(key, organisations)
    with unscoped(THE_WORLD):
        found = Organisation.objects.filter(**_lookup(kind, name, plain)).first()
    if found:
        return found
    fields = dict(PROFILES[key])
    sites, added_by = fields.pop("sites"), fields.pop("added_by")
    return add_provider({"name": name, **plain}, fields, sites, by=acting[added_by])


def _account(email, full_name, password_hash):
    # A callable default is called only when the account is made.
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "password": password_hash}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(email))
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return user


def _join(users, organisations, keys) -> dict[str, Membership]:
    """The demo's memberships of the organisations `keys`; returns the one that records for each."""
    acting = {}
    for email, (_, memberships) in world.ACCOUNTS.items():
        for key, role in memberships:
            if key in keys:
                membership = add_membership(user=users[email], organisation=organisations[key], role=role)
                if world.RECORDED_BY.get(key) == email:
                    acting[key] = membership
    return acting


def seed_demo(
    *,
    generated_providers: int = 0,
    generated_pupils: int = 0,
    generated_referrals: int = 0,
    generated_placements: int = 0,
) -> dict[str, Organisation]:
    """Load the demo world, all or nothing, and what its people recorded; with `generated_providers`, that
    many more providers in Demoshire, with `generated_pupils` that many more pupils at Demoshire Academy,
    with `generated_referrals` that many more referrals there, and with `generated_placements` that many
    placements across Demoshire's schools (150 of them, generated where missing). Returns the world's
    organisations by key."""
    refuse_in_production()
    providers = [key for key, (kind, _, _) in world.ORGANISATIONS.items() if kind == Kind.PROVIDER]
    with transaction.atomic(), pghistory.context(command="seed_demo"):
        with unscoped(THE_WORLD):
            organisations: dict[str, Organisation] = {}
            for key in world.ORGANISATIONS:  # ordered so that LAs and trusts come before their schools
                if key not in providers:
                    organisations[key] = _organisation(key, organisations)
            users = {}
            # Hashed once for every new account, if any: it is the same published password, and hashing
            # is slow on purpose (seconds for all eleven).
            password_hash = functools.cache(functools.partial(make_password, world.DEMO_PASSWORD))
            for email, (full_name, memberships) in world.ACCOUNTS.items():
                user = users[email] = _account(email, full_name, password_hash)
                if not memberships and not user.is_staff:
                    user.is_staff = user.is_superuser = True
                    user.save(update_fields=["is_staff", "is_superuser"])
            acting = _join(users, organisations, organisations.keys())
        for key in providers:  # added by the LA or school that first recorded them
            organisations[key] = _provider(key, organisations, acting)
        with unscoped(THE_WORLD):
            acting |= _join(users, organisations, providers)
        seed_providers(organisations, acting)
        if generated_providers:
            add_generated_providers(generated_providers, by=acting["demoshire"])
        seed_pupils(acting)
        seed_referrals(organisations, acting)
        seed_panels(organisations, acting)
        seed_placements(organisations, acting)
        seed_progress(organisations, acting)
        seed_reviews(acting)
        # Before the attendance, so that Kai Moss's placement has its marks from the first load.
        seed_outcomes(organisations, acting)
        seed_attendance()
        seed_concerns(organisations, acting)
        seed_visits(organisations, acting)
        if generated_pupils:
            add_generated_pupils(generated_pupils, by=acting["academy"])
        if generated_referrals:
            add_generated_referrals(generated_referrals, organisations, acting)
        if generated_placements:
            add_generated_placements(generated_placements, organisations, acting)
    return organisations
