"""Access-matrix rows for the providers app's evidence pages: a provider's checks (every commissioner and
the provider itself), their documents (LAs and the provider, never schools or trusts), recording a check
(LA officers) and the evidence types an LA keeps (its officers)."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apcommission.documents.storage import document_path, private_storage
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.documents.files import SMALL_PDF
from tests.providers.factories import EvidenceFactory, LAEvidenceTypeFactory, standard_evidence_type


def checks(world):
    """Two checks of Demoshire PRU: one with a stored PDF, one without."""
    name = private_storage.save(document_path(None, "insurance.pdf"), ContentFile(SMALL_PDF))
    world.evidence = EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        document=name,
        document_name="insurance.pdf",
        document_content_type="application/pdf",
        document_size=len(SMALL_PDF),
        notes="Certificate seen.",
    )
    world.plain_evidence = EvidenceFactory(
        provider=world.provider, checked_for=world.la, evidence_type=standard_evidence_type("DSL")
    )


def removed_document(world):
    world.removed = EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        holds_dbs_copies=True,
        document_delete_after=timezone.localdate() - datetime.timedelta(days=1),
        document_name="dbs.pdf",
        document_removed_at=timezone.now(),
        document_removed_reason="Copy of DBS certificates: not kept longer than 6 months",
    )


def demoshire_type(world):
    world.la_type = LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")


# Every 200 of the evidence page offers document links exactly when the viewer may have the documents.
DOCUMENT_LINKS_ONLY_FOR_THOSE_WHO_MAY = (
    "no document links for those who may not open them",
    lambda response: response.context["see_documents"] or "/document/" not in response.content.decode(),
)


def a_check(world, role) -> dict:
    return {
        "evidence_type": standard_evidence_type("Insurance").pk,
        **date_input("checked_on", timezone.localdate().isoformat()),
        **date_input("expires_on", ""),
        "outcome": "satisfactory",
        "notes": "Seen.",
    }


def a_check_with_a_document(world, role) -> dict:
    return a_check(world, role) | {
        "document": SimpleUploadedFile("insurance.pdf", SMALL_PDF, "application/pdf")
    }


ROWS = [
    # A provider's evidence: every commissioner, and the provider itself; another provider finds nothing.
    page(
        "evidence_list",
        note="Demoshire PRU, with a document",
        kwargs=pk("provider"),
        setup=checks,
        shows=DOCUMENT_LINKS_ONLY_FOR_THOSE_WHO_MAY,
        members=OK,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_list",
        note="Otherton College",
        kwargs=pk("other_provider"),
        members=OK,
        provider_manager=NOT_FOUND,
        provider_staff=NOT_FOUND,
    ),
    page("evidence_list", note="a school is not a provider", kwargs=pk("school"), members=NOT_FOUND),
    wrong_method("evidence_list", "POST", kwargs=pk("provider")),
    # Recording a check: LA officers, for their own LA (each LA keeps its own checks of any provider).
    page(
        "evidence_create",
        kwargs=pk("provider"),
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=OK,
    ),
    page(
        "evidence_create",
        "POST",
        note="a valid check",
        kwargs=pk("provider"),
        data=a_check,
        members=FORBIDDEN,
        la_officer=to("evidence_list"),
        other_la_officer=to("evidence_list"),
    ),
    page(
        "evidence_create",
        "POST",
        note="a valid check with a document",
        kwargs=pk("provider"),
        data=a_check_with_a_document,
        members=FORBIDDEN,
        la_officer=to("evidence_list"),
        other_la_officer=to("evidence_list"),
    ),
    page(
        "evidence_create",
        note="a school is not a provider",
        kwargs=pk("school"),
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("evidence_create", "PUT", kwargs=pk("provider")),
    # Documents: LA officers and the provider; LA viewers, schools and trusts see states and dates only.
    page(
        "evidence_document",
        note="a stored document",
        kwargs=pk("evidence"),
        setup=checks,
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,  # Demoshire's check: another LA's checks are not Otherton's to see
        provider_manager=OK,
        provider_staff=OK,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_document",
        note="a check without a document",
        kwargs=pk("plain_evidence"),
        setup=checks,
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
        provider_manager=NOT_FOUND,
        provider_staff=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_document",
        note="a copy of DBS certificates, deleted",
        kwargs=pk("removed"),
        setup=removed_document,
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
        provider_manager=NOT_FOUND,
        provider_staff=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    wrong_method("evidence_document", "POST", kwargs=pk("evidence"), setup=checks),
    # What an LA sets for itself: its officers (viewers read, they do not change settings).
    page("evidence_types", members=FORBIDDEN, la_officer=OK, other_la_officer=OK),
    page(
        "evidence_types",
        "POST",
        note="a type of the LA's own",
        data=lambda world, role: {
            "name": "Fire drill log",
            "description": "",
            "default_validity_days": "120",
        },
        members=FORBIDDEN,
        la_officer=to("evidence_types"),
        other_la_officer=to("evidence_types"),
    ),
    wrong_method("evidence_types", "PUT"),
    page(
        "evidence_validity",
        note="a standard type",
        kwargs=lambda world: {"pk": standard_evidence_type("Insurance").pk},
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=OK,
    ),
    page(
        "evidence_validity",
        "POST",
        note="a standard type's validity",
        kwargs=lambda world: {"pk": standard_evidence_type("Insurance").pk},
        data=lambda world, role: {"validity_days": "200"},
        members=FORBIDDEN,
        la_officer=to("evidence_types"),
        other_la_officer=to("evidence_types"),
    ),
    page(
        "evidence_validity",
        "POST",
        note="retiring a standard type",
        kwargs=lambda world: {"pk": standard_evidence_type("Insurance").pk},
        data=lambda world, role: {"retire": "1"},
        members=FORBIDDEN,
    ),
    page(
        "evidence_validity",
        note="Demoshire's own type",
        kwargs=pk("la_type"),
        setup=demoshire_type,
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,
    ),
    page(
        "evidence_validity",
        "POST",
        note="Demoshire's own type's validity",
        kwargs=pk("la_type"),
        setup=demoshire_type,
        data=lambda world, role: {"validity_days": "90"},
        members=FORBIDDEN,
        la_officer=to("evidence_types"),
        other_la_officer=NOT_FOUND,
    ),
    page(
        "evidence_validity",
        "POST",
        note="retiring Demoshire's own type",
        kwargs=pk("la_type"),
        setup=demoshire_type,
        data=lambda world, role: {"retire": "1"},
        members=FORBIDDEN,
        la_officer=to("evidence_types"),
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("evidence_validity", "DELETE", kwargs=pk("la_type"), setup=demoshire_type),
]
