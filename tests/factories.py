"""Factories for the cross-cutting models: people, organisations, memberships, invitations, audit.

Tenant models refuse queries with no scope, so each factory creates its row inside `unscoped`.
"""

import itertools
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from factory.django import DjangoModelFactory

from apcommission.accounts.models import Invitation, User, hash_token
from apcommission.audit.models import AccessEvent
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind, Role
from apcommission.tenancy.scoping import unscoped

PASSWORD = "correct-horse-battery"  # every factory-made user's password
_la_codes = itertools.count(100)
_urns = itertools.count(100001)
_ukprns = itertools.count(10000001)


class UnscopedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with unscoped("test data"):
            return super()._create(model_class, *args, **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @factory.post_generation
    def with_totp(user, create, extracted, **kwargs):
        """Users have an authenticator app unless built with `with_totp=False`."""
        if create and extracted is not False:
            user.totp_secret = generate_totp_secret()
            TOTP.activate(user, user.totp_secret)


class OperatorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class LocalAuthorityFactory(UnscopedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Council {n}")
    la_code = factory.LazyFunction(lambda: f"{next(_la_codes) % 1000:03d}")


class TrustFactory(UnscopedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.TRUST
    name = factory.Sequence(lambda n: f"Learning Trust {n}")


class SchoolFactory(UnscopedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"School {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    urn = factory.LazyFunction(lambda: str(next(_urns)))
    laestab = factory.LazyAttribute(lambda o: f"{o.local_authority.la_code}{o.urn[-4:]}")


class ProviderFactory(UnscopedFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PROVIDER
    name = factory.Sequence(lambda n: f"Provider {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    ukprn = factory.LazyFunction(lambda: str(next(_ukprns)))


class MembershipFactory(UnscopedFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(SchoolFactory)
    role = Role.AP_LEAD


class InvitationFactory(UnscopedFactory):
    class Meta:
        model = Invitation
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"invitation-token-{n}")
    organisation = factory.SubFactory(SchoolFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.SCHOOL_STAFF
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class AccessEventFactory(DjangoModelFactory):
    class Meta:
        model = AccessEvent

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(SchoolFactory)
    role = Role.AP_LEAD
    action = "pupil.view"
    pupil_ids = factory.LazyFunction(lambda: [1])


def member(organisation, role, **user_fields) -> Membership:
    """A new person holding `role` at `organisation`."""
    return MembershipFactory(organisation=organisation, role=role, user=UserFactory(**user_fields))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
