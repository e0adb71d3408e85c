"""Organisations (the tenants) and the memberships through which people act for them."""

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from apcommission.tenancy import identifiers, visibility
from apcommission.tenancy.roles import ROLES_BY_KIND, OrganisationKind, Role, SettingType
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet, unscoped

Kind = OrganisationKind


class OrganisationQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.organisations(membership))


@pghistory.track()
class Organisation(models.Model):
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    la_code = models.CharField(
        "LA code", max_length=3, null=True, blank=True, unique=True, validators=[identifiers.validate_la_code]
    )
    urn = models.CharField(
        "URN", max_length=6, null=True, blank=True, unique=True, validators=[identifiers.validate_urn]
    )
    laestab = models.CharField(
        "LAESTAB", max_length=7, null=True, blank=True, unique=True, validators=[identifiers.validate_laestab]
    )
    ukprn = models.CharField(
        "UKPRN", max_length=8, null=True, blank=True, unique=True, validators=[identifiers.validate_ukprn]
    )
    setting_type = models.CharField(max_length=3, choices=SettingType.choices, blank=True)
    local_authority = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_organisations",
        limit_choices_to={"kind": Kind.LOCAL_AUTHORITY},
        help_text="For a school, the LA of its area; for a provider, the LA whose register it is on.",
    )
    trust = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trust_schools",
        limit_choices_to={"kind": Kind.TRUST},
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="la_has_code",
                condition=~Q(kind=Kind.LOCAL_AUTHORITY) | Q(la_code__isnull=False),
            ),
            models.CheckConstraint(
                name="school_has_urn_laestab_and_la",
                condition=~Q(kind=Kind.SCHOOL)
                | Q(urn__isnull=False, laestab__isnull=False, local_authority__isnull=False),
            ),
            models.CheckConstraint(
                name="provider_is_identified",
                condition=~Q(kind=Kind.PROVIDER)
                | Q(urn__isnull=False)
                | Q(ukprn__isnull=False)
                | ~Q(setting_type=""),
            ),
            models.CheckConstraint(
                name="only_schools_join_trusts",
                condition=Q(kind=Kind.SCHOOL) | Q(trust__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.kind == Kind.LOCAL_AUTHORITY and not self.la_code:
            errors["la_code"] = "Enter the LA code"
        if self.kind == Kind.SCHOOL:
            if not self.urn:
                errors["urn"] = "Enter the school's URN"
            if not self.laestab:
                errors["laestab"] = "Enter the school's LAESTAB"
            if not self.local_authority_id:
                errors["local_authority"] = "Choose the local authority of the school's area"
            elif self.laestab and self.local_authority.la_code != self.laestab[:3]:
                errors["laestab"] = f"The LAESTAB must start with the LA code {self.local_authority.la_code}"
        if self.kind == Kind.PROVIDER and not (self.urn or self.ukprn or self.setting_type):
            errors["urn"] = "Enter a URN or a UKPRN, or choose a setting type if it has neither"
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude=None):
        """URNs, UKPRNs and LA codes are public identifiers, unique across every tenant: check them all.

        Django checks uniqueness through the default manager, which only sees this tenant's rows; a clash
        with another area's organisation would otherwise pass validation and fail at the database.
        """
        with unscoped("identifiers are unique across all organisations"):
            super().validate_unique(exclude=exclude)

    @property
    def roles(self) -> tuple[Role, ...]:
        return ROLES_BY_KIND[self.kind]


class MembershipQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.own_organisation(membership))

    def active(self):
        return self.filter(removed_at__isnull=True)


# When a membership was last acted for is a convenience, not a change of access: it stays out of history.
@pghistory.track(exclude=["last_used_at"])
class Membership(models.Model):
    """A person's role in one organisation. Removal is recorded, never deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the person chooses to act for this organisation, so that signing in lands there again.
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(MembershipQuerySet)()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(removed_at__isnull=True),
                name="one_active_membership_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def kind(self) -> str:
        return self.organisation.kind
