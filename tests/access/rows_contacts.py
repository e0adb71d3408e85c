"""Access-matrix rows for the school's contact log. Every school role, the trust's leaders and the LA's
officers and viewers read the log (each the contacts it sees); a provider never does (403), not even of
its own visits. The school's AP leads and DSLs log and change contacts (its other roles, its trust and its
LA 403); another school's contact is 404.

Each row's `setup` builds `world.contact`: a visit the world's school made to the world's provider."""

from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.contacts.factories import ContactRecordFactory
from tests.dates import date_input
from tests.placements.factories import TODAY


def a_contact(world):
    world.contact = ContactRecordFactory(school=world.school, provider=world.provider)


def a_visit(world, role) -> dict:
    return {
        "kind": "visit",
        "provider": str(world.provider.pk),
        "placement": "",
        **date_input("on", TODAY),
        "with_whom": "The provider's manager",
        "summary": "Saw the pupils in lessons.",
    }


def a_reason(world, role) -> dict:
    return {"reason": "Logged against the wrong provider."}


READERS = {"members": OK, "provider": FORBIDDEN}
LOGGERS = {"members": FORBIDDEN, "ap_lead": OK, "dsl": OK}
the_contact = pk("contact")
# Who sees the world's school's contact but may not change it; everyone else does not see it.
SEE_IT = {
    "school_leader": FORBIDDEN,
    "school_staff": FORBIDDEN,
    "trust_leader": FORBIDDEN,
    "la_officer": FORBIDDEN,
    "la_viewer": FORBIDDEN,
}

ROWS = [
    page("contacts:list", **READERS),
    page("contacts:list", note="with a contact", setup=a_contact, **READERS),
    wrong_method("contacts:list", "POST"),
    page("contacts:new", **LOGGERS),
    page(
        "contacts:new",
        "POST",
        note="a complete visit",
        data=a_visit,
        members=FORBIDDEN,
        ap_lead=to("contacts:list"),
        dsl=to("contacts:list"),
    ),
    wrong_method("contacts:new", "PUT"),
    page(
        "contacts:edit",
        setup=a_contact,
        kwargs=the_contact,
        members=NOT_FOUND,
        **SEE_IT,
        ap_lead=OK,
        dsl=OK,
    ),
    page(
        "contacts:edit",
        "POST",
        setup=a_contact,
        kwargs=the_contact,
        data=a_visit,
        members=NOT_FOUND,
        **SEE_IT,
        ap_lead=to("contacts:list"),
        dsl=to("contacts:list"),
    ),
    wrong_method("contacts:edit", "PUT", setup=a_contact, kwargs=the_contact),
    page(
        "contacts:entered_in_error",
        setup=a_contact,
        kwargs=the_contact,
        members=NOT_FOUND,
        **SEE_IT,
        ap_lead=OK,
        dsl=OK,
    ),
    page(
        "contacts:entered_in_error",
        "POST",
        setup=a_contact,
        kwargs=the_contact,
        data=a_reason,
        members=NOT_FOUND,
        **SEE_IT,
        ap_lead=to("contacts:list"),
        dsl=to("contacts:list"),
    ),
    wrong_method("contacts:entered_in_error", "PUT", setup=a_contact, kwargs=the_contact),
]
