"""Compliance evidence: its state at the boundaries, recording checks with the LA's validity period,
documents (checked on upload, served only to the provider and LAs, copies of DBS certificates purged after
six months), and the evidence types an LA keeps."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers import selectors
from providers.models import Evidence, EvidenceState, EvidenceType, EvidenceValidity, Outcome
from providers.services.evidence import (
    DBS_COPY_REMOVED_REASON,
    purge_expired_dbs_copies,
    record_evidence,
)
from providers.tasks import purge_dbs_certificate_copies
from tests.dates import date_input
from tests.documents.files import SMALL_PDF, docx_around_zeros, real_image
from tests.providers.factories import (
    EvidenceFactory,
    EvidenceValidityFactory,
    LAEvidenceTypeFactory,
    full_evidence,
    standard_evidence_type,
)

TODAY = datetime.date(2026, 3, 5)
REQUIRED_ROW = '<th scope="row" class="govuk-table__header">{}</th>'


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def all_evidence() -> list[Evidence]:
    with unscoped("test"):
        return list(Evidence.objects.all())


def insurance_state(world, membership_role="la_officer", today=TODAY):
    with acting_as(world.members[membership_role]):
        summary = selectors.evidence_summaries(
            [world.provider.pk], today, membership=world.members[membership_role]
        )
    return next(t.state for t in summary[world.provider.pk].types if t.evidence_type.name == "Insurance")


# --- State at its boundaries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "state"),
    [
        (-1, EvidenceState.EXPIRED),  # expired yesterday
        (0, EvidenceState.EXPIRING),  # expires today: still valid today, so expiring soon
        (1, EvidenceState.EXPIRING),  # tomorrow
        (30, EvidenceState.EXPIRING),  # the last day of the 30-day window
        (31, EvidenceState.CURRENT),
    ],
)
def test_evidence_state_at_its_boundaries(world, days_left, state):
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        checked_on=TODAY - datetime.timedelta(days=300),
        expires_on=TODAY + datetime.timedelta(days=days_left),
    )

    assert insurance_state(world) == state


def test_a_type_never_checked_is_missing(world):
    assert insurance_state(world) == EvidenceState.MISSING


def test_a_check_that_was_not_satisfactory_shows_as_such(world):
    EvidenceFactory(provider=world.provider, checked_for=world.la, outcome=Outcome.NOT_SATISFACTORY)

    assert insurance_state(world, today=timezone.localdate()) == EvidenceState.NOT_SATISFACTORY


def test_a_failed_recheck_supersedes_the_earlier_satisfactory_check(world):
    today = timezone.localdate()
    EvidenceFactory(
        provider=world.provider, checked_for=world.la, expires_on=today + datetime.timedelta(days=90)
    )
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        checked_on=today,
        expires_on=today + datetime.timedelta(days=365),
        outcome=Outcome.NOT_SATISFACTORY,
    )

    assert insurance_state(world, today=today) == EvidenceState.NOT_SATISFACTORY


def test_a_satisfactory_recheck_after_a_failure_makes_it_current_again(world):
    today = timezone.localdate()
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        checked_on=today - datetime.timedelta(days=20),
        outcome=Outcome.NOT_SATISFACTORY,
    )
    EvidenceFactory(provider=world.provider, checked_for=world.la, checked_on=today)

    assert insurance_state(world, today=today) == EvidenceState.CURRENT


def test_another_las_checks_never_change_this_las_picture(world):
    """Each LA's checks are its own: Otherton's passing check leaves Demoshire's view missing, and
    Demoshire's failed check is not hidden by it."""
    EvidenceFactory(provider=world.provider, checked_for=world.other_la)
    assert insurance_state(world) == EvidenceState.MISSING
    assert insurance_state(world, "ap_lead") == EvidenceState.MISSING
    assert insurance_state(world, "other_la_officer") == EvidenceState.CURRENT

    EvidenceFactory(provider=world.provider, checked_for=world.la, outcome=Outcome.NOT_SATISFACTORY)
    assert insurance_state(world) == EvidenceState.NOT_SATISFACTORY
    assert insurance_state(world, "other_la_officer") == EvidenceState.CURRENT


def test_a_provider_sees_every_las_checks_of_it(world):
    demoshire = EvidenceFactory(provider=world.provider, checked_for=world.la)
    otherton = EvidenceFactory(provider=world.provider, checked_for=world.other_la)
    EvidenceFactory(provider=world.other_provider, checked_for=world.la)

    with acting_as(world.members["provider_staff"]):
        seen = set(Evidence.objects.values_list("pk", flat=True))
    assert seen == {demoshire.pk, otherton.pk}


