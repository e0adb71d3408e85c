"""Access-matrix rows for the pupil pages (DOMAIN.md "Who sees what"). A school's people and its trust's
leaders list its pupils; only the AP lead adds and changes them; the sensitive fields and contacts are shown
to the AP lead, DSL and leader, and to the area's LA officers once the pupil is known to the LA, never to
school staff, trust leaders or LA viewers. Another school's pupil is not found; an LA finds a pupil only
once it is known (a referral or placement); providers find nothing here. Who viewed a record: the school's
leaders and DSLs."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from pupils import rules
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, to, wrong_method
from tests.dates import date_input
from tests.pupils.factories import ContactFactory, PupilFactory, valid_upn

SENSITIVE_WORDS = ("SEN detail", "Health needs", "Contacts")


def pupil_at(school: str, *, known: bool = False):
    """A pupil of the world's `school` (with a contact), known to its LA if `known`."""

    def setup(world):
        with unscoped("matrix data"):
            known_since = timezone.now() if known else None
            world.pupil = PupilFactory(
                school=getattr(world, school),
                sen_detail="Dyslexia; needs text on cream paper.",
                known_to_local_authority_since=known_since,
            )
            world.contact = ContactFactory(pupil=world.pupil)

    return setup


def sensitive_only_to_those_shown_it():
    """Every 200 of a record shows the sensitive part exactly when the rules give it to the viewer."""

    def check(response) -> bool:
        membership = response.wsgi_request.membership
        pupil = response.context["pupil"]
        text = response.content.decode()
        shown = [word in text for word in SENSITIVE_WORDS]
        return all(shown) if rules.sees_sensitive(membership, pupil) else not any(shown)

    return ("the sensitive fields only for the roles shown them", check)


def sen_column_only_to_those_shown_it():
    def check(response) -> bool:
        shown = "SEN</th>" in response.content.decode()
        return rules.sees_sensitive_of_listed(response.wsgi_request.membership) or not shown

    return ("no SEN column for those not shown SEN status", check)


def a_pupil(world, role) -> dict:
    return {
        "legal_forename": "Jordan",
        "legal_surname": "Price",
        **date_input("date_of_birth", datetime.date(2012, 5, 2)),
        "sex": "M",
        "upn": valid_upn(world.school.local_authority.la_code),
        "sen_status": "none",
        "social_care": "none",
    }


def the_pupil_changed(world, role) -> dict:
    return a_pupil(world, role) | {"upn": world.pupil.upn, "preferred_forename": "Jo"}


def a_contact(world, role) -> dict:
    return {"name": "Kim Price", "relationship": "mother", "telephone": "07700 900 982", "priority": "1"}


def a_year(world, role) -> dict:
    return {
        "academic_year": "2024",
        "possible_sessions": "380",
        "attended_sessions": "301",
        "authorised_absences": "40",
        "unauthorised_absences": "39",
    }


pupil = lambda world: {"pk": world.pupil.pk}  # noqa: E731
contact = lambda world: {"pk": world.contact.pk}  # noqa: E731

NOBODY_ELSE = {"la": NOT_FOUND, "provider": NOT_FOUND, "other_school_leader": NOT_FOUND}
# The school's pupil: its people and its trust's leaders see it; nobody else finds it.
THE_SCHOOLS = {"members": NOT_FOUND, "ap_lead": OK, "dsl": OK, "school_leader": OK, "school_staff": OK}
THE_AP_LEAD_CHANGES = {
    "members": NOT_FOUND,
    "dsl": FORBIDDEN,
    "school_leader": FORBIDDEN,
    "school_staff": FORBIDDEN,
    "trust_leader": FORBIDDEN,
}
# A contact is a sensitive record: school staff and trust leaders do not even find it.
A_CONTACTS_CHANGES = THE_AP_LEAD_CHANGES | {"school_staff": NOT_FOUND, "trust_leader": NOT_FOUND}
SCHOOL = pupil_at("school")

