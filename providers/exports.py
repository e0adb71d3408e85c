"""The columns of the approved-list export (CSV and XLSX, written by apcommission.documents.exports).

Each row is a `providers.selectors.approval.ExportRow`: an entry and its provider's evidence summary.
"""

from apcommission.documents.exports import Column
from providers.models import EvidenceType
from providers.selectors import profile_of


def _profile_display(field: str):
    def value(row):
        profile = profile_of(row.entry.provider)
        return getattr(profile, f"get_{field}_display")() if profile else ""

    return value


def _expiry_of(evidence_type: EvidenceType):
    def value(row):
        for type_state in row.evidence.types:
            if type_state.evidence_type.pk == evidence_type.pk:
                return type_state.latest.expires_on if type_state.latest else None
        return None

    return value


def approved_list_columns(evidence_types: list[EvidenceType]) -> list[Column]:
    """The fixed columns, then one per required evidence type holding its latest check's expiry date
    (blank when there is none)."""
    return [
        Column("Provider", lambda row: row.entry.provider.name, width=40),
        Column("URN", lambda row: row.entry.provider.urn or ""),
        Column("UKPRN", lambda row: row.entry.provider.ukprn or ""),
        Column("Setting type", lambda row: row.entry.provider.get_setting_type_display(), width=30),
        Column("Provider type", _profile_display("provider_type"), width=30),
        Column("Registration status", _profile_display("registration_status"), width=30),
        Column("Status", lambda row: row.entry.get_status_display(), width=26),
        Column("Conditions", lambda row: row.entry.conditions, width=50),
        Column("Conditions for placing", lambda row: row.entry.placing_conditions, width=50),
        Column("Categories", lambda row: "; ".join(c.name for c in row.entry.approved_for), width=30),
        Column("Price", lambda row: row.entry.price, number_format="0.00"),
        Column("Price unit", lambda row: row.entry.get_price_unit_display()),
        Column("Approved on", lambda row: row.entry.approved_on, width=12),
        Column("Next review", lambda row: row.entry.next_review_on, width=12),
        Column("Evidence state", lambda row: row.evidence.state.label, width=16),
        *(
            Column(f"{t.name} expires", _expiry_of(t), width=max(14, len(t.name) + 10))
            for t in evidence_types
        ),
    ]
