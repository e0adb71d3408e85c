"""Words about a year of attendance, the same wherever it is read: the CTF preview, the attendance form and
the pupil's record. Pure: no models, so the CTF reader uses it too."""


def academic_year_label(year: int) -> str:
    """2025 as "2025/26"."""
    return f"{year}/{(year + 1) % 100:02d}"


def does_not_add_up(year: int, *, possible: int, attended: int, authorised: int, unauthorised: int) -> str:
    """A sentence (to follow "Warning:" or a name) when the sessions attended and missed do not come to the
    sessions possible, "" when they do. Fewer is a gap in the school's register (sessions recorded as
    neither); more cannot be recorded at all."""
    if attended + authorised + unauthorised == possible:
        return ""
    return (
        f"the attendance for {academic_year_label(year)} does not add up: {attended} attended, {authorised} "
        f"authorised and {unauthorised} unauthorised absences, but {possible} sessions possible"
    )
