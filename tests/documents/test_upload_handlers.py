"""An oversized upload is dropped as it arrives, not after it has been written out in full."""

import pytest
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory

from apcommission.documents.upload_handlers import UploadSizeLimitHandler, refused_upload


@pytest.fixture
def handler(settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    handler = UploadSizeLimitHandler(request)
    handler.new_file("document", "big.pdf", "application/pdf", None)
    return handler, request


def test_chunks_within_the_limit_pass_through_to_the_next_handler(handler):
    handler, request = handler

    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    assert handler.receive_data_chunk(b"x" * 400, 600) == b"x" * 400
    assert refused_upload(request, "document") is None


def test_the_chunk_that_passes_the_limit_skips_the_file_and_says_why(handler):
    handler, request = handler
    handler.receive_data_chunk(b"x" * 600, 0)

    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 401, 600)

    assert refused_upload(request, "document") == "The selected file must be smaller than 1000 bytes"
    assert refused_upload(request, "another_field") is None


def test_the_file_is_still_made_by_the_next_handler(handler):
    handler, _request = handler

    assert handler.file_complete(10) is None


def test_uploads_go_through_the_limit_first(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "apcommission.documents.upload_handlers.UploadSizeLimitHandler"