def test_a_provider_is_as_good_as_its_worst_type(world):
    full_evidence(world.provider, world.la)
    with unscoped("test"):
        Evidence.objects.filter(evidence_type=standard_evidence_type("DSL")).update(
            expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )
    with acting_as(world.members["school_leader"]):
        summary = selectors.evidence_summaries([world.provider.pk], membership=world.members["school_leader"])
    summary = summary[world.provider.pk]

    assert summary.state == EvidenceState.EXPIRED
    assert summary.count(EvidenceState.EXPIRED) == 1


# --- Recording a check -------------------------------------------------------------------------------------


def record(world, role="la_officer", **fields):
    membership = world.members[role]
    values = {
        "provider": world.provider,
        "by": membership,
        "evidence_type": standard_evidence_type("Insurance"),
        "checked_on": TODAY,
        "outcome": Outcome.SATISFACTORY,
    } | fields
    with acting_as(membership):
        return record_evidence(**values)


def test_a_check_without_an_expiry_date_gets_the_las_validity_period(world):
    EvidenceValidityFactory(local_authority=world.la, evidence_type=standard_evidence_type("Insurance"))

    evidence = record(world, today=TODAY)

    assert evidence.expires_on == TODAY + datetime.timedelta(days=180)
    assert (evidence.checked_by, evidence.checked_for) == (world.user("la_officer"), world.la)


def test_another_las_setting_does_not_change_the_default(world):
    EvidenceValidityFactory(local_authority=world.other_la, evidence_type=standard_evidence_type("Insurance"))

    evidence = record(world, today=TODAY)

    assert evidence.expires_on == TODAY + datetime.timedelta(days=365)


def test_a_given_expiry_date_is_kept(world):
    evidence = record(world, today=TODAY, expires_on=TODAY + datetime.timedelta(days=10))

    assert evidence.expires_on == TODAY + datetime.timedelta(days=10)


def test_a_check_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError, match="today or in the past"):
        record(world, today=TODAY, checked_on=TODAY + datetime.timedelta(days=1))


def test_an_expiry_before_the_check_is_refused(world):
    with pytest.raises(ValidationError, match="same as or after the date checked"):
        record(world, today=TODAY, expires_on=TODAY - datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "role", ["la_viewer", "ap_lead", "school_leader", "provider_manager", "trust_leader"]
)
def test_only_la_officers_record_evidence(world, role):
    with pytest.raises(PermissionDenied):
        record(world, role=role, today=TODAY)
    assert all_evidence() == []


def test_another_las_evidence_type_cannot_be_used(world):
    theirs = LAEvidenceTypeFactory(local_authority=world.other_la)

    with pytest.raises(ValidationError):
        record(world, today=TODAY, evidence_type=theirs)


def post_check(client, world, **fields):
    data = {
        "evidence_type": standard_evidence_type("Insurance").pk,
        **date_input("checked_on", timezone.localdate().isoformat()),
        **date_input("expires_on", ""),
        "outcome": Outcome.SATISFACTORY,
        "notes": "",
    }
    for name in ("checked_on", "expires_on"):
        if name in fields:
            data |= date_input(name, fields.pop(name))
    data |= fields
    return client.post(reverse("evidence_create", args=[world.provider.pk]), data)


def test_an_officer_records_a_check_and_the_expiry_defaults_from_the_las_period(world, client):
    EvidenceValidityFactory(local_authority=world.la, evidence_type=standard_evidence_type("Insurance"))
    client.force_login(world.user("la_officer"))

    response = post_check(client, world)

    [evidence] = all_evidence()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence_list", args=[world.provider.pk])
    assert evidence.expires_on == evidence.checked_on + datetime.timedelta(days=180)


def test_the_form_explains_the_default_expiry_and_the_dbs_rule(world, client):
    EvidenceValidityFactory(local_authority=world.la, evidence_type=standard_evidence_type("Insurance"))
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("evidence_create", args=[world.provider.pk])).content.decode()

    assert "Leave blank to use your LA's validity period" in page
    assert "Insurance: 180 days" in page
    assert "Does this document include copies of DBS certificates?" in page
    assert "deleted after 6 months" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_type_name_is_escaped_in_the_forms_hints(world, client):
    LAEvidenceTypeFactory(local_authority=world.la, name="<script>alert(1)</script>")
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("evidence_create", args=[world.provider.pk])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: 365 days" in page


