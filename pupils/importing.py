"""Importing pupils from a Common Transfer File: what importing each pupil in the file would do (the preview
shows it, warnings and all), and doing it for the pupils the AP lead picks.

A pupil already at the school (the same UPN, or a file's former UPN that is theirs) is updated, never
duplicated; only what differs is changed, with history, so importing the same file again changes nothing.
A value the file leaves out (as a partial file may) never blanks one the record holds, and nothing the
record holds is deleted: a contact or year of attendance missing from the file stays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst

from apcommission.tenancy.models import Membership
from pupils import rules, services
from pupils.ctf import Address, CTFFile, CTFPupil
from pupils.ctf import Contact as CTFContact
from pupils.ctf.records import AttendanceYear as CTFAttendanceYear
from pupils.identifiers import (
    age_on,
    ascii_digits,
    check_uln,
    check_upn,
    date_of_birth_problem,
    year_group,
    year_group_name,
)
from pupils.import_uploads import CTFUpload, read_upload
from pupils.models import AttendanceYear, Contact, PrimaryNeed, Pupil, Relationship, SENStatus

ADD, UPDATE, UNCHANGED = "add", "update", "unchanged"

# The CTF's relationship codes as the pupil record keeps them; any other (childminder, doctor, "other
# contact", none given) is "Other".
RELATIONSHIPS = {
    "PAM": Relationship.MOTHER,
    "PAF": Relationship.FATHER,
    "STM": Relationship.STEP_PARENT,
    "STF": Relationship.STEP_PARENT,
    "FOM": Relationship.FOSTER_CARER,
    "FOF": Relationship.FOSTER_CARER,
    "CAR": Relationship.CARER,
    "REL": Relationship.RELATIVE,
    "SWR": Relationship.SOCIAL_WORKER,
}


@dataclass
class RecordPlan:
    """A contact or a year of attendance: the values from the file, the row they match, and what of it
    would change (every value for a new row)."""

    label: str
    values: dict
    existing: Contact | AttendanceYear | None = None
    changes: dict = field(default_factory=dict)


@dataclass
class PupilPlan:
    """What importing the `position`th pupil of the file would do.

    `problems` stop the pupil being imported (a UPN whose check letter is wrong among them: the record
    would carry a number that is not the pupil's); `notes` are everything else worth knowing, the
    reader's warnings first."""

    position: int
    pupil: CTFPupil
    existing: Pupil | None
    values: dict
    changes: dict
    contacts: list[RecordPlan]
    years: list[RecordPlan]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return not self.problems

    @property
    def action(self) -> str:
        if self.existing is None:
            return ADD
        changed = self.changes or any(record.changes for record in (*self.contacts, *self.years))
        return UPDATE if changed else UNCHANGED

    @property
    def changed_fields(self) -> list[str]:
        """The pupil record's fields that would change, by their labels."""
        return [capfirst(Pupil._meta.get_field(name).verbose_name) for name in self.changes]


@dataclass
class ImportPlan:
    """What importing a file would do, pupil by pupil. `warnings` are about the file as a whole: the
    reader's, then whether it was meant for this school."""

    ctf: CTFFile
    pupils: list[PupilPlan]
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(plan.action if plan.importable else "blocked" for plan in self.pupils)


def plan_import(ctf: CTFFile, *, membership: Membership) -> ImportPlan:
    """What importing each pupil of `ctf` into `membership`'s school would do, in three queries whatever
    the size of the file: the school's pupils with the file's UPNs, their contacts, their attendance."""
    wanted = {pupil.upn for pupil in ctf.pupils if pupil.upn} | {
        former for pupil in ctf.pupils for former in pupil.former_upns
    }
    existing = {
        pupil.upn: pupil
        for pupil in Pupil.objects.visible_to(membership)
        .filter(school_id=membership.organisation_id, upn__in=wanted)
        .prefetch_related(
            Prefetch("contacts", Contact.objects.visible_to(membership)),
            Prefetch("attendance_years", AttendanceYear.objects.visible_to(membership)),
        )
    }
    repeated = {upn for upn, times in Counter(p.upn for p in ctf.pupils if p.upn).items() if times > 1}
    claimed: dict[int, str] = {}
    plans = []
    for position, pupil in enumerate(ctf.pupils, start=1):
        plan = _plan_pupil(position, pupil, ctf, existing)
        if pupil.upn in repeated:
            plan.problems.append(f"The UPN {pupil.upn} is given to more than one pupil in the file")
        if plan.existing is not None:
            if plan.existing.pk in claimed:
                plan.problems.append(f"{claimed[plan.existing.pk]} in the file is the same pupil")
            claimed.setdefault(plan.existing.pk, pupil.name)
        plans.append(plan)
    warnings = [*ctf.warnings, *filter(None, [_destination_warning(ctf, membership.organisation)])]
    return ImportPlan(ctf=ctf, pupils=plans, warnings=warnings)


def _destination_warning(ctf: CTFFile, school) -> str:
    """A warning when the file names another school as the one it was made for (its header's DestLEA and
    DestEstab): a file sent to the wrong school, or picked up by mistake. A file made for no school in
    particular (DfE's XXX/XXXX, or MMM/MMMM outside the maintained sector) is not warned about."""
    destination = ctf.destination
    if not (ascii_digits(destination.la) and ascii_digits(destination.estab)):
        return ""
    if destination.laestab == (school.laestab or ""):
        return ""
    return (
        f"This file was made for another school (LA {destination.la}, establishment {destination.estab}"
        f"{f', {destination.name}' if destination.name else ''}), not {school.name} (LA "
        f"{(school.laestab or '')[:3]}, establishment {(school.laestab or '')[3:]}): check it is the file "
        "meant for you before importing"
    )


def _plan_pupil(position: int, pupil: CTFPupil, ctf: CTFFile, existing: dict[str, Pupil]) -> PupilPlan:
    # The reader starts each warning with the pupil's name; here they sit under it already.
    who = f"{pupil.name or f'Pupil {position} in the file'}: "
    notes = [capfirst(warning.removeprefix(who)) for warning in pupil.warnings]
    problems = _identity_problems(pupil)
    if pupil.upn and not pupil.upn_check.valid:  # said once, as the problem it is
        notes = [note for note in notes if not note.startswith(f"The UPN {pupil.upn} is not valid")]
    if note := _year_group_note(pupil, ctf):
        notes.append(note)
    match = existing.get(pupil.upn)
    if match is None:
        match = next((existing[f] for f in pupil.former_upns if f in existing), None)
        if match is not None:
            notes.append(f"{match.name} has the former UPN {match.upn}: their UPN will become {pupil.upn}")
    values = _pupil_values(pupil, ctf, notes)
    contacts = [_contact_plan(contact, pupil.address, notes) for contact in pupil.contacts]
    years = [plan for year in pupil.attendance if (plan := _year_plan(year, notes))]
    changes = values
    if match is not None:
        changes = _changes(match, values)
        if values.get("sen_status") == SENStatus.NONE and match.primary_need:
            # The file says positively that there is no SEN provision now: the need goes with it.
            changes["primary_need"] = ""
            notes.append(
                f"The file says {match.name} has no special educational needs now: their primary need "
                f"({match.get_primary_need_display()}) will be removed"
            )
        _match_records(contacts, list(match.contacts.all()), on="name")
        _match_records(years, list(match.attendance_years.all()), on="academic_year")
    contacts = [plan for plan in contacts if _reachable(plan, notes)]
    return PupilPlan(position, pupil, match, values, changes, contacts, years, problems, notes)


def _reachable(plan: RecordPlan, notes: list[str]) -> bool:
    """A new contact with no telephone, email or address is of no use to the record, which refuses it."""
    values = plan.values
    if plan.existing is not None or values["telephone"] or values["email"] or values["address"]:
        return True
    notes.append(f"{plan.label} has no telephone, email or address in the file, so will not be imported")
    return False


def _year_group_note(pupil: CTFPupil, ctf: CTFFile) -> str:
    """A note when the pupil's age puts them outside Reception to Year 13 today (a typing slip in the
    year of birth, or a young person past school age), or when the sending school taught them in another
    year group than their age gives: the record derives it from the date of birth, so such a pupil needs
    it set by hand, with the reason."""
    if pupil.date_of_birth is None:
        return ""
    today = timezone.localdate()
    now = year_group(pupil.date_of_birth, today)
    if now not in services.YEAR_GROUPS:
        return (
            f"Their date of birth, {pupil.date_of_birth:%-d %B %Y}, puts them outside Reception to Year 13 "
            f"({year_group_name(now).lower()}, aged {age_on(pupil.date_of_birth, today)}): check it with the "
            "sending school"
        )
    written = pupil.nc_year.upper()
    recorded = 0 if written == "R" else int(written) if ascii_digits(written) else None
    if recorded is None or ctf.prepared_at is None:
        return ""
    by_age = year_group(pupil.date_of_birth, ctf.prepared_at.date())
    if recorded == by_age:
        return ""
    return (
        f"The sending school taught the pupil in {year_group_name(recorded)}, but their date of birth puts "
        f"them in {year_group_name(by_age)}: if they are taught out of their year group, set it on their "
        "record with the reason"
    )


def _identity_problems(pupil: CTFPupil) -> list[str]:
    """What the pupil record cannot do without."""
    problems = []
    if not pupil.upn:
        problems.append("There is no UPN")
    elif not pupil.upn_check.valid:
        problems.append(
            f"The UPN {pupil.upn} is not valid. {pupil.upn_check.problem}. Ask the sending school to check "
            "it, or add the pupil by hand"
        )
    for what, value, longest in (
        ("first name", pupil.forename, 100),
        ("last name", pupil.surname, 100),
        ("middle names", pupil.middle_names, 200),
        ("preferred first name", pupil.preferred_forename, 100),
        ("preferred last name", pupil.preferred_surname, 100),
    ):
        if len(value) > longest:
            problems.append(f"The {what} is longer than {longest} characters")
    if not pupil.forename:
        problems.append("There is no first name")
    if not pupil.surname:
        problems.append("There is no last name")
    if pupil.date_of_birth is None:
        problems.append("There is no date of birth we can read")
    elif problem := date_of_birth_problem(pupil.date_of_birth, timezone.localdate()):
        problems.append(f"The date of birth {pupil.date_of_birth:%-d %B %Y} cannot be right. {problem}")
    if not pupil.sex:
        problems.append("There is no sex we can read (M or F)")
    return problems


def _pupil_values(pupil: CTFPupil, ctf: CTFFile, notes: list[str]) -> dict:
    """The pupil record's fields as the file gives them; those it says nothing about are left out."""
    values = {
        "legal_forename": pupil.forename,
        "legal_middle_names": pupil.middle_names,
        "legal_surname": pupil.surname,
        # Systems fill the preferred names in with the legal ones: kept only when they differ.
        "preferred_forename": "" if pupil.preferred_forename == pupil.forename else pupil.preferred_forename,
        "preferred_surname": "" if pupil.preferred_surname == pupil.surname else pupil.preferred_surname,
        "date_of_birth": pupil.date_of_birth,
        "sex": pupil.sex,
        "upn": pupil.upn,
    }
    formers = [upn for upn in pupil.former_upns if upn != pupil.upn]
    if formers and check_upn(formers[-1]).valid:
        values["former_upn"] = formers[-1]
    elif formers:
        _not_imported(notes, f"The former UPN {formers[-1]} is not valid")
    if pupil.uln:
        if check_uln(pupil.uln):
            values["uln"] = pupil.uln
        else:
            _not_imported(notes, f"The ULN {pupil.uln} is not valid")
    if pupil.sen_status is not None:
        values["sen_status"] = str(pupil.sen_status)
        need = pupil.primary_need
        supported = pupil.sen_status != SENStatus.NONE
        values["primary_need"] = need.code if supported and need and need.code in PrimaryNeed.values else ""
        if need and not supported:
            notes.append(
                f"The file gives a type of need ({need.label}) but no SEN provision now: the record keeps "
                "a primary need only with SEN support or an EHC plan, so it will not be imported"
            )
    if pupil.looked_after is not None:
        values["looked_after"] = pupil.looked_after
    # A full file with no free school meals history says there is none; a partial one may have left it out.
    if pupil.fsm_periods or not ctf.is_partial:
        values["free_school_meals"] = pupil.fsm_eligible_now
    return values


def _not_imported(notes: list[str], warning: str) -> None:
    """Add "It will not be imported" to the reader's warning that starts with `warning`, or make it one."""
    for index, note in enumerate(notes):
        if note.startswith(warning):
            notes[index] = f"{note.rstrip('.')}. It will not be imported"
            return
    notes.append(f"{warning}. It will not be imported")


def _changes(record, values: dict) -> dict:
    """The values that differ from the record's, leaving out the blanks: a file that says nothing about
    something never erases what the record knows."""
    return {
        name: value
        for name, value in values.items()
        if value not in ("", None) and getattr(record, name) != value
    }


def _match_records(plans: list[RecordPlan], rows: list, *, on: str) -> None:
    """Pair each plan with the existing row whose `on` field is the same (names compared ignoring case),
    and keep only what would change in it."""

    def key(value):
        return value.casefold() if isinstance(value, str) else value

    by_key = {key(getattr(row, on)): row for row in rows}
    for plan in plans:
        row = by_key.get(key(plan.values[on]))
        if row is not None:
            plan.existing = row
            plan.changes = _changes(row, plan.values)


def _contact_plan(contact: CTFContact, home: Address | None, notes: list[str]) -> RecordPlan:
    address = home if contact.address_as_pupil else contact.address
    email = contact.email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            notes.append(f"{contact.name}'s email address {email} is not valid, so it will not be imported")
            email = ""
    # The record holds one number: a mobile if there is one, as the likeliest to reach someone.
    phones = sorted(contact.phones, key=lambda phone: phone.kind != "M")
    telephone = phones[0].number if phones else ""
    if len(phones) > 1:
        others = ", ".join(phone.number for phone in phones[1:])
        notes.append(f"{contact.name}'s other numbers ({others}) will not be imported: the record holds one")
    values = {
        "name": (contact.name or "Name not given")[:200],
        "relationship": RELATIONSHIPS.get(contact.relationship_code, Relationship.OTHER),
        "parental_responsibility": bool(contact.parental_responsibility),
        "telephone": telephone,
        "email": email,
        "address": _address_text(address),
        "priority": contact.priority or 1,
    }
    return RecordPlan(label=values["name"], values=values, changes=dict(values))


def _address_text(address: Address | None) -> str:
    if address is None:
        return ""
    lines = [*address.lines, address.postcode or address.zip_code]
    if address.outside_england and address.country:
        lines.append(address.country)
    return "\n".join(line for line in lines if line)


def _year_plan(year: CTFAttendanceYear, notes: list[str]) -> RecordPlan | None:
    if year.possible is None or year.attended is None:
        notes.append(
            f"Attendance in {year.academic_year} does not give the sessions, so it will not be imported"
        )
        return None
    values = {
        "academic_year": year.year,
        "possible_sessions": year.possible,
        "attended_sessions": year.attended,
        "authorised_absences": year.authorised_absence or 0,
        "unauthorised_absences": year.unauthorised_absence or 0,
    }
    counted = values["attended_sessions"] + values["authorised_absences"] + values["unauthorised_absences"]
    if counted > year.possible:
        notes.append(
            f"Attendance in {year.academic_year} counts more sessions attended and missed than possible, "
            "so it will not be imported"
        )
        return None
    return RecordPlan(label=year.academic_year, values=values, changes=dict(values))


@dataclass
class ImportResult:
    """What an import did. `left_out` says, pupil by pupil, what the record refused and why."""

    added: list[Pupil] = field(default_factory=list)
    updated: list[Pupil] = field(default_factory=list)
    unchanged: list[Pupil] = field(default_factory=list)
    skipped: int = 0
    left_out: list[str] = field(default_factory=list)

    @property
    def pupil_ids(self) -> list[int]:
        return [pupil.pk for pupil in (*self.added, *self.updated, *self.unchanged)]


def import_pupils(upload: CTFUpload, *, by: Membership, positions: Collection[int]) -> ImportResult:
    """Import the pupils at `positions` (1 for the file's first pupil) of a waiting upload into `by`'s
    school, in one transaction: new pupils added, pupils already there updated where the file differs,
    with their contacts and attendance years. The upload's file is emptied in the same transaction, so it
    is imported once. A pupil the records refuse (a value out of bounds) is skipped, and said so; the
    others are still imported. Raises CTFRefused when the upload is no longer waiting."""
    if not rules.can_add_pupil(by):
        raise PermissionDenied("Only a school's AP lead imports pupils")
    chosen = set(positions)
    result = ImportResult()
    with transaction.atomic():
        # Locked, so two clicks on Import (or two tabs) import it once: the second finds it imported.
        upload = CTFUpload.objects.visible_to(by).select_for_update().get(pk=upload.pk)
        plan = plan_import(read_upload(upload), membership=by)
        for each in plan.pupils:
            if each.position not in chosen or not each.importable:
                result.skipped += 1
                continue
            try:
                with transaction.atomic():
                    pupil = _import_pupil(each, by=by, left_out=result.left_out)
            except ValidationError as refused:
                result.skipped += 1
                result.left_out.append(f"{each.pupil.name} was not imported: {_words(refused)}")
                continue
            {ADD: result.added, UPDATE: result.updated, UNCHANGED: result.unchanged}[each.action].append(
                pupil
            )
        upload.data = b""
        upload.imported_at = timezone.now()
        upload.imported_by = by
        upload.added, upload.updated = len(result.added), len(result.updated)
        upload.unchanged, upload.skipped = len(result.unchanged), result.skipped
        upload.save(
            update_fields=["data", "imported_at", "imported_by", "added", "updated", "unchanged", "skipped"]
        )
    return result


def _import_pupil(plan: PupilPlan, *, by: Membership, left_out: list[str]) -> Pupil:
    if plan.existing is None:
        pupil = services.add_pupil(by=by, **plan.values)
    elif plan.changes:
        pupil = services.update_pupil(plan.existing, by=by, changes=plan.changes)
    else:
        pupil = plan.existing
    # A contact or a year the record refuses is left out, and said so; the service's own transaction
    # undoes only that row.
    for contact in plan.contacts:
        if not contact.changes:
            continue
        try:
            if contact.existing is None:
                services.add_contact(pupil, by=by, **contact.values)
            else:
                services.update_contact(contact.existing, by=by, changes=contact.changes)
        except ValidationError as refused:
            left_out.append(
                f"{plan.pupil.name}'s contact {contact.label} was not imported: {_words(refused)}"
            )
    for year in plan.years:
        if not year.changes:
            continue
        try:
            services.record_attendance_year(pupil, by=by, **year.values)
        except ValidationError as refused:
            left_out.append(
                f"{plan.pupil.name}'s attendance in {year.label} was not imported: {_words(refused)}"
            )
    return pupil


def _words(error: ValidationError) -> str:
    """A refusal's messages as one sentence."""
    return "; ".join(error.messages)
