"""Who may print and open reports (DOMAIN.md 2: a school's leader prints the evidence pack; LA officers
run area reports). What a membership may see at all is `reports.visibility`; these rules only meet what
it already sees."""

from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role

# The school's people who answer for its use of AP, and the trust's leaders for each of its schools.
PACK_PRINTERS = frozenset({Role.SCHOOL_LEADER, Role.AP_LEAD, Role.DSL, Role.TRUST_LEADER})
AREA_PRINTERS = frozenset({Role.LA_OFFICER})


def can_print_evidence_pack(membership) -> bool:
    return has_role(membership, *PACK_PRINTERS)


def can_print_area_report(membership) -> bool:
    return has_role(membership, *AREA_PRINTERS)


def can_print_trust_report(membership) -> bool:
    return has_role(membership, Role.TRUST_LEADER)


def can_print_placement_report(membership) -> bool:
    """The commissioners, who read the whole plan (a provider reads only its practical parts)."""
    from placements.rules import reads_plan_in_full

    return reads_plan_in_full(membership)


def can_use_reports(membership) -> bool:
    return can_print_evidence_pack(membership) or can_print_area_report(membership)


def can_open_report(membership, report) -> bool:
    """A stored report is opened by those of its organisation who may print its kind."""
    from reports.models import ReportKind

    if report.kind == ReportKind.EVIDENCE_PACK:
        return can_print_evidence_pack(membership)
    if report.kind == ReportKind.TRUST:
        return can_print_trust_report(membership)
    return can_print_area_report(membership)


FOR_TEMPLATES = {
    "may_print_evidence_pack": can_print_evidence_pack,
    "may_print_area_report": can_print_area_report,
    "may_print_placement_report": can_print_placement_report,
    "may_print_trust_report": can_print_trust_report,
}
ON_A_RECORD = {"may_open_report": can_open_report}