ROWS = [
    # The list: a school's and a trust's; an LA reaches pupils through referrals, a provider never.
    page(
        "pupils:list",
        setup=SCHOOL,
        members=FORBIDDEN,
        school=OK,
        trust_leader=OK,
        shows=sen_column_only_to_those_shown_it(),
    ),
    wrong_method("pupils:list", "POST"),
    # Adding: the AP lead.
    page("pupils:add", members=FORBIDDEN, ap_lead=OK),
    page("pupils:add", "POST", data=a_pupil, members=FORBIDDEN, ap_lead=to("pupils:detail")),
    wrong_method("pupils:add", "PUT"),
    # The record: the sensitive part only for those shown it.
    page(
        "pupils:detail",
        note="the school's pupil, not known to the LA",
        setup=SCHOOL,
        kwargs=pupil,
        shows=sensitive_only_to_those_shown_it(),
        **THE_SCHOOLS,
        trust_leader=OK,
    ),
    page(
        "pupils:detail",
        note="the school's pupil, known to the LA",
        setup=pupil_at("school", known=True),
        kwargs=pupil,
        shows=sensitive_only_to_those_shown_it(),
        **THE_SCHOOLS,
        trust_leader=OK,
        la_officer=OK,
        la_viewer=OK,
    ),
    page(
        "pupils:detail",
        note="another school's pupil",
        setup=pupil_at("sibling_school"),
        kwargs=pupil,
        shows=sensitive_only_to_those_shown_it(),
        members=NOT_FOUND,
        other_school_leader=OK,
    ),
    wrong_method("pupils:detail", "POST", setup=SCHOOL, kwargs=pupil),
    # Changing the record, its contacts and its attendance: the school's AP lead.
    page("pupils:edit", setup=SCHOOL, kwargs=pupil, **THE_AP_LEAD_CHANGES, ap_lead=OK),
    page(
        "pupils:edit",
        "POST",
        setup=SCHOOL,
        kwargs=pupil,
        data=the_pupil_changed,
        **THE_AP_LEAD_CHANGES,
        ap_lead=to("pupils:detail"),
    ),
    page(
        "pupils:edit",
        "POST",
        note="another school's pupil",
        setup=pupil_at("sibling_school"),
        kwargs=pupil,
        data=the_pupil_changed,
        members=NOT_FOUND,
        other_school_leader=FORBIDDEN,
    ),
    wrong_method("pupils:edit", "PUT", setup=SCHOOL, kwargs=pupil),
    page("pupils:contact_add", setup=SCHOOL, kwargs=pupil, **THE_AP_LEAD_CHANGES, ap_lead=OK),
    page(
        "pupils:contact_add",
        "POST",
        setup=SCHOOL,
        kwargs=pupil,
        data=a_contact,
        **THE_AP_LEAD_CHANGES,
        ap_lead=to("pupils:detail"),
    ),
    wrong_method("pupils:contact_add", "PUT", setup=SCHOOL, kwargs=pupil),
    page(
        "pupils:contact_edit",
        setup=SCHOOL,
        kwargs=contact,
        **A_CONTACTS_CHANGES,
        ap_lead=OK,
    ),
    page(
        "pupils:contact_edit",
        "POST",
        setup=SCHOOL,
        kwargs=contact,
        data=a_contact,
        **A_CONTACTS_CHANGES,
        ap_lead=to("pupils:detail"),
    ),
    page(
        "pupils:contact_edit",
        "POST",
        note="a contact of a pupil known to the LA",
        setup=pupil_at("school", known=True),
        kwargs=contact,
        data=a_contact,
        **A_CONTACTS_CHANGES,
        la_officer=FORBIDDEN,
        ap_lead=to("pupils:detail"),
    ),
    wrong_method("pupils:contact_edit", "PUT", setup=SCHOOL, kwargs=contact),
    page("pupils:attendance", setup=SCHOOL, kwargs=pupil, **THE_AP_LEAD_CHANGES, ap_lead=OK),
    page(
        "pupils:attendance",
        "POST",
        setup=SCHOOL,
        kwargs=pupil,
        data=a_year,
        **THE_AP_LEAD_CHANGES,
        ap_lead=to("pupils:detail"),
    ),
    wrong_method("pupils:attendance", "PUT", setup=SCHOOL, kwargs=pupil),
    # Who has viewed the record: the school's leaders and DSLs.
    page(
        "pupils:viewers",
        setup=SCHOOL,
        kwargs=pupil,
        members=NOT_FOUND,
        ap_lead=FORBIDDEN,
        dsl=OK,
        school_leader=OK,
        school_staff=FORBIDDEN,
        trust_leader=FORBIDDEN,
    ),
    page(
        "pupils:viewers",
        note="a pupil known to the LA",
        setup=pupil_at("school", known=True),
        kwargs=pupil,
        members=NOT_FOUND,
        ap_lead=FORBIDDEN,
        dsl=OK,
        school_leader=OK,
        school_staff=FORBIDDEN,
        trust_leader=FORBIDDEN,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
    ),
    wrong_method("pupils:viewers", "POST", setup=SCHOOL, kwargs=pupil),
]
