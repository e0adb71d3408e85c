"""One `<Pupil>` of a CTF, read into a `CTFPupil` with a warning for everything odd about it, each naming
the pupil and the field: the AP lead decides, pupil by pupil, what to import.
"""

from datetime import date
from xml.etree.ElementTree import Element

from pupils.attendance import does_not_add_up
from pupils.ctf import codes
from pupils.ctf.elements import Notes, a_date, a_flag, a_number, address, email, is_empty, phones, text, texts
from pupils.ctf.records import AttendanceYear, Contact, CTFPupil, FSMPeriod, SENEntry, SENNeed, SENStatus
from pupils.identifiers import UPNCheck, ascii_digits, check_uln, check_upn, is_english_la_code


def read_pupil(element: Element, *, position: int, as_of: date | None) -> CTFPupil:
    """The pupil in `element`, the `position`th in the file. `as_of` is the day the file was made, against
    which "now" is judged (is a free school meals period still open, is a birth date in the future)."""
    forename, surname = text(element, "Forename"), text(element, "Surname")
    notes = Notes(" ".join(part for part in (forename, surname) if part) or f"Pupil {position} in the file")
    basic = element.find("BasicDetails")

    upn_check = check_upn(text(element, "UPN"))
    _check_upn_warnings(upn_check, notes, "UPN")
    former_upns = []
    for former in texts(basic, "FormerUPN"):
        former_check = check_upn(former)
        _check_upn_warnings(former_check, notes, "former UPN")
        former_upns.append(former_check.value)

    uln = "".join(text(element, "UniqueLearnerNumber").split())
    if uln and not check_uln(uln):
        notes.warn(f"the ULN {uln} is not valid: a ULN is 10 digits ending in a check digit")
    if not surname:
        notes.warn("the surname is missing")
    if not forename:
        notes.warn("the forename is missing")
    date_of_birth = a_date(element, "DOB", notes, "date of birth")
    if date_of_birth is None and not text(element, "DOB"):
        notes.warn("the date of birth is missing")
    elif date_of_birth and as_of and date_of_birth > as_of:
        notes.warn(f"the date of birth {date_of_birth:%d/%m/%Y} is after the day the file was made")

    sen_history, sen_needs, sen_status = _sen(element.find("SENhistory"), notes)
    fsm_periods = tuple(
        _fsm_period(found, notes)
        for found in element.iterfind("FSMhistory/FSMinstance")
        if not is_empty(found)
    )
    return CTFPupil(
        upn=upn_check.value,
        upn_check=upn_check,
        former_upns=tuple(former_upns),
        uln=uln,
        surname=surname,
        forename=forename,
        middle_names=text(basic, "MiddleNames"),
        preferred_surname=text(basic, "PreferredSurname"),
        preferred_forename=text(basic, "PreferredForename"),
        date_of_birth=date_of_birth,
        sex=_sex(element, notes),
        nc_year=text(basic, "NCyearActual"),
        looked_after=a_flag(element, "LookedAfter/InCare", notes, "whether the pupil is looked after"),
        address=address(element.find("Address"), notes, "the home"),
        phones=phones(element, notes, "the pupil's"),
        email=email(element, notes, "the pupil's"),
        sen_history=sen_history,
        sen_needs=sen_needs,
        sen_status=sen_status,
        fsm_periods=fsm_periods,
        fsm_eligible_now=any(_still_open(period.end_date, as_of) for period in fsm_periods),
        contacts=_contacts(element, notes),
        attendance=_attendance(element, notes),
        warnings=tuple(notes.warnings),
    )


def _present(parent: Element, path: str) -> list[Element]:
    """The elements at `path` that hold anything: an empty one is as good as left out."""
    return [found for found in parent.iterfind(path) if not is_empty(found)]


def _check_upn_warnings(check: UPNCheck, notes: Notes, what: str) -> None:
    if not check.value:
        if what == "UPN":
            notes.warn("there is no UPN")
        return
    if not check.valid:
        notes.warn(f"the {what} {check.value} is not valid. {check.problem}")
    elif check.temporary:
        notes.warn(f"the {what} {check.value} is a temporary UPN")
    if check.la_code and not is_english_la_code(check.la_code):
        notes.warn(
            f"the {what} {check.value} was issued in LA {check.la_code}, not an English local authority"
        )


def _sex(element: Element, notes: Notes) -> str:
    """`<Sex>` (CTF 25 on) or `<Gender>` (before), M or F."""
    sex, gender = text(element, "Sex").upper(), text(element, "Gender").upper()
    if sex and gender and sex != gender:
        notes.warn(f"the file gives sex as {sex} but gender as {gender}: we have read sex")
    value = sex or gender
    if not value:
        notes.warn("sex is missing")
        return ""
    if value not in {"M", "F"}:
        notes.warn(f'sex "{value}" is neither M nor F, so it is left blank')
        return ""
    return value


