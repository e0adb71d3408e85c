"""Changes to a school's pupil records: the pupil, their contacts and their attendance years. The pupil
pages and the CTF importer both call these, so the checks are made once: the rule (`pupils.rules`), the
UPN's check letter and its uniqueness within the school, and the limits on every value.

Each function runs in one transaction and reads through the acting membership's view. History is kept by
database triggers (pghistory); what is unchanged is not written, so saving a form as it stands (or
importing the same file twice) changes nothing and adds no history. Nothing here deletes.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.govuk import PARAGRAPHS_LIMIT
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import unscoped
from pupils import rules
from pupils.identifiers import (
    academic_year_start,
    check_uln,
    check_upn,
    date_of_birth_problem,
    is_english_la_code,
    la_code_problem,
)
from pupils.models import AttendanceYear, Contact, Pupil, SENStatus

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

# What a school records of a pupil. `upn_is_temporary` follows from the UPN, and the LA keys from the school.
PUPIL_FIELDS = (
    "legal_forename",
    "legal_middle_names",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "sex",
    "year_group_override",
    "year_group_reason",
    "upn",
    "former_upn",
    "uln",
    "sen_status",
    "primary_need",
    "sen_detail",
    "looked_after",
    "social_care",
    "health_needs",
    "free_school_meals",
    "pupil_premium",
    "home_local_authority_code",
)
CONTACT_FIELDS = (
    "name",
    "relationship",
    "parental_responsibility",
    "telephone",
    "email",
    "address",
    "priority",
)
ATTENDANCE_FIELDS = (
    "possible_sessions",
    "attended_sessions",
    "authorised_absences",
    "unauthorised_absences",
)
# Boxes of paragraphs; every other text value is a line, limited by its column.
PARAGRAPH_FIELDS = ("sen_detail", "health_needs", "address")

# Reception (0) to Year 13: the year groups a pupil may be placed in by hand.
YEAR_GROUPS = range(0, 14)
# Two sessions a day on at most a few more than the 190 school days of an English school year.
MOST_SESSIONS_IN_A_YEAR = 500
# The oldest academic year a baseline may come from.
FIRST_ACADEMIC_YEAR = 2000

_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,40}$")


class DuplicateUPN(ValidationError):
    """The school already has a pupil with this UPN. `existing` is that pupil, for a page to link to or an
    import to offer to update."""

    def __init__(self, existing: Pupil):
        self.existing = existing
        born = f"{existing.date_of_birth:%-d %B %Y}"
        message = f"{existing.legal_name} (born {born}) already has this UPN at your school"
        super().__init__({"upn": ValidationError(message, code="duplicate_upn")})


def _unknown(fields: dict, allowed: tuple[str, ...], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not fields of {what}: {', '.join(sorted(unknown))}")


def _tidy(values: dict) -> dict:
    """Text trimmed of the spaces a form or a file pads it with; a missing year group has no reason."""
    tidy = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    for name in ("upn", "former_upn", "uln"):
        if name in tidy:
            tidy[name] = "".join((tidy[name] or "").split()).upper()
    if "telephone" in tidy:
        tidy["telephone"] = " ".join(tidy["telephone"].split())
    if "year_group_override" in tidy and tidy["year_group_override"] is None:
        tidy["year_group_reason"] = ""
    return tidy


def _check_lengths(values: dict) -> None:
    errors = {
        name: f"This must be {PARAGRAPHS_LIMIT:,} characters or fewer"
        for name in PARAGRAPH_FIELDS
        if len(values.get(name) or "") > PARAGRAPHS_LIMIT
    }
    if errors:
        raise ValidationError(errors)


NEED_WITHOUT_SEN = "Choose SEN support or EHC plan, or remove the primary need"
FORMER_UPN_IS_UPN = "The former UPN is the UPN: enter the pupil's previous UPN, or leave it empty"


def pupil_problems(values: dict, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with a pupil's values beyond their columns' own, field by field, all at once: UPNs
    and ULN with their check characters (a former UPN is another UPN), a year group with its reason, a
    date of birth that makes the pupil 2 to 25 today, a home LA that is an LA, and a primary need only
    with SEN provision. `values` may hold some fields only (a form whose other fields have errors)."""
    errors: dict[str, str] = {}
    upn = values.get("upn")
    if upn is not None and not (checked := check_upn(upn)).valid:
        errors["upn"] = checked.problem
    if former_upn := values.get("former_upn"):
        former = check_upn(former_upn)
        if not former.valid:
            errors["former_upn"] = f"Former UPN: {former.problem[0].lower()}{former.problem[1:]}"
        elif former.value == upn:
            errors["former_upn"] = FORMER_UPN_IS_UPN
    if (uln := values.get("uln")) and not check_uln(uln):
        errors["uln"] = (
            "Enter a unique learner number (ULN) of 10 digits whose last digit checks the others, "
            "or leave it empty"
        )
    if (override := values.get("year_group_override")) is not None:
        if override not in YEAR_GROUPS:
            errors["year_group_override"] = "Year group must be from Reception to Year 13"
        elif not values.get("year_group_reason"):
            errors["year_group_reason"] = "Enter why the year group differs from the pupil's age"
    if (born := values.get("date_of_birth")) and (problem := date_of_birth_problem(born, today)):
        errors["date_of_birth"] = problem
    code = values.get("home_local_authority_code")
    if code and (problem := la_code_problem(code, registered=_registered_la_code(code))):
        errors["home_local_authority_code"] = problem
    if values.get("primary_need") and values.get("sen_status") == SENStatus.NONE:
        errors["primary_need"] = NEED_WITHOUT_SEN
    return errors


