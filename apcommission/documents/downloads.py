"""Handing a stored document to someone a view has already allowed to have it.

Who may download what is decided by the view (through the tenancy rules); this module only builds a
response that a browser saves rather than shows, so a hostile file cannot run in our origin.
"""

import io

from django.http import FileResponse

from apcommission.documents.uploads import CONTENT_TYPES, safe_filename

# default-src 'none' and sandbox: even if a browser did render the file, it could load and run nothing.
DOCUMENT_CSP = "default-src 'none'; sandbox"


def document_response(file_field_file, *, filename: str, content_type: str) -> FileResponse:
    """A streamed download of a stored document (a FieldFile) as an attachment named safe_filename(filename).

    Guarantees: `Content-Disposition: attachment` (RFC 6266, non-ASCII names included); the content type is
    one of the four accepted document types, or application/octet-stream if anything else is given; the
    browser may not sniff another type, must not cache the file and would run nothing in it. Raises
    FileNotFoundError if the stored file is gone.
    """
    return _attachment(file_field_file.open("rb"), filename=filename, content_type=content_type)


def made_response(content: bytes, *, filename: str, content_type: str) -> FileResponse:
    """A document made for this request (a one-placement report), handed over as a stored one is."""
    return _attachment(io.BytesIO(content), filename=filename, content_type=content_type)


def _attachment(opened, *, filename: str, content_type: str) -> FileResponse:
    if content_type not in CONTENT_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=safe_filename(filename),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    return response
