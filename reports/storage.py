"""Where printed reports are kept: the private folder that holds evidence documents (no URL reaches it),
under `reports/<year>/<month>/<uuid4 hex>.pdf`. Reports leave only through `reports.views.download`."""

import re
import uuid

from django.utils import timezone

from apcommission.documents.storage import PrivateStorage

_STORED_NAME = re.compile(r"reports/\d{4}/\d{2}/[0-9a-f]{32}\.pdf")


def report_path(instance, filename: str) -> str:
    now = timezone.now()
    return f"reports/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.pdf"


class ReportStorage(PrivateStorage):
    def save(self, name, content, max_length=None):
        if not _STORED_NAME.fullmatch(name or ""):
            raise ValueError("Reports are stored only under a name from report_path().")
        return super(PrivateStorage, self).save(name, content, max_length=max_length)


report_storage = ReportStorage()
