"""The kinds of alert, who each goes to, and how each is told.

Each kind names the roles that receive it. Roles belong to one kind of organisation each (an AP lead is a
school's, a provider manager a provider's), so a kind sent to "the owner" of something, whatever kind of
organisation owns it (a QA action), lists a role of each kind and reaches the right one.

Safeguarding alerts are always emailed at once (DOMAIN.md 6); every other kind may be gathered into a
person's daily summary instead, if they choose.
"""

from dataclasses import dataclass

from django.db import models

from apcommission.tenancy.roles import Role


class AlertKind(models.TextChoices):
    REVIEW_DUE_SOON = "review_due_soon", "Review due soon"
    REVIEW_OVERDUE = "review_overdue", "Review overdue"
    REVIEW_REQUESTED = "review_requested", "Parent asked for a review"
    PART_TIME_END_NEAR = "part_time_end_near", "Part-time timetable ending soon"
    PART_TIME_END_PASSED = "part_time_end_passed", "Part-time timetable end passed"
    EVIDENCE_EXPIRING = "evidence_expiring", "Compliance evidence expiring"
    EVIDENCE_EXPIRED = "evidence_expired", "Compliance evidence expired"
    LISTING_REVIEW_DUE = "listing_review_due", "Approved list review due"
    QA_ACTION_DUE = "qa_action_due", "Quality assurance action due"
    QA_ACTION_OVERDUE = "qa_action_overdue", "Quality assurance action overdue"
    ATTENDANCE_NOT_SENT = "attendance_not_sent", "Attendance not sent"
    UNEXPLAINED_ABSENCE = "unexplained_absence", "Unexplained absence"
    SAFEGUARDING_CONCERN = "safeguarding_concern", "Safeguarding concern raised"
    REGISTRATION_THRESHOLD = "registration_threshold", "Provider near the registration threshold"
    BELOW_FULL_TIME = "below_full_time", "Pupil below full time with no plan"
    CHECK_IN_DUE = "check_in_due", "Destination check-in due"
    UNLISTED_PROVIDER = "unlisted_provider", "Provider not on the approved list"


@dataclass(frozen=True)
class KindSpec:
    kind: AlertKind
    roles: tuple[Role, ...]
    # How urgent, for the work queue: lower first. Overdue and safeguarding before what is coming.
    urgency: int
    always_immediate: bool = False


SPECS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(AlertKind.SAFEGUARDING_CONCERN, (Role.DSL,), 0, always_immediate=True),
        KindSpec(AlertKind.UNEXPLAINED_ABSENCE, (Role.AP_LEAD,), 1),
        KindSpec(AlertKind.REVIEW_REQUESTED, (Role.AP_LEAD,), 1),
        KindSpec(AlertKind.REVIEW_OVERDUE, (Role.AP_LEAD,), 2),
        KindSpec(AlertKind.PART_TIME_END_PASSED, (Role.AP_LEAD,), 2),
        KindSpec(AlertKind.EVIDENCE_EXPIRED, (Role.LA_OFFICER, Role.PROVIDER_MANAGER), 2),
        KindSpec(AlertKind.QA_ACTION_OVERDUE, (Role.LA_OFFICER, Role.AP_LEAD, Role.PROVIDER_MANAGER), 2),
        KindSpec(AlertKind.ATTENDANCE_NOT_SENT, (Role.PROVIDER_MANAGER, Role.AP_LEAD), 3),
        KindSpec(AlertKind.REGISTRATION_THRESHOLD, (Role.LA_OFFICER, Role.PROVIDER_MANAGER), 3),
        KindSpec(AlertKind.BELOW_FULL_TIME, (Role.AP_LEAD,), 3),
        KindSpec(AlertKind.UNLISTED_PROVIDER, (Role.LA_OFFICER,), 3),
        KindSpec(AlertKind.CHECK_IN_DUE, (Role.AP_LEAD,), 4),
        KindSpec(AlertKind.REVIEW_DUE_SOON, (Role.AP_LEAD,), 5),
        KindSpec(AlertKind.PART_TIME_END_NEAR, (Role.AP_LEAD,), 5),
        KindSpec(AlertKind.EVIDENCE_EXPIRING, (Role.LA_OFFICER, Role.PROVIDER_MANAGER), 5),
        KindSpec(AlertKind.LISTING_REVIEW_DUE, (Role.LA_OFFICER,), 5),
        KindSpec(AlertKind.QA_ACTION_DUE, (Role.LA_OFFICER, Role.AP_LEAD, Role.PROVIDER_MANAGER), 5),
    )
}

# Every kind has a spec: a kind added without one would never be sent.
if set(SPECS) != set(AlertKind.values):
    raise RuntimeError(f"Alert kinds with no spec: {set(AlertKind.values) - set(SPECS)}")
