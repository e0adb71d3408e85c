"""Importing pupils from a Common Transfer File: upload a file, see every pupil in it with every warning,
pick pupils and import them. Thin: `pupils.rules` decides who (the school's AP lead), the scoped manager
which uploads exist (404 for another school's), `pupils.importing` what importing would do and does it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from apcommission.audit.services import record_access
from apcommission.documents.upload_handlers import refused_upload
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import submitted
from pupils import rules
from pupils.ctf import CTFRefused
from pupils.import_forms import PickForm, UploadForm
from pupils.import_uploads import (
    CTFUpload,
    discard_upload,
    keep_upload,
    max_bytes,
    read_upload,
    waiting_uploads,
)
from pupils.importing import import_pupils, plan_import

MEGABYTE = 1024 * 1024


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_add_pupil)
def upload(request):
    form = UploadForm(
        submitted(request),
        request.FILES or None,
        refused=refused_upload(request, "file"),
        max_megabytes=round(max_bytes() / MEGABYTE, 1),
    )
    if request.method == "POST" and form.is_valid():
        try:
            kept, _ctf = keep_upload(by=request.membership, upload=form.cleaned_data["file"])
        except CTFRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("pupil_import:preview", pk=kept.pk)
    return render(
        request,
        "pupils/import/upload.html",
        {
            "form": form,
            "waiting": waiting_uploads(membership=request.membership),
            "keep_hours": settings.CTF_UPLOAD_KEEP_HOURS,
            "title": "Import pupils from a Common Transfer File",
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_add_pupil)
def preview(request, pk):
    upload = get_object_or_404(CTFUpload.objects.visible_to(request.membership), pk=pk)
    if not upload.waiting:
        return render(request, "pupils/import/finished.html", {"upload": upload})
    if request.method == "POST" and "discard" in request.POST:
        discard_upload(upload, by=request.membership)
        messages.success(request, f"{upload.file_name} discarded. Nothing was imported.")
        return redirect("pupil_import:upload")
    plan = plan_import(read_upload(upload), membership=request.membership)
    form = PickForm(submitted(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            result = import_pupils(upload, by=request.membership, positions=form.cleaned_data["pupils"])
        except CTFRefused:  # imported meanwhile, in another tab: the finished page says what happened
            return redirect("pupil_import:preview", pk=upload.pk)
        record_access(request=request, action="pupil.ctf_import", pupil_ids=result.pupil_ids)
        for refusal in result.left_out:
            messages.warning(request, refusal)
        return redirect("pupil_import:preview", pk=upload.pk)
    existing = [each.existing.pk for each in plan.pupils if each.existing is not None]
    record_access(request=request, action="pupil.ctf_preview", pupil_ids=existing)
    return render(request, "pupils/import/preview.html", {"upload": upload, "plan": plan, "form": form})
