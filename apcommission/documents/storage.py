"""Where evidence documents are kept: a private folder (settings.PRIVATE_MEDIA_ROOT) that no URL reaches.

Use both together on a model: `models.FileField(storage=private_storage, upload_to=document_path)`.
Guarantees: the folder is read from settings each time it is used (so `override_settings` works); files
are stored only under a random name, `evidence/<year>/<month>/<uuid4 hex>.<pdf|docx|png|jpg>`, never the
uploaded one; files and folders are not readable by other users of the machine; and asking a stored file
for its URL is an error. Documents leave only through `downloads.document_response`, from a view that
has decided who may have them.
"""

import os
import re
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from apcommission.documents.uploads import ACCEPTED_EXTENSIONS, extension_of

_STORED_NAME = re.compile(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(?:pdf|docx|png|jpg)")


def document_path(instance, filename: str) -> str:
    """A new random path for a checked document: only its extension is taken from the uploaded name.

    Usable as a FileField's `upload_to`. Raises ValueError for a name that no checked document can have.
    """
    accepted = ACCEPTED_EXTENSIONS.get(extension_of(filename or ""))
    if accepted is None:
        raise ValueError("Only documents that passed check_document are stored.")
    now = timezone.now()
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{accepted[0]}"


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage at settings.PRIVATE_MEDIA_ROOT, read at every use, with no URL."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)

    # Django caches these and clears them only when MEDIA_ROOT or MEDIA_URL change: ours follow our setting.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise NotImplementedError(
            "Private documents have no URL: serve them with documents.downloads.document_response "
            "from a view that checks who is asking."
        )

    def save(self, name, content, max_length=None):
        if not _STORED_NAME.fullmatch(name or ""):
            raise ValueError("Private documents are stored only under a name from document_path().")
        return super().save(name, content, max_length=max_length)


private_storage = PrivateStorage()
