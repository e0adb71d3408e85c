"""The CTF import pages, as the AP lead uses them: upload (with refusals in plain words and nothing kept),
the preview with every warning and the pupils ticked, the import, and the access events they write."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from pupils.models import CTFUpload, Pupil
from tests.pupils.ctf_builder import generated_ctf, upn
from tests.pupils.factories import CTFUploadFactory, PupilFactory

FILES = Path(__file__).parent / "ctf_files"


@pytest.fixture
def ap_lead(world, client):
    client.force_login(world.members["ap_lead"].user)
    return client


def uploaded(client, name: str, *, data: bytes | None = None):
    data = (FILES / name).read_bytes() if data is None else data
    return client.post(reverse("pupil_import:upload"), {"file": SimpleUploadedFile(name, data)})


def uploads() -> list[CTFUpload]:
    with unscoped("a test reads uploads"):
        return list(CTFUpload.objects.all())


def access_events(action: str) -> list[AccessEvent]:
    with unscoped("a test reads the access log"):
        return list(AccessEvent.objects.filter(action=action))


def test_the_upload_page_explains_and_asks_for_the_file(ap_lead):
    response = ap_lead.get(reverse("pupil_import:upload"))
    assert response.status_code == 200
    assert "Common Transfer File" in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_a_good_file_is_kept_and_previewed(world, ap_lead):
    response = uploaded(ap_lead, "full_ctf25.xml")
    (upload,) = uploads()
    assert response.url == reverse("pupil_import:preview", args=[upload.pk])

    preview = ap_lead.get(response.url)
    assert preview.status_code == 200
    for words in (
        "Tegan Marsh",
        "Ellis Drummond",
        "Ruby-Mae Hollis",
        "outside England (Jersey)",
        "New pupil",
    ):
        assert words in preview.text
    assert preview.text.count('name="pupils"') == 3
    assert preview.text.count(" checked>") == 3


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("billion_laughs.xml", "document type declaration"),
        ("external_entity.xml", "document type declaration"),
        ("not_a_ctf.xml", "not a Common Transfer File"),
        ("not_xml.xml", "not a Common Transfer File"),
        ("no_version.xml", "does not say which CTF version"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_in_plain_words_and_nothing_is_kept(ap_lead, name, says):
    response = uploaded(ap_lead, name)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert says in response.text
    assert uploads() == []


def test_no_file_and_an_empty_file_are_refused(ap_lead):
    response = ap_lead.post(reverse("pupil_import:upload"), {})
    assert "Select a Common Transfer File" in response.text
    assert "The selected file is empty" in uploaded(ap_lead, "empty.xml", data=b"").text
    assert uploads() == []


def test_a_file_over_the_limit_is_refused_as_it_arrives(ap_lead, settings):
    settings.DOCUMENT_MAX_BYTES = 2000
    response = uploaded(ap_lead, "full_ctf25.xml")
    assert "The selected file must be smaller than" in response.text
    assert uploads() == []


def test_a_file_over_the_ctfs_own_limit_is_refused(ap_lead, settings):
    settings.CTF_MAX_BYTES = 2000
    response = uploaded(ap_lead, "full_ctf25.xml")
    assert "larger than" in response.text
    assert uploads() == []


def test_the_preview_warns_of_a_partial_file_and_a_wrong_check_letter(world, ap_lead):
    partial = CTFUploadFactory(
        school=world.school, uploaded_by=world.members["ap_lead"], data=(FILES / "partial.xml").read_bytes()
    )
    assert "This is a partial file" in ap_lead.get(reverse("pupil_import:preview", args=[partial.pk])).text
    ctf19 = CTFUploadFactory(
        school=world.school,
        uploaded_by=world.members["ap_lead"],
        data=(FILES / "full_ctf19.xml").read_bytes(),
    )
    page = ap_lead.get(reverse("pupil_import:preview", args=[ctf19.pk])).text
    assert "Pupils that cannot be imported" in page
    assert "The UPN B881234519102 is not valid" in page
    assert page.count('name="pupils"') == 2


def test_a_pupil_already_at_the_school_is_offered_as_an_update(world, ap_lead):
    PupilFactory(school=world.school, upn="W815410422007", legal_forename="Tegan", legal_surname="Marshe")
    upload = CTFUploadFactory(school=world.school, uploaded_by=world.members["ap_lead"])
    page = ap_lead.get(reverse("pupil_import:preview", args=[upload.pk])).text
    assert "Will update, with history" in page
    assert "What will change: Last name" in page


def test_the_preview_and_the_import_write_access_events(world, ap_lead):
    existing = PupilFactory(school=world.school, upn="W815410422007")
    upload = CTFUploadFactory(school=world.school, uploaded_by=world.members["ap_lead"])
    url = reverse("pupil_import:preview", args=[upload.pk])
    ap_lead.get(url)
    (shown,) = access_events("pupil.ctf_preview")
    assert shown.pupil_ids == [existing.pk]
    assert shown.path == url

    response = ap_lead.post(url, {"pupils": ["1", "2"], "import": "1"})
    assert response.url == url
    (imported,) = access_events("pupil.ctf_import")
    with unscoped("a test reads pupils"):
        assert sorted(imported.pupil_ids) == sorted(Pupil.objects.values_list("pk", flat=True))
        assert Pupil.objects.count() == 2  # Tegan updated, Ellis added, Ruby-Mae left unticked

    finished = ap_lead.get(url)
    assert "Pupils imported" in finished.text
    assert "1 added, 1 updated" in finished.text
    assert len(access_events("pupil.ctf_preview")) == 1  # the finished page shows no pupil


def test_importing_with_no_pupil_ticked_says_so_and_imports_nothing(world, ap_lead):
    upload = CTFUploadFactory(school=world.school, uploaded_by=world.members["ap_lead"])
    response = ap_lead.post(reverse("pupil_import:preview", args=[upload.pk]), {"import": "1"})
    assert response.status_code == 200
    assert "Select at least one pupil to import" in response.text
    with unscoped("a test reads pupils"):
        assert Pupil.objects.count() == 0
    upload.refresh_from_db()
    assert upload.waiting


def test_a_pupil_that_cannot_be_imported_cannot_be_posted_either(world, ap_lead):
    upload = CTFUploadFactory(
        school=world.school,
        uploaded_by=world.members["ap_lead"],
        data=(FILES / "full_ctf19.xml").read_bytes(),
    )
    response = ap_lead.post(
        reverse("pupil_import:preview", args=[upload.pk]), {"pupils": ["2"], "import": "1"}
    )
    assert "Select only pupils that can be imported" in response.text
    with unscoped("a test reads pupils"):
        assert Pupil.objects.count() == 0


def test_the_ap_lead_discards_a_file(world, ap_lead):
    upload = CTFUploadFactory(school=world.school, uploaded_by=world.members["ap_lead"])
    response = ap_lead.post(reverse("pupil_import:preview", args=[upload.pk]), {"discard": "1"})
    assert response.url == reverse("pupil_import:upload")
    upload.refresh_from_db()
    assert not upload.waiting
    assert bytes(upload.data) == b""


def test_the_preview_costs_the_same_queries_for_10_pupils_as_for_300(world, ap_lead):
    """Some of the pupils already at the school, so their contacts and attendance are read too."""
    for serial in (1, 2, 3):
        PupilFactory(school=world.school, upn=upn(serial))
    costs = []
    ap_lead.get(reverse("pupil_import:upload"))  # who is signed in, read once and kept
    for size in (10, 300):
        upload = CTFUploadFactory(
            school=world.school, uploaded_by=world.members["ap_lead"], data=generated_ctf(size)
        )
        with CaptureQueriesContext(connection) as queries:
            assert ap_lead.get(reverse("pupil_import:preview", args=[upload.pk])).status_code == 200
        costs.append(len(queries.captured_queries))
    assert costs[0] == costs[1]


def test_the_preview_warns_when_the_file_was_made_for_another_school(ap_lead):
    response = uploaded(ap_lead, "generated.xml", data=generated_ctf(1))

    preview = ap_lead.get(response.url).text

    assert (
        "This file was made for another school (LA 881, establishment 4123), not Demoshire Academy" in preview
    )
