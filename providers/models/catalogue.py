"""The vocabularies a provider's profile is described in (DOMAIN.md 3.1, 4)."""

from django.db import models


class ProviderType(models.TextChoices):
    PRU = "pru", "Pupil referral unit (PRU)"
    AP_ACADEMY = "ap_academy", "AP academy or AP free school"
    INDEPENDENT_SCHOOL = "independent_school", "Registered independent school"
    FE_COLLEGE = "fe_college", "Further education (FE) college"
    TRAINING_PROVIDER = "training_provider", "Training provider"
    TUITION = "tuition", "Tuition provider"
    OTHER_UNREGISTERED = "other_unregistered", "Other unregistered provider"


class RegistrationStatus(models.TextChoices):
    """Whether the setting is registered as a school (or inspected as FE) with Ofsted or DfE."""

    REGISTERED = "registered", "Registered school"
    FE_REGISTERED = "fe_registered", "Registered FE or training provider"
    APPLIED = "applied", "Applied for registration"
    UNREGISTERED = "unregistered", "Unregistered"

    @classmethod
    def unregistered_values(cls) -> tuple[str, ...]:
        return (cls.APPLIED, cls.UNREGISTERED)


class OfstedJudgement(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_INSPECTED = "not_inspected", "Not yet inspected"
    NOT_APPLICABLE = "not_applicable", "Not inspected by Ofsted (unregistered)"


class KeyStage(models.TextChoices):
    KS1 = "ks1", "Key stage 1"
    KS2 = "ks2", "Key stage 2"
    KS3 = "ks3", "Key stage 3"
    KS4 = "ks4", "Key stage 4"
    KS5 = "ks5", "Post-16"

    @property
    def short(self) -> str:
        """For a table column: KS3, Post-16."""
        return "Post-16" if self == KeyStage.KS5 else self.value.upper()


class Specialism(models.TextChoices):
    SEMH = "semh", "Social, emotional and mental health (SEMH)"
    MEDICAL = "medical", "Medical and health needs"
    AUTISM = "autism", "Autism"
    SEND = "send", "Other special educational needs"
    BEHAVIOUR = "behaviour", "Behaviour support"
    REINTEGRATION = "reintegration", "Reintegration to school"
    VOCATIONAL = "vocational", "Vocational"
    THERAPEUTIC = "therapeutic", "Therapeutic"


class Offer(models.TextChoices):
    """How a provider's places can be used."""

    FULL_TIME = "full_time", "Full-time places"
    PART_TIME = "part_time", "Part-time places alongside school"
    SHORT_TERM = "short_term", "Short-term placements (up to 12 weeks)"
    OUTREACH = "outreach", "Outreach or tuition at home or school"
    ONLINE = "online", "Online tuition"


class Weekday(models.TextChoices):
    MON = "mon", "Monday"
    TUE = "tue", "Tuesday"
    WED = "wed", "Wednesday"
    THU = "thu", "Thursday"
    FRI = "fri", "Friday"


class PriceUnit(models.TextChoices):
    DAY = "day", "per day"
    SESSION = "session", "per session"
    WEEK = "week", "per week"
    HOUR = "hour", "per hour"
    PLACEMENT = "placement", "per placement"