def _check_pupil(pupil: Pupil, *, today: datetime.date) -> None:
    """Every check of `pupil_problems`, on a pupil about to be saved; sets whether its UPN is temporary."""
    errors = pupil_problems({name: getattr(pupil, name) for name in PUPIL_FIELDS}, today=today)
    if errors:
        raise ValidationError(errors)
    pupil.upn_is_temporary = check_upn(pupil.upn).temporary


def _registered_la_code(code: str) -> bool:
    """Whether an LA registered with the service has this code. Asked only of a code no English LA has:
    the demonstration LAs (999, 998) are real LAs of the service, and a pupil may live in one."""
    if is_english_la_code(code):
        return True
    # LA codes are public identifiers, unique across every tenant (as Organisation.validate_unique says).
    with unscoped("whether any LA has this public LA code"):
        return Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=code).exists()


def _refuse_duplicate(pupil: Pupil, *, by: Membership) -> None:
    existing = (
        Pupil.objects.visible_to(by)
        .filter(school_id=pupil.school_id, upn=pupil.upn)
        .exclude(pk=pupil.pk)
        .first()
    )
    if existing is not None:
        raise DuplicateUPN(existing)


def _save_pupil(pupil: Pupil, *, by: Membership, update_fields: list[str] | None = None) -> None:
    """Save, turning a UPN taken at the same moment by someone else into the same clear error."""
    try:
        with transaction.atomic():
            pupil.save(update_fields=update_fields)
    except IntegrityError:
        _refuse_duplicate(pupil, by=by)
        raise


@transaction.atomic
def add_pupil(*, by: Membership, **fields: object) -> Pupil:
    """A new pupil at the AP lead's school. Raises ValidationError (field by field) for a value that is
    not right, and `DuplicateUPN` (a ValidationError) when the school already has a pupil with the UPN.
    A temporary UPN is accepted, and flagged on the record as `upn_is_temporary`."""
    if not rules.can_add_pupil(by):
        raise PermissionDenied("Only the school's AP lead adds pupils")
    _unknown(fields, PUPIL_FIELDS, "a pupil")
    values = _tidy(fields)
    _check_lengths(values)
    school = by.organisation
    pupil = Pupil(school=school, local_authority_id=school.local_authority_id, **values)
    _check_pupil(pupil, today=timezone.localdate())
    _refuse_duplicate(pupil, by=by)
    pupil.full_clean(validate_constraints=False)
    _save_pupil(pupil, by=by)
    return pupil


@transaction.atomic
def update_pupil(pupil: Pupil, *, by: Membership, changes: dict) -> Pupil:
    """Change a pupil's record. Only the values that differ are written: the same values again change
    nothing, not even when it was last updated, and add no history."""
    if not rules.can_edit_pupil(by, pupil):
        raise PermissionDenied("Only the school's AP lead changes its pupils' records")
    _unknown(changes, PUPIL_FIELDS, "a pupil")
    values = _tidy(changes)
    _check_lengths(values)
    # Compared with the row as stored: a ModelForm has already copied its values onto `pupil`.
    locked = Pupil.objects.visible_to(by).select_for_update().get(pk=pupil.pk)
    changed = assign_changes(locked, values)
    if not changed:
        return locked
    was_temporary = locked.upn_is_temporary
    _check_pupil(locked, today=timezone.localdate())
    if "upn" in changed:
        _refuse_duplicate(locked, by=by)
    if locked.upn_is_temporary != was_temporary:
        changed.append("upn_is_temporary")
    locked.full_clean(validate_constraints=False)
    _save_pupil(locked, by=by, update_fields=[*changed, "updated_at"])
    return locked


