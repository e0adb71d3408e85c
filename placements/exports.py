"""The register's export (CSV and XLSX, written formula-safe by `apcommission.documents.exports`): each row
of the register as filtered, with the school census's AP placements module fields (DOMAIN.md 4).

The census wants one identifier of the setting: its URN, or else its UKPRN, or else its setting type (NFE,
OOT, OTH, WBP), never two. A provider with neither number has a setting type on its record; where it has
none, the type is worked out from the kind of provider its profile says it is (`census_setting_type`).
"""

from apcommission.documents.exports import Column
from apcommission.tenancy.roles import SettingType
from placements.register import RegisterRow
from providers.models import ProviderType
from pupils.forms import year_group_name

# A provider with no URN or UKPRN, by what kind of provider it is, as the census codes its setting.
SETTING_OF_PROVIDER_TYPE = {
    ProviderType.TUITION: SettingType.OOT,
    ProviderType.TRAINING_PROVIDER: SettingType.WBP,
    ProviderType.FE_COLLEGE: SettingType.NFE,
    ProviderType.OTHER_UNREGISTERED: SettingType.OTH,
}


def census_urn(row: RegisterRow) -> str:
    return row.provider_urn or ""


def census_ukprn(row: RegisterRow) -> str:
    return "" if row.provider_urn else (row.provider_ukprn or "")


def census_setting_type(row: RegisterRow) -> str:
    """The setting type, only for a provider with neither a URN nor a UKPRN (the census refuses both)."""
    if row.provider_urn or row.provider_ukprn:
        return ""
    if row.provider_setting_type:
        return row.provider_setting_type
    return str(SETTING_OF_PROVIDER_TYPE.get(row.provider_type, SettingType.OTH))


def register_columns() -> list[Column]:
    return [
        Column("School", lambda row: row.school_name, width=30),
        Column("Surname", lambda row: row.surname, width=20),
        Column("Forename", lambda row: row.forename, width=20),
        Column("UPN", lambda row: row.upn, width=15),
        Column("Year group", lambda row: year_group_name(row.year_group)),
        Column("Provider", lambda row: row.provider_name, width=36),
        Column("Site", lambda row: row.site_name or ""),
        Column("Status", lambda row: row.status.label),
        # The school census AP placements module.
        Column("Provider URN", census_urn),
        Column("Provider UKPRN", census_ukprn),
        Column("AP setting type", census_setting_type),
        Column("Reason for placement", lambda row: row.reason_label, width=36),
        Column("Start date", lambda row: row.starts_on, width=12),
        Column("End date", lambda row: row.ended_on, width=12),
        Column("Attendance pattern", lambda row: "Full-time" if row.full_time else "Part-time"),
        Column("Sessions a week", lambda row: row.sessions_a_week),
        # The register's own columns.
        Column("Hours a week", lambda row: row.hours, number_format="0.0"),
        Column("Planned end date", lambda row: row.planned_end_on, width=14),
        Column("Next review", lambda row: row.next_review_on or row.next_review, width=14),
        Column("Flags", lambda row: row.flag_labels, width=50),
    ]
