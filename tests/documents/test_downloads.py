"""Stored documents live in a private folder under random names with no URL, and leave only as attachments
that a browser can neither sniff, cache nor run."""

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile

from apcommission.documents.downloads import document_response
from apcommission.documents.storage import PrivateStorage, document_path, private_storage
from apcommission.documents.uploads import PDF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
STORED_NAME = re.compile(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|docx|png|jpg)")
CONTENT = b"%PDF-1.7\nnot really a pdf, but storage does not look\n%%EOF\n"


# Used as a model uses it: the field names the file (upload_to), the storage keeps it.
FIELD = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def stored(name="DBS check.pdf", content=CONTENT) -> FieldFile:
    """What FileField.save does for a model instance, without needing one."""
    saved = private_storage.save(FIELD.generate_filename(None, name), ContentFile(content))
    return FieldFile(None, FIELD, saved)


# --- Where and how documents are stored ---------------------------------------------------------------


def test_a_document_is_stored_in_the_private_folder_under_a_random_name(private_root):
    file = stored("DBS check for J Smith.pdf")

    assert STORED_NAME.fullmatch(file.name)
    assert "Smith" not in file.name
    assert (private_root / file.name).read_bytes() == CONTENT


def test_the_same_name_twice_is_stored_twice(private_root):
    assert stored("policy.pdf").name != stored("policy.pdf").name


def test_the_folder_follows_the_setting_at_every_use(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "first"
    first = stored()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "second"
    second = stored()

    assert (tmp_path / "first" / first.name).exists()
    assert (tmp_path / "second" / second.name).exists()
    assert private_storage.location == str(tmp_path / "second")


def test_stored_documents_are_not_readable_by_other_users_of_the_machine(private_root):
    path = private_root / stored().name

    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o750


@pytest.mark.parametrize(
    ("name", "extension"),
    [("a.pdf", "pdf"), ("b.DOCX", "docx"), ("c.png", "png"), ("d.jpg", "jpg"), ("e.JPEG", "jpg")],
)
def test_document_path_keeps_only_a_normalised_extension(name, extension):
    path = document_path(None, name)

    assert STORED_NAME.fullmatch(path)
    assert path.endswith(f".{extension}")


@pytest.mark.parametrize("name", ["evil.exe", "page.html", "no-extension", "../../x.sh", ""])
def test_document_path_refuses_a_name_no_checked_document_has(name):
    with pytest.raises(ValueError):
        document_path(None, name)


@pytest.mark.parametrize("name", ["DBS check.pdf", "../outside.pdf", "evidence/2026/11/mine.pdf"])
def test_the_storage_refuses_to_save_under_any_other_name(private_root, name):
    with pytest.raises(ValueError):
        private_storage.save(name, ContentFile(CONTENT))

    assert not private_root.exists() or not any(private_root.rglob("*.pdf"))


def test_a_stored_document_has_no_url(private_root):
    file = stored()

    assert private_storage.base_url is None
    with pytest.raises(NotImplementedError):
        file.url  # noqa: B018


def test_the_storage_rebuilds_the_same_in_migrations():
    assert PrivateStorage().deconstruct() == ("apcommission.documents.storage.PrivateStorage", (), {})


# --- The setting --------------------------------------------------------------------------------------------


def settings_in_a_fresh_process(**environment) -> subprocess.CompletedProcess:
    """Loads the settings as a server would, without the test run's own environment flags."""
    env = {key: value for key, value in os.environ.items() if key not in {"APCOMMISSION_TEST", "DEBUG"}}
    for inherited in ("PRIVATE_MEDIA_ROOT", "APCOMMISSION_DATA_DIR", "DOCUMENT_MAX_BYTES"):
        env.pop(inherited, None)
    env |= {"DJANGO_SETTINGS_MODULE": "apcommission.settings", **environment}
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([str(s.PRIVATE_MEDIA_ROOT), s.DOCUMENT_MAX_BYTES]))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_demo_keeps_documents_in_its_data_folder():
    result = settings_in_a_fresh_process()
    assert result.returncode == 0, result.stderr

    root, max_bytes = json.loads(result.stdout)
    assert Path(root) == BASE_DIR / ".data" / "private-media"
    assert max_bytes == 10 * 1024 * 1024


def test_test_runs_keep_their_documents_apart_from_the_demos():
    result = settings_in_a_fresh_process(APCOMMISSION_TEST="1")
    assert result.returncode == 0, result.stderr

    assert Path(json.loads(result.stdout)[0]) == BASE_DIR / ".data" / "test-private-media"


def test_production_refuses_to_start_without_a_private_media_root():
    result = settings_in_a_fresh_process(
        APCOMMISSION_PRODUCTION="1",
        SECRET_KEY="x" * 50,
        MFA_ENCRYPTION_KEY="A" * 43 + "=",
        ALLOWED_HOSTS="apcommission.example",
        EMAIL_URL="smtp://127.0.0.1:1025",
    )

    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT" in result.stderr


@pytest.mark.parametrize("inside", ["static", "static/uploads"])
def test_documents_may_never_be_kept_among_the_static_files(inside):
    result = settings_in_a_fresh_process(PRIVATE_MEDIA_ROOT=str(BASE_DIR / inside))

    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT must be outside" in result.stderr


# --- The download response ----------------------------------------------------------------------------------


def download(file, **kwargs):
    response = document_response(file, **{"filename": "DBS check.pdf", "content_type": PDF, **kwargs})
    body = b"".join(response.streaming_content)
    response.close()
    return response, body


def test_a_document_is_downloaded_as_an_attachment_with_its_bytes(private_root):
    response, body = download(stored())

    assert response.status_code == 200
    assert body == CONTENT
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="DBS check.pdf"'
    assert response["Content-Length"] == str(len(CONTENT))


def test_a_download_can_be_neither_sniffed_nor_cached_nor_run(private_root):
    response, _ = download(stored())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_download_name_is_made_safe(private_root):
    response, _ = download(stored(), filename='../../"report"\r\nSet-Cookie: x=1.pdf')

    assert response["Content-Disposition"] == 'attachment; filename="report Set-Cookie x1.pdf"'


def test_a_name_beyond_ascii_is_offered_as_rfc_6266_says(private_root):
    response, _ = download(stored(), filename="Zoë\u2019s plan.pdf")

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Zo%C3%ABs%20plan.pdf"


def test_an_unexpected_content_type_is_served_as_plain_bytes(private_root):
    response, _ = download(stored(), content_type="text/html")

    assert response["Content-Type"] == "application/octet-stream"


def test_a_missing_file_raises_for_the_view_to_answer(private_root):
    file = stored()
    (private_root / file.name).unlink()

    with pytest.raises(FileNotFoundError):
        download(file)
