"""An upload handler that stops reading a file as soon as it passes the size limit.

Django writes every upload to memory or a temporary file before any form sees it, so a form's own size
check only runs once the whole file has arrived. This handler, first in FILE_UPLOAD_HANDLERS, skips the
rest of a file once it passes `settings.DOCUMENT_MAX_BYTES`: the part already written is discarded, the
rest of the request (the other fields, the CSRF token) is still read, and the view finds the reason in
`refused_upload(request)` to tell the person.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from apcommission.documents.uploads import too_large_message

_REFUSED = "_refused_uploads"


class UploadSizeLimitHandler(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        limit = settings.DOCUMENT_MAX_BYTES
        if start + len(raw_data) > limit:
            refused = getattr(self.request, _REFUSED, {})
            refused[self.field_name] = too_large_message(limit)
            setattr(self.request, _REFUSED, refused)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


def refused_upload(request, field_name: str) -> str | None:
    """Why the file posted in `field_name` was dropped before it arrived, or None."""
    return getattr(request, _REFUSED, {}).get(field_name)
