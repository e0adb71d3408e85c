"""A provider's profile (the business information every school and LA may read), its sites, and each
LA's record of when it last verified the profile."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from providers import visibility
from providers.models.catalogue import (
    KeyStage,
    Offer,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    RegistrationStatus,
    Specialism,
    Weekday,
)
from providers.models.contact import phone_field, validate_https_url


def choices_array(choices, **kwargs):
    return ArrayField(models.CharField(max_length=30, choices=choices), default=list, blank=True, **kwargs)


class ProviderProfileQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.business_information(membership))


@pghistory.track()
class ProviderProfile(models.Model):
    """What a provider offers. Identity (name, URN, UKPRN, setting type) stays on the Organisation."""

    provider = models.OneToOneField(
        "tenancy.Organisation",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="profile",
        limit_choices_to={"kind": Kind.PROVIDER},
    )
    provider_type = models.CharField(max_length=30, choices=ProviderType.choices)
    registration_status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    ofsted_judgement = models.CharField(
        "Latest Ofsted judgement", max_length=30, choices=OfstedJudgement.choices, blank=True
    )
    ofsted_judgement_on = models.DateField("Date of the latest judgement", null=True, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    description = models.TextField("About the provision", blank=True)
    key_stages = choices_array(KeyStage.choices)
    age_from = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(4), MaxValueValidator(25)]
    )
    age_to = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(4), MaxValueValidator(25)]
    )
    capacity = models.PositiveIntegerField("Places", null=True, blank=True)
    hours_per_week = models.DecimalField(
        "Hours offered per week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    days = choices_array(Weekday.choices)
    session_times = models.CharField(max_length=200, blank=True, help_text="For example, 9:30am to 2:30pm")
    offers = choices_array(Offer.choices)
    teaches_english = models.BooleanField("Teaches English", default=False)
    teaches_maths = models.BooleanField("Teaches maths", default=False)
    other_subjects = models.TextField(blank=True, help_text="One per line")
    qualifications = models.TextField(blank=True, help_text="One per line, for example GCSE English")
    vocational_courses = models.TextField(blank=True, help_text="One per line")
    specialisms = choices_array(Specialism.choices)
    staff_count = models.PositiveIntegerField("Teaching and support staff", null=True, blank=True)
    qts_staff_count = models.PositiveIntegerField(
        "Staff with qualified teacher status", null=True, blank=True
    )
    dsl_name = models.CharField("Designated safeguarding lead", max_length=200, blank=True)
    dsl_email = models.EmailField("DSL email", blank=True)
    dsl_phone = phone_field("DSL phone")
    deputy_dsl_name = models.CharField("Deputy safeguarding lead", max_length=200, blank=True)
    deputy_dsl_email = models.EmailField("Deputy DSL email", blank=True)
    # General contact details: how a school or LA gets in touch about places (not the DSL).
    phone = phone_field("Phone")
    email = models.EmailField("Email", blank=True)
    website = models.URLField("Website", blank=True, validators=[validate_https_url])
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    price_unit = models.CharField(max_length=10, choices=PriceUnit.choices, blank=True)
    price_notes = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The school or LA that first recorded this provider.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(ProviderProfileQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="qts_staff_within_staff",
                condition=Q(qts_staff_count__isnull=True)
                | Q(staff_count__isnull=True)
                | Q(qts_staff_count__lte=models.F("staff_count")),
            ),
            models.CheckConstraint(
                name="ages_in_order",
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_from__lte=models.F("age_to")),
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.provider}"

    def clean(self):
        errors = {}
        if self.age_from and self.age_to and self.age_from > self.age_to:
            errors["age_to"] = "The oldest age must be the same as or older than the youngest"
        if None not in (self.qts_staff_count, self.staff_count) and self.qts_staff_count > self.staff_count:
            errors["qts_staff_count"] = "Staff with QTS cannot be more than all staff"
        if self.price is not None and not self.price_unit:
            errors["price_unit"] = (
                "Say what the price is for: a day, a session, a week, an hour or a placement"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_unregistered(self) -> bool:
        return self.registration_status in RegistrationStatus.unregistered_values()

    @property
    def offers_full_time_hours(self) -> bool:
        """More than 18 hours a week is full time for the registration test (DOMAIN.md 4)."""
        return self.hours_per_week is not None and self.hours_per_week > settings.REGISTRATION_FULL_TIME_HOURS


class SiteQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.business_information(membership))


@pghistory.track()
class Site(models.Model):
    """Where a provider teaches. A site that closes keeps its row, with the date it closed."""

    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    closed_on = models.DateField(null=True, blank=True, help_text="Leave blank while the site is open")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(SiteQuerySet)()

    class Meta:
        ordering = ["closed_on", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.town}"

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)


class ProfileVerificationQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.own_local_authority(membership))


class ProfileVerification(models.Model):
    """An LA officer checked a provider's profile; the snapshot is what they saw, so the next visit can
    show what the provider changed since. One row per check: the latest is the one that counts."""

    provider = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()

    objects = TenantManager.from_queryset(ProfileVerificationQuerySet)()

    class Meta:
        ordering = ["-verified_at"]
        indexes = [models.Index(fields=["provider", "local_authority", "-verified_at"])]
        # Append-only in the database itself: the record of who did what cannot be edited later.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.provider} verified by {self.local_authority} on {self.verified_at:%-d %B %Y}"
