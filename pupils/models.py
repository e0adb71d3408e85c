"""The pupil record a school keeps: identity, the characteristics AP needs, contacts and the attendance
history that becomes a placement's baseline (DOMAIN.md 3.3, 5 and 9). Record only what AP needs.

Each school owns its pupils' records: the same UPN at two schools is two records, and neither school
learns of the other's. Sensitive fields (SEN detail, social care, health, contacts) are shown only to
the roles `pupils.rules.sees_sensitive` names. Every change keeps history; no page deletes a pupil.
"""

import datetime

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from pupils import visibility
from pupils.attendance import does_not_add_up
from pupils.identifiers import year_group


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class SENStatus(models.TextChoices):
    NONE = "none", "No special educational needs"
    SUPPORT = "sen_support", "SEN support"
    EHC_PLAN = "ehc_plan", "Education, health and care (EHC) plan"


class PrimaryNeed(models.TextChoices):
    """DfE's types of special educational need (the school census and CTF codes)."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class SocialCare(models.TextChoices):
    NONE = "none", "Neither"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "On a child protection plan"


class PupilQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.pupils(membership))


# The fields only `pupils.rules.sees_sensitive` roles are shown (and the only ones pages ever defer).
SENSITIVE_FIELDS = (
    "sen_status",
    "primary_need",
    "sen_detail",
    "looked_after",
    "social_care",
    "health_needs",
)


@pghistory.track()
class Pupil(models.Model):
    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    # Keys the visibility rules compare (pupils/visibility.py), stored so a rule is a comparison, not a
    # join: the LA of the school's area, and from when that LA sees the pupil (its first referral or
    # placement; before that the pupil is the school's business alone).
    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    known_to_local_authority_since = models.DateTimeField(null=True, blank=True)

    legal_forename = models.CharField("First name", max_length=100)
    legal_middle_names = models.CharField("Middle names", max_length=200, blank=True)
    legal_surname = models.CharField("Last name", max_length=100)
    preferred_forename = models.CharField("Preferred first name", max_length=100, blank=True)
    preferred_surname = models.CharField("Preferred last name", max_length=100, blank=True)
    date_of_birth = models.DateField("Date of birth")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    # Derived from the date of birth unless a school says otherwise (a pupil taught out of year).
    year_group_override = models.SmallIntegerField("Year group", null=True, blank=True)
    year_group_reason = models.CharField("Why the year group differs", max_length=300, blank=True)

    upn = models.CharField("Unique pupil number (UPN)", max_length=13)
    upn_is_temporary = models.BooleanField(default=False)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    uln = models.CharField("Unique learner number (ULN)", max_length=10, blank=True)

    sen_status = models.CharField(
        "Special educational needs", max_length=20, choices=SENStatus.choices, default=SENStatus.NONE
    )
    primary_need = models.CharField(max_length=4, choices=PrimaryNeed.choices, blank=True)
    sen_detail = models.TextField("SEN detail", blank=True)
    looked_after = models.BooleanField("Looked after", default=False)
    social_care = models.CharField(max_length=20, choices=SocialCare.choices, default=SocialCare.NONE)
    health_needs = models.TextField("Health needs", blank=True)
    free_school_meals = models.BooleanField("Free school meals", default=False)
    pupil_premium = models.BooleanField("Pupil premium", default=False)
    home_local_authority_code = models.CharField("Home LA code", max_length=3, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(PupilQuerySet)()

    class Meta:
        ordering = ["legal_surname", "legal_forename", "pk"]
        constraints = [
            # Within a school a UPN is one pupil; at two schools it is two records.
            models.UniqueConstraint(fields=["school", "upn"], name="one_pupil_per_upn_per_school"),
            models.CheckConstraint(
                condition=Q(year_group_override__isnull=True) | ~Q(year_group_reason=""),
                name="year_group_override_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "legal_surname", "legal_forename"]),
            models.Index(fields=["local_authority", "known_to_local_authority_since"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.local_authority_id is None:
            self.local_authority_id = self.school.local_authority_id  # a school never changes LA
        super().save(*args, **kwargs)

    @property
    def forename(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def surname(self) -> str:
        return self.preferred_surname or self.legal_surname

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def legal_name(self) -> str:
        return " ".join(
            part for part in (self.legal_forename, self.legal_middle_names, self.legal_surname) if part
        )

    def year_group_on(self, day: datetime.date) -> int:
        if self.year_group_override is not None:
            return self.year_group_override
        return year_group(self.date_of_birth, day)


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    CARER = "carer", "Carer"
    GRANDPARENT = "grandparent", "Grandparent"
    RELATIVE = "relative", "Other relative"
    SOCIAL_WORKER = "social_worker", "Social worker"
    OTHER = "other", "Other"


class ContactQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.pupil_details(membership, "pupil__"))


@pghistory.track()
class Contact(models.Model):
    """A parent, carer or other person to reach about the pupil. A sensitive record."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField("Has parental responsibility", default=False)
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(default=1, help_text="1 is the first to contact.")

    objects = TenantManager.from_queryset(ContactQuerySet)()

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class AttendanceYearQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.pupils(membership, "pupil__"))


@pghistory.track()
class AttendanceYear(models.Model):
    """One academic year of the pupil's attendance before AP, in sessions (two a day), as their school
    recorded it: the baseline a placement's attendance objective starts from."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="attendance_years")
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts in: 2025 is 2025/26.")
    possible_sessions = models.PositiveIntegerField()
    attended_sessions = models.PositiveIntegerField()
    authorised_absences = models.PositiveIntegerField(default=0)
    unauthorised_absences = models.PositiveIntegerField(default=0)

    objects = TenantManager.from_queryset(AttendanceYearQuerySet)()

    class Meta:
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "academic_year"], name="one_attendance_row_per_year"),
            models.CheckConstraint(
                condition=Q(attended_sessions__lte=models.F("possible_sessions")),
                name="attended_within_possible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    @property
    def does_not_add_up(self) -> str:
        """ "The attendance for 2024/25 does not add up: ...", or "" when it does."""
        words = does_not_add_up(
            self.academic_year,
            possible=self.possible_sessions,
            attended=self.attended_sessions,
            authorised=self.authorised_absences,
            unauthorised=self.unauthorised_absences,
        )
        return capfirst(words)

    @property
    def percentage(self) -> float | None:
        if not self.possible_sessions:
            return None
        return round(100 * self.attended_sessions / self.possible_sessions, 1)


# Uploaded Common Transfer Files waiting to be imported live beside the code that keeps and discards them.
from pupils.import_uploads import CTFUpload  # noqa: E402, F401
