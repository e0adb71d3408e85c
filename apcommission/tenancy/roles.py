"""Kinds of organisation and the roles people hold in each (DOMAIN.md section 2)."""

from django.db import models


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    TRUST = "trust", "Trust"
    PROVIDER = "provider", "Provider"


class Role(models.TextChoices):
    LA_OFFICER = "la_officer", "LA officer"
    LA_VIEWER = "la_viewer", "LA viewer"
    AP_LEAD = "ap_lead", "AP lead"
    DSL = "dsl", "Designated safeguarding lead"
    SCHOOL_LEADER = "school_leader", "School leader"
    SCHOOL_STAFF = "school_staff", "School staff (read only)"
    TRUST_LEADER = "trust_leader", "Trust leader"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    PROVIDER_STAFF = "provider_staff", "Provider staff"


# The kinds of organisation that commission AP and choose providers: they read every provider's profile.
COMMISSIONERS = frozenset({OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.SCHOOL, OrganisationKind.TRUST})

ROLES_BY_KIND: dict[str, tuple[Role, ...]] = {
    OrganisationKind.LOCAL_AUTHORITY: (Role.LA_OFFICER, Role.LA_VIEWER),
    OrganisationKind.SCHOOL: (Role.AP_LEAD, Role.DSL, Role.SCHOOL_LEADER, Role.SCHOOL_STAFF),
    OrganisationKind.TRUST: (Role.TRUST_LEADER,),
    OrganisationKind.PROVIDER: (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF),
}


class SettingType(models.TextChoices):
    """School census codes for AP settings with no URN or UKPRN."""

    NFE = "NFE", "Non-formal education (NFE)"
    OOT = "OOT", "One-to-one tuition (OOT)"
    WBP = "WBP", "Work-based placement (WBP)"
    OTH = "OTH", "Other (OTH)"
