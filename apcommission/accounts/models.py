"""People who sign in, and the invitations through which they join an organisation."""

import hashlib

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apcommission.tenancy import visibility
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractUser):
    """Signs in with an email address; acts for organisations through memberships."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    # The account an API key acts through (api/keys.py): it has no password and cannot sign in, and the
    # members an administrator manages leave it out. Whatever lists people to tell (alerts) must too.
    is_api_client = models.BooleanField(default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_operator(self) -> bool:
        """The product's own support staff: the Django admin, no organisation's data."""
        return self.is_staff


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.own_organisation(membership))

    def open(self):
        """Neither accepted nor withdrawn: waiting, or expired unanswered. At most one per person and
        organisation (the constraint below), so a new invitation first closes the old one."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self):
        """Open and still usable."""
        return self.open().filter(expires_at__gt=timezone.now())


@pghistory.track()
class Invitation(models.Model):
    """An administrator's invitation to join their organisation with a role. Only the token's hash is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Withdrawn by an administrator, or replaced by a newer invitation to the same person. Never deleted.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(InvitationQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.organisation} as {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.is_open and not self.is_expired