def test_another_las_type_is_not_a_choice_in_the_form(world, client):
    theirs = LAEvidenceTypeFactory(local_authority=world.other_la)
    client.force_login(world.user("la_officer"))

    response = post_check(client, world, evidence_type=theirs.pk)

    assert "Select a type of evidence" in response.content.decode()
    assert all_evidence() == []


def test_form_errors_are_in_plain_english(world, client):
    client.force_login(world.user("la_officer"))

    page = post_check(
        client, world, checked_on="2026-01-10", expires_on="2026-01-09", outcome=""
    ).content.decode()

    assert "There is a problem" in page
    assert "The expiry date must be the same as or after the date checked" in page
    assert "Select the outcome of the check" in page
    assert all_evidence() == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("certificate.pdf", real_image("PNG"), "must be a PDF, Word document (.docx), PNG or JPEG"),
        ("huge.pdf", SMALL_PDF + b"0" * 100_000, "must be smaller than 97.7 KB"),
        ("policy.docx", docx_around_zeros(20), "could not be opened"),
    ],
    ids=["a PNG renamed .pdf", "oversized", "a zip bomb renamed .docx"],
)
def test_a_hostile_file_is_refused_with_the_reason_and_nothing_is_saved(
    world, client, settings, private_media, name, content, reason
):
    settings.DOCUMENT_MAX_BYTES = 100_000
    client.force_login(world.user("la_officer"))

    response = post_check(client, world, document=SimpleUploadedFile(name, content, "application/pdf"))

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert all_evidence() == []
    assert stored_files(private_media) == []


def test_a_copy_of_dbs_certificates_gets_a_deletion_date(world, client, private_media):
    client.force_login(world.user("la_officer"))
    staff_checks = standard_evidence_type("Written confirmation of staff checks")

    response = post_check(
        client,
        world,
        evidence_type=staff_checks.pk,
        document=SimpleUploadedFile("scr.pdf", SMALL_PDF, "application/pdf"),
        holds_dbs_copies="yes",
    )

    [evidence] = all_evidence()
    assert response.status_code == 302
    assert evidence.holds_dbs_copies
    assert evidence.document_delete_after == timezone.localdate() + datetime.timedelta(
        days=django_settings.DBS_COPY_RETENTION_DAYS
    )
    assert evidence.document_name == "scr.pdf"
    assert len(stored_files(private_media)) == 1
    page = client.get(response["Location"]).content.decode()
    assert f"will be deleted on {evidence.document_delete_after:%-d %B %Y}" in page


def test_a_document_for_staff_checks_needs_the_dbs_question_answered(world, client, private_media):
    client.force_login(world.user("la_officer"))

    response = post_check(
        client,
        world,
        evidence_type=standard_evidence_type("Written confirmation of staff checks").pk,
        document=SimpleUploadedFile("scr.pdf", SMALL_PDF, "application/pdf"),
    )

    assert "Select yes if this document includes copies of DBS certificates" in response.content.decode()
    assert all_evidence() == []
    assert stored_files(private_media) == []


# --- Documents: who may download them ----------------------------------------------------------------------


@pytest.fixture
def with_document(world):
    """A check of Demoshire PRU with a stored PDF, recorded through the service."""
    with acting_as(world.members["la_officer"]):
        return record_evidence(
            provider=world.provider,
            by=world.members["la_officer"],
            evidence_type=standard_evidence_type("Insurance"),
            checked_on=timezone.localdate(),
            outcome=Outcome.SATISFACTORY,
            notes="Certificate seen at the visit.",
            document=SimpleUploadedFile("../../etc/Insurance <2026>.pdf", SMALL_PDF, "application/pdf"),
        )


