"""Common Transfer Files uploaded for import: kept privately, for the uploading school's AP leads alone, only
until they are imported or, at most, `settings.CTF_UPLOAD_KEEP_HOURS` (a beat task empties older ones).

The file's bytes live in the database row, not on disk: they leave with the row's own transaction (an
import empties them in the same transaction that writes the pupils), no URL reaches them, and a purge
cannot leave a file behind. The row itself stays, without the file, as the record of who uploaded what and
what became of it. It keeps no history: a history row would keep a copy of the children's records that no
purge could reach.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone

from apcommission.documents.uploads import safe_filename
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet, unscoped
from pupils import rules, visibility
from pupils.ctf import CTFFile, CTFRefused, read_ctf

_CHUNK = 64 * 1024


class CTFUploadQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.ctf_uploads(membership))


class CTFUpload(models.Model):
    """One uploaded CTF, waiting to be imported (`data` holds it), imported, or discarded unimported."""

    school = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField(editable=False, default=bytes)

    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    discarded_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(CTFUploadQuerySet)()

    class Meta:
        app_label = "pupils"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["school", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%d/%m/%Y %H:%M})"

    @property
    def waiting(self) -> bool:
        """Still holding its file: neither imported nor discarded."""
        return self.imported_at is None and self.discarded_at is None


def max_bytes() -> int:
    """The largest CTF accepted: its own limit, never above what the upload handler lets through."""
    return min(settings.CTF_MAX_BYTES, settings.DOCUMENT_MAX_BYTES)


def _read_bounded(upload: UploadedFile, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the upload: enough to know it is too big, never the whole of it."""
    upload.seek(0)
    chunks, size = [], 0
    while size <= limit and (chunk := upload.read(min(_CHUNK, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def keep_upload(*, by: Membership, upload: UploadedFile) -> tuple[CTFUpload, CTFFile]:
    """Keep `upload` (a Django UploadedFile) for `by`'s school if it is a CTF we can read, and return it
    with what it says. Raises CTFRefused, with a message for the person, for anything that is not (too
    big, not XML, a DTD or entities, not a CTF, a version we cannot read): then nothing is written."""
    if not rules.can_add_pupil(by):
        raise PermissionDenied("Only a school's AP lead imports pupils")
    limit = max_bytes()
    data = _read_bounded(upload, limit)
    ctf = read_ctf(data, max_bytes=limit)
    kept = CTFUpload.objects.create(
        school_id=by.organisation_id,
        uploaded_by=by,
        file_name=safe_filename(upload.name or "", fallback="ctf.xml"),
        size=len(data),
        data=data,
    )
    return kept, ctf


def read_upload(upload: CTFUpload) -> CTFFile:
    """What a waiting upload says (it was read once when it was kept, so it reads again)."""
    if not upload.waiting:
        raise CTFRefused("This file has already been imported or has been discarded.")
    return read_ctf(bytes(upload.data), max_bytes=max(len(upload.data), 1))


def waiting_uploads(*, membership: Membership) -> list[CTFUpload]:
    """The school's uploads still waiting to be imported, newest first, without their files."""
    return list(
        CTFUpload.objects.visible_to(membership)
        .filter(imported_at__isnull=True, discarded_at__isnull=True)
        .defer("data")
    )


def discard_old_uploads(*, now: datetime.datetime | None = None) -> int:
    """Empty every upload not imported within `settings.CTF_UPLOAD_KEEP_HOURS` of being uploaded, and say
    when on its row. Safe to repeat. Returns how many were discarded."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.CTF_UPLOAD_KEEP_HOURS)
    with unscoped("retention: uploaded Common Transfer Files"):
        return CTFUpload.objects.filter(
            uploaded_at__lte=cutoff, imported_at__isnull=True, discarded_at__isnull=True
        ).update(data=b"", discarded_at=now)


def discard_upload(upload: CTFUpload, *, by: Membership) -> CTFUpload:
    """Empty a waiting upload unimported, at the AP lead's word. Its row stays, saying when."""
    if not rules.can_add_pupil(by):
        raise PermissionDenied("Only a school's AP lead imports pupils")
    CTFUpload.objects.visible_to(by).filter(pk=upload.pk, imported_at__isnull=True).update(
        data=b"", discarded_at=timezone.now()
    )
    upload.refresh_from_db()
    return upload
