"""The demo schools' logs of visits and contacts, so that "last visited" says something different for each
provider, and each school has a recent visit and an older one: Demoshire Academy visited the Pupil
Referral Unit 23 and 80 days ago and Forge Vocational Training 9 days ago (with a welfare check on Chloe
Barnes there and a call with her mother), and has never visited Greenfield Farm Project or Bridges
Tuition; a visit logged against the wrong provider was marked entered in error. Riverside High School
visited Forge Vocational Training 91 days ago, while Grace Lowe was there, Greenfield 40 days ago and the
Pupil Referral Unit 6 days ago, before Sam Ortiz starts there; Northvale Secondary School visited
Northvale College a week ago and the hospital education service 75 days ago, while Tom Bell was there.
So every school that places pupils has a visit in the last three weeks and one a term or so ago.

Logged through the services by each school's AP lead; a school with a log already is left as it is, so
loading again changes nothing.
"""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from contacts import services
from contacts.models import Contact
from placements.models import Placement

# (school, provider, pupil's forename or None, kind, days ago, with whom, summary)
VISITS = [
    ("academy", "pru", None, "visit", 80, "Sam Ortega, head of centre",
     "Toured the site and saw both our pupils in lessons. Attendance registers matched ours."),
    ("academy", "pru", "Jordan", "visit", 23, "Sam Ortega, head of centre",
     "Saw Jordan in English and maths; his key worker reports better mornings. Agreed weekly updates."),
    ("academy", "forge", "Chloe", "visit", 9, "Lee Barr, workshop lead",
     "Chloe was working well in the workshop. Discussed moving her to three days from next month."),
    ("academy", "forge", "Chloe", "welfare_check", 9, "Chloe",
     "Spoke with Chloe alone: she feels safe and likes her tutor. No concerns."),
    ("academy", "forge", "Chloe", "parent", 4, "Chloe's mother, by telephone",
     "Mother is pleased with progress and agrees to the plan back to full time."),
    ("academy", "bridges", None, "provider", 12, "Bridges Tuition's office",
     "Asked for the tutor's DBS confirmation, still outstanding. They will send it this week."),
    ("riverside", "forge", "Grace", "visit", 91, "Lee Barr, workshop lead",
     "Saw Grace in the workshop and in a functional skills maths lesson: calmer, and proud of her work. "
     "Talked about where she goes when the course ends."),
    ("riverside", "greenfield", "Leon", "visit", 40, "Tom Field, farm manager",
     "Saw Leon at work on the farm and talked through Ava's start. Asked for a written timetable for each "
     "pupil."),
    ("riverside", "pru", "Sam", "visit", 6, "Sam Ortega, head of centre",
     "Visited with Sam Ortiz and his mother before he starts: saw the quiet room and agreed his timetable."),
    ("northvale_school", "northvale_college", "Liam", "visit", 7, "Priya Das, 14-16 coordinator",
     "Liam is settled on the motor vehicle course; his attendance is up every week."),
    ("northvale_school", "northvale_hospital", "Tom", "visit", 75, "Hana Okafor, head of service",
     "Saw Tom in a ward lesson; his work is being sent back to school each week for his teachers."),
]  # fmt: skip
# Logged against the wrong provider and marked so: it leaves "last visited" for Greenfield as it was.
IN_ERROR = ("academy", "greenfield", None, "visit", 2, "Tom Field, farm manager",
            "Visited to see Ethan and Isla.")  # fmt: skip


def _placement(by, provider, forename: str | None) -> Placement | None:
    if forename is None:
        return None
    return (
        Placement.objects.visible_to(by)
        .filter(provider=provider, pupil__legal_forename=forename)
        .order_by("-starts_on")
        .first()
    )


def _log(entry, organisations: dict, *, by, today: datetime.date) -> Contact:
    _school, provider_key, forename, kind, days_ago, with_whom, summary = entry
    provider = organisations[provider_key]
    return services.log_contact(
        by=by,
        provider=provider,
        placement=_placement(by, provider, forename),
        kind=kind,
        on=today - datetime.timedelta(days=days_ago),
        with_whom=with_whom,
        summary=summary,
    )


def seed_visits(organisations: dict, acting: dict) -> None:
    """The logs above, each school's once, by its AP lead (`acting[school]`)."""
    today = timezone.localdate()
    for school in dict.fromkeys(entry[0] for entry in VISITS):
        by = acting[school]
        with acting_as(by):
            if Contact.objects.visible_to(by).exists():
                continue
            for entry in VISITS:
                if entry[0] == school:
                    _log(entry, organisations, by=by, today=today)
            if IN_ERROR[0] == school:
                wrong = _log(IN_ERROR, organisations, by=by, today=today)
                services.mark_entered_in_error(
                    wrong, by=by, reason="Logged against Greenfield by mistake: the visit was to Forge."
                )