@pytest.mark.parametrize("role", ["la_officer", "provider_manager", "provider_staff"])
def test_the_provider_and_the_checking_las_officers_download_the_document_with_a_safe_name(
    world, client, with_document, role
):
    client.force_login(world.user(role))

    response = client.get(reverse("evidence_document", args=[with_document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SMALL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="insurance-{timezone.localdate():%Y-%m-%d}.pdf"'
    )


@pytest.mark.parametrize(
    "role",
    ["la_viewer", "ap_lead", "dsl", "school_leader", "school_staff", "other_school_leader", "trust_leader"],
)
def test_schools_trusts_and_la_viewers_are_refused_the_document(world, client, with_document, role):
    client.force_login(world.user(role))

    assert client.get(reverse("evidence_document", args=[with_document.pk])).status_code == 403


def test_another_provider_does_not_find_the_document(world, client, with_document):
    client.force_login(world.user("other_provider_manager"))

    assert client.get(reverse("evidence_document", args=[with_document.pk])).status_code == 404


def test_a_check_without_a_document_has_nothing_to_download(world, client):
    evidence = EvidenceFactory(provider=world.provider, checked_for=world.la)
    client.force_login(world.user("la_officer"))

    assert client.get(reverse("evidence_document", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize("role", ["ap_lead", "dsl", "school_leader", "school_staff", "trust_leader"])
def test_schools_never_get_the_document_link_or_the_notes(world, client, with_document, role):
    client.force_login(world.user(role))

    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()

    assert "Insurance" in page
    assert reverse("evidence_document", args=[with_document.pk]) not in page
    assert "Certificate seen at the visit." not in page
    assert world.user("la_officer").full_name not in page


@pytest.mark.parametrize("role", ["la_officer", "provider_manager"])
def test_the_provider_and_las_see_the_document_link_and_notes(world, client, with_document, role):
    client.force_login(world.user(role))

    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()

    assert reverse("evidence_document", args=[with_document.pk]) in page
    assert "Certificate seen at the visit." in page


def test_another_las_officers_never_see_the_notes_and_the_form_says_so(world, client, with_document):
    """The notes hint promised "local authorities": a check's notes are its own LA's and the provider's."""
    client.force_login(world.user("la_officer"))
    form = client.get(reverse("evidence_create", args=[world.provider.pk])).content.decode()
    client.force_login(world.user("other_la_officer"))
    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()

    assert "Seen by the provider and your LA's officers, never by schools or other LAs." in form
    assert "by local authorities" not in form
    assert "Certificate seen at the visit." not in page


# --- Copies of DBS certificates are deleted after six months -----------------------------------------------


def test_copies_of_dbs_certificates_are_purged_after_six_months_and_the_check_is_kept(
    world, client, private_media
):
    staff_checks = standard_evidence_type("Written confirmation of staff checks")
    uploaded_on = datetime.date(2026, 1, 15)
    with time_machine.travel(datetime.datetime(2026, 1, 15, 10, tzinfo=datetime.UTC), tick=False):
        dbs_copy = record(
            world,
            evidence_type=staff_checks,
            checked_on=uploaded_on,
            document=SimpleUploadedFile("dbs.pdf", SMALL_PDF, "application/pdf"),
            holds_dbs_copies=True,
        )
        other_document = record(
            world,
            checked_on=uploaded_on,
            document=SimpleUploadedFile("policy.pdf", SMALL_PDF, "application/pdf"),
        )
    [dbs_file, other_file] = [private_media / item.document.name for item in (dbs_copy, other_document)]
    assert dbs_file.exists()
    assert other_file.exists()
    deletion_day = uploaded_on + datetime.timedelta(days=django_settings.DBS_COPY_RETENTION_DAYS)

    day_before = deletion_day - datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(day_before, datetime.time(12), tzinfo=datetime.UTC)):
        assert purge_expired_dbs_copies() == 0
    assert dbs_file.exists()

    with time_machine.travel(datetime.datetime.combine(deletion_day, datetime.time(12), tzinfo=datetime.UTC)):
        assert purge_dbs_certificate_copies() == 1
        assert purge_expired_dbs_copies() == 0  # a second run finds nothing left to do

    assert not dbs_file.exists()
    assert other_file.exists()  # only copies of DBS certificates are purged
    with unscoped("test"):
        dbs_copy.refresh_from_db()
    assert dbs_copy.document_removed_reason == DBS_COPY_REMOVED_REASON
    assert dbs_copy.document_removed_at is not None
    assert not dbs_copy.has_document
    client.force_login(world.user("la_officer"))
    assert client.get(reverse("evidence_document", args=[dbs_copy.pk])).status_code == 404
    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()
    assert f"Document deleted on {deletion_day:%-d %B %Y}: {DBS_COPY_REMOVED_REASON}" in page


def test_the_purge_runs_daily_on_the_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["purge-dbs-certificate-copies"]

    assert entry["task"] == "providers.tasks.purge_dbs_certificate_copies"
    assert entry["schedule"] == 24 * 60 * 60


# --- The evidence page and the summary cost a fixed number of queries --------------------------------------


def queries_for_evidence_page(client, world, checks: int) -> int:
    with unscoped("test"):
        Evidence.objects.all().delete()
    for n in range(checks):
        EvidenceFactory(
            provider=world.provider,
            checked_for=world.la,
            checked_by=world.user("la_officer"),
            checked_on=timezone.localdate() - datetime.timedelta(days=n),
        )
    client.get(reverse("evidence_list", args=[world.provider.pk]))  # the activity stamp is never counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evidence_list", args=[world.provider.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_evidence_page_costs_the_same_for_5_and_100_checks(world, client):
    client.force_login(world.user("la_officer"))

    assert queries_for_evidence_page(client, world, 5) == queries_for_evidence_page(client, world, 100)


def test_the_summary_renders_with_no_queries(world, django_assert_num_queries):
    full_evidence(world.provider, world.la, expires_on=timezone.localdate() + datetime.timedelta(days=3))
    membership = world.members["school_leader"]
    with acting_as(membership):
        summary = selectors.evidence_summaries([world.provider.pk], membership=membership)[world.provider.pk]

    with django_assert_num_queries(0):
        html = render_to_string(
            "providers/evidence/_summary.html", {"provider": world.provider, "evidence": summary}
        )

    assert "Evidence: expiring soon" in html
    assert "Insurance: expiring soon" in html


# --- The evidence types an LA keeps -------------------------------------------------------------------------


def test_an_officer_adds_a_type_of_their_own_and_its_providers_need_it(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(
        reverse("evidence_types"),
        {"name": "Fire drill log", "description": "Termly drills.", "default_validity_days": "120"},
    )

    with unscoped("test"):
        added = EvidenceType.objects.get(name="Fire drill log")
    assert response.status_code == 302
    assert (added.local_authority, added.default_validity_days) == (world.la, 120)
    client.get(reverse("evidence_types"))  # shows (and so clears) the confirmation message
    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()
    assert REQUIRED_ROW.format("Fire drill log") in page
    client.force_login(world.user("other_la_officer"))
    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()
    assert REQUIRED_ROW.format("Fire drill log") not in page


def test_a_type_name_already_in_use_is_refused(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("evidence_types"), {"name": "insurance", "default_validity_days": "30"})

    assert "There is already an evidence type with this name" in response.content.decode()


def test_an_officer_sets_the_las_validity_for_a_standard_type(world, client):
    insurance = standard_evidence_type("Insurance")
    client.force_login(world.user("la_officer"))

    client.post(reverse("evidence_validity", args=[insurance.pk]), {"validity_days": "200"})
    client.post(reverse("evidence_validity", args=[insurance.pk]), {"validity_days": "250"})

    with unscoped("test"):
        [validity] = EvidenceValidity.objects.all()
    assert (validity.local_authority, validity.evidence_type, validity.validity_days) == (
        world.la,
        insurance,
        250,
    )
    assert insurance.default_validity_days == 365  # the standard is everyone's: unchanged


def test_an_officer_retires_their_own_type_and_it_is_kept(world, client):
    own = LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("evidence_validity", args=[own.pk]), {"retire": "1"})

    with unscoped("test"):
        own.refresh_from_db()
    assert response.status_code == 302
    assert own.retired_at is not None
    page = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()
    assert REQUIRED_ROW.format("Fire drill log") not in page


def test_a_standard_type_cannot_be_retired(world, client):
    client.force_login(world.user("la_officer"))

    response = client.post(
        reverse("evidence_validity", args=[standard_evidence_type("Insurance").pk]), {"retire": "1"}
    )

    assert response.status_code == 403


def test_another_las_type_is_not_found(world, client):
    theirs = LAEvidenceTypeFactory(local_authority=world.other_la)
    client.force_login(world.user("la_officer"))

    assert client.get(reverse("evidence_validity", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("evidence_validity", args=[theirs.pk]), {"retire": "1"}).status_code == 404


def test_another_las_officer_cannot_find_this_las_document(world, client, with_document):
    client.force_login(world.user("other_la_officer"))

    assert client.get(reverse("evidence_document", args=[with_document.pk])).status_code == 404


def test_an_oversized_file_is_dropped_as_it_arrives_and_the_rest_of_the_form_is_kept(
    world, client, settings, private_media
):
    settings.DOCUMENT_MAX_BYTES = 100_000
    client.force_login(world.user("la_officer"))

    response = post_check(
        client,
        world,
        notes="Seen at the visit.",
        document=SimpleUploadedFile("big.pdf", SMALL_PDF + b"0" * 300_000),
    )

    page = response.content.decode()
    assert "The selected file must be smaller than 97.7 KB" in page
    assert "Seen at the visit." in page
    assert response.context["form"].errors["document"] == ["The selected file must be smaller than 97.7 KB"]
    assert all_evidence() == []