def _sen(
    history: Element | None, notes: Notes
) -> tuple[tuple[SENEntry, ...], tuple[SENNeed, ...], SENStatus | None]:
    """SEN provision over time, the types of need, and the status now: that of the latest provision with no
    end date. None when the file has no SEN history (a partial file may leave it out)."""
    if history is None:
        return (), (), None
    entries = []
    for found in _present(history, "SEN"):
        code = text(found, "SENprovision").upper()
        label, status = codes.sen_provision(code)
        if code and status is None:
            notes.warn(f'the SEN provision code "{code}" is not one we know')
        entries.append(
            SENEntry(
                start_date=a_date(found, "StartDate", notes, "SEN start date"),
                end_date=a_date(found, "EndDate", notes, "SEN end date"),
                code=code,
                label=label,
                status=status,
            )
        )
    entries.sort(key=lambda entry: entry.start_date or date.min)
    needs = []
    for found in _present(history, "SENneeds/SENneed"):
        code = text(found, "SENtype").upper()
        if code not in codes.SEN_NEED:
            notes.warn(f'the type of SEN need "{code}" is not one we know')
        needs.append(
            SENNeed(
                code=code,
                label=codes.sen_need(code),
                rank=a_number(found, "SENtypeRank", notes, "rank of SEN need"),
                start_date=a_date(found, "NeedStartDate", notes, "SEN need start date"),
            )
        )
    needs.sort(key=lambda need: need.rank or 99)

    current = [entry for entry in entries if entry.end_date is None and entry.code]
    if not current:
        if entries:
            notes.warn("the SEN history has no current entry, so we cannot tell the SEN status now")
        return tuple(entries), tuple(needs), None
    now = current[-1]
    if now.code in codes.OLD_SEN_PROVISION:
        notes.warn(f'the current SEN provision is "{now.label}", an old code: read as {now.status.label}')
    return tuple(entries), tuple(needs), now.status


def _fsm_period(found: Element, notes: Notes) -> FSMPeriod:
    return FSMPeriod(
        start_date=a_date(found, "FSMstartDate", notes, "free school meals start date"),
        end_date=a_date(found, "FSMendDate", notes, "free school meals end date"),
        country=text(found, "UKcountry"),
    )


def _still_open(end_date: date | None, as_of: date | None) -> bool:
    return end_date is None or (as_of is not None and end_date >= as_of)


def _contacts(element: Element, notes: Notes) -> tuple[Contact, ...]:
    contacts = []
    for position, found in enumerate(_present(element, "Contacts/Contact"), start=1):
        title, forename, surname = text(found, "Title"), text(found, "Forename"), text(found, "Surname")
        name = " ".join(part for part in (title, forename, surname) if part) or f"contact {position}"
        if not surname:
            notes.warn(f"{name} has no surname")
        code = text(found, "Relationship").upper()
        contacts.append(
            Contact(
                priority=a_number(found, "Order", notes, f"priority of {name}"),
                title=title,
                forename=forename,
                middle_names=text(found, "MiddleNames"),
                surname=surname,
                relationship_code=code,
                relationship=codes.relationship(code),
                parental_responsibility=a_flag(
                    found, "Responsibility", notes, f"whether {name} has parental responsibility"
                ),
                phones=phones(found, notes, f"{name}'s"),
                email=email(found, notes, f"{name}'s"),
                address_as_pupil=a_flag(
                    found, "Address/AddressAsPupil", notes, f"whether {name} lives with the pupil"
                )
                or False,
                address=address(_own_address(found), notes, f"{name}'s"),
            )
        )
    # Priority 1 first; contacts without one after, in the file's order.
    contacts.sort(key=lambda contact: (contact.priority is None, contact.priority or 0))
    return tuple(contacts)


def _own_address(contact: Element) -> Element | None:
    """A contact's address when it is written out, not "the same as the pupil's"."""
    found = contact.find("Address")
    if found is None or (found.find("BS7666Address") is None and found.find("AddressLines") is None):
        return None
    return found


def _attendance(element: Element, notes: Notes) -> tuple[AttendanceYear, ...]:
    years = []
    for found in _present(element, "Attendance/YearData"):
        written = text(found, "Year")
        if not ascii_digits(written):
            why = f'"{written}" is not a year' if written else "a year of attendance does not say which year"
            notes.warn(f"{why}, so it is left out")
            continue
        year = int(written)
        what = f"{year}/{(year + 1) % 100:02d}"
        record = AttendanceYear(
            year=year,
            la=text(found, "LEA"),
            estab=text(found, "Estab"),
            school_name=text(found, "SchoolName"),
            possible=a_number(found, "SessionsPossible", notes, f"number of sessions possible in {what}"),
            attended=a_number(found, "SessionsAttended", notes, f"number of sessions attended in {what}"),
            authorised_absence=a_number(
                found, "SessionsAuthorised", notes, f"number of authorised absences in {what}"
            ),
            unauthorised_absence=a_number(
                found, "SessionsUnauthorised", notes, f"number of unauthorised absences in {what}"
            ),
        )
        counts = (record.attended, record.authorised_absence, record.unauthorised_absence)
        if record.possible is not None and None not in counts and sum(counts) != record.possible:
            notes.warn(
                does_not_add_up(
                    year,
                    possible=record.possible,
                    attended=record.attended,
                    authorised=record.authorised_absence,
                    unauthorised=record.unauthorised_absence,
                )
            )
        elif (
            record.attended is not None and record.possible is not None and record.attended > record.possible
        ):
            notes.warn(f"the attendance for {what} has more sessions attended than possible")
        years.append(record)
    years.sort(key=lambda record: record.year)
    return tuple(years)