def _pupil_to_change(pupil: Pupil, *, by: Membership) -> Pupil:
    if not rules.can_edit_pupil(by, pupil):
        raise PermissionDenied("Only the school's AP lead changes its pupils' records")
    return Pupil.objects.visible_to(by).get(pk=pupil.pk)


NO_WAY_TO_REACH = "Enter a telephone number, an email address or an address, so the contact can be reached"
PHONE_FORMAT = "Enter a telephone number using digits, spaces and brackets, like 07700 900 982"


def contact_problems(values: dict) -> dict[str, str]:
    """What is wrong with a contact's values beyond their columns' own, all at once: a telephone number
    that is not one, and no way at all to reach the person."""
    errors = {}
    telephone = values.get("telephone") or ""
    if telephone and not _PHONE.match(telephone):
        errors["telephone"] = PHONE_FORMAT
    if not (telephone or values.get("email") or (values.get("address") or "").strip()):
        errors["telephone"] = NO_WAY_TO_REACH
    priority = values.get("priority")
    if priority is not None and priority < 1:
        errors["priority"] = "Order to contact must be 1 or more"
    return errors


def _check_contact(contact: Contact) -> None:
    """Every problem at once: the columns' own (`full_clean`) and `contact_problems`."""
    errors = {name: [problem] for name, problem in contact_problems(vars(contact)).items()}
    try:
        contact.full_clean()
    except ValidationError as refused:
        for name, problems in refused.message_dict.items():
            errors.setdefault(name, problems)
    if errors:
        raise ValidationError(errors)


def next_priority(pupil: Pupil, *, by: Membership) -> int:
    """The order to contact a new contact of the pupil gets unless told otherwise: the first number no
    contact has (3 after 1 and 2; 2 when 1 and 3 are taken)."""
    taken = set(Contact.objects.visible_to(by).filter(pupil=pupil).values_list("priority", flat=True))
    return next(number for number in range(1, len(taken) + 2) if number not in taken)


@transaction.atomic
def add_contact(pupil: Pupil, *, by: Membership, **fields: object) -> Contact:
    """A parent, carer or other person to reach about the pupil."""
    pupil = _pupil_to_change(pupil, by=by)
    _unknown(fields, CONTACT_FIELDS, "a contact")
    values = _tidy(fields)
    _check_lengths(values)
    contact = Contact(pupil=pupil, **values)
    _check_contact(contact)
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, by: Membership, changes: dict) -> Contact:
    """Change a contact's details; the same values again change nothing."""
    _pupil_to_change(contact.pupil, by=by)
    _unknown(changes, CONTACT_FIELDS, "a contact")
    values = _tidy(changes)
    _check_lengths(values)
    locked = Contact.objects.visible_to(by).select_for_update().get(pk=contact.pk)
    changed = assign_changes(locked, values)
    if changed:
        _check_contact(locked)
        locked.save(update_fields=changed)
    return locked


def _check_attendance(row: AttendanceYear, *, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    if not FIRST_ACADEMIC_YEAR <= row.academic_year <= academic_year_start(today):
        errors["academic_year"] = (
            f"Academic year must be from {FIRST_ACADEMIC_YEAR} to this year, {academic_year_start(today)}"
        )
    numbers = {name: getattr(row, name) for name in ATTENDANCE_FIELDS}
    for name, value in numbers.items():
        if value is None or value < 0:
            errors[name] = "Enter a number of sessions, 0 or more"
        elif value > MOST_SESSIONS_IN_A_YEAR:
            errors[name] = f"A school year has at most {MOST_SESSIONS_IN_A_YEAR} sessions"
    if not errors:
        absences = row.authorised_absences + row.unauthorised_absences
        if row.attended_sessions + absences > row.possible_sessions:
            errors["attended_sessions"] = (
                "Sessions attended and absences together must be no more than the sessions possible"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_attendance_year(
    pupil: Pupil, *, by: Membership, academic_year: int, **fields: int
) -> AttendanceYear:
    """The pupil's attendance in one academic year before AP (the baseline): recorded once per year, so
    a second record for the same year updates the first. The same numbers again change nothing."""
    pupil = _pupil_to_change(pupil, by=by)
    _unknown(fields, ATTENDANCE_FIELDS, "an attendance year")
    stored = (
        AttendanceYear.objects.visible_to(by)
        .select_for_update()
        .filter(pupil=pupil, academic_year=academic_year)
        .first()
    )
    row = stored or AttendanceYear(pupil=pupil, academic_year=academic_year)
    changed = assign_changes(row, fields)
    if stored is not None and not changed:
        return stored
    _check_attendance(row, today=timezone.localdate())
    row.full_clean(validate_constraints=False)
    if stored is None:
        row.save()
    else:
        row.save(update_fields=changed)
    return row
