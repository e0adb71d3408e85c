"""`{% load pupil_words %}`: a pupil's year group and UPN in the words the pupil pages use."""

import datetime

from django import template

from apcommission.tenancy.roles import Role
from pupils import viewed
from pupils.attendance import academic_year_label
from pupils.identifiers import year_group_name
from pupils.models import Pupil

register = template.Library()


@register.filter
def year_group_on(pupil: Pupil, day: datetime.date) -> str:
    """ "Year 9" on `day`: the override if the school set one, else the year group for the pupil's age."""
    return year_group_name(pupil.year_group_on(day))


@register.filter
def year_group(year: int | None) -> str:
    """A year group's number in words: "Reception", "Year 9", never "Year 18" (`year_group_name`)."""
    return year_group_name(year)


@register.filter
def age_year_group_on(pupil: Pupil, day: datetime.date) -> str:
    """The year group the pupil's age puts them in on `day`, whatever the override."""
    return year_group_name(Pupil(date_of_birth=pupil.date_of_birth).year_group_on(day))


@register.filter
def academic_year(start: int) -> str:
    """2025 as "2025/26"."""
    return academic_year_label(start)


@register.filter
def shown_as(action: str) -> str:
    """What an access event's action code says was shown, in words (every app's `access_words`)."""
    return viewed.shown_as(action)


@register.filter
def role_name(role: str) -> str:
    """A role's code in words, "" for none."""
    return Role(role).label if role in Role.values else role
