"""The pupil pages: the school's list, a pupil's record, adding and editing it, its contacts and
attendance years, and who has viewed it. Thin views: selectors read, services write, `pupils.rules`
decides. Every page that shows a pupil writes an access event; no page deletes one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import submitted
from apcommission.tenancy.roles import OrganisationKind as Kind
from pupils import rules, selectors, services
from pupils.attendance import academic_year_label
from pupils.forms import AttendanceYearForm, ContactForm, PupilFilterForm, PupilForm
from pupils.identifiers import academic_year_start
from pupils.models import Contact, Pupil


def _visible(request, pk) -> Pupil:
    try:
        return selectors.pupil_visible(pk, membership=request.membership)
    except Pupil.DoesNotExist:
        raise Http404 from None


def _editable(request, pk) -> Pupil:
    """The pupil (404 if not seen), if the acting membership may change it (else 403)."""
    pupil = _visible(request, pk)
    if not rules.can_edit_pupil(request.membership, pupil):
        raise PermissionDenied
    return pupil


@require_GET
@rule_required(rules.can_view_pupils)
def pupil_list(request):
    membership = request.membership
    sees_sen = rules.sees_sensitive_of_listed(membership)
    form = PupilFilterForm(request.GET, sees_sen=sees_sen)
    today = timezone.localdate()
    page = selectors.pupil_list_page(
        form.filters(), request.GET.get("page"), membership=membership, today=today
    )
    if page.object_list:
        record_access(request=request, action="pupil.list", pupil_ids=[p.pk for p in page.object_list])
    return render(
        request,
        "pupils/pupil_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "sees_sen": sees_sen,
            "filtered": form.in_use(),
            "many_schools": membership.organisation.kind != Kind.SCHOOL,
            "can_add": rules.can_add_pupil(membership),
            "import_url": reverse("pupil_import:upload") if rules.can_add_pupil(membership) else None,
        },
    )


@require_GET
@membership_required
def pupil_detail(request, pk):
    try:
        record = selectors.pupil_record(pk, membership=request.membership)
    except Pupil.DoesNotExist:
        raise Http404 from None
    record_access(request=request, action="pupil.view", pupil_ids=[record.pupil.pk])
    return render(
        request,
        "pupils/pupil_detail.html",
        {"record": record, "pupil": record.pupil, "today": timezone.localdate()},
    )


def _pupil_form_page(request, form, *, title, back_url, duplicate=None, caption=""):
    return render(
        request,
        "pupils/pupil_form.html",
        {"form": form, "title": title, "caption": caption, "back_url": back_url, "duplicate": duplicate},
    )


def _refused(request, form, error: ValidationError, *, editing: bool = False):
    """Puts the service's refusal on the form; returns the pupil who has the UPN, for a duplicate (whose
    name and date of birth the page then shows, so it is recorded as shown: typed for a new pupil, or
    into another pupil's record)."""
    form.add_error(None, error)
    if not isinstance(error, services.DuplicateUPN):
        return None
    if editing:
        record_access(request=request, action="pupil.duplicate_edit", pupil_ids=[error.existing.pk])
    else:
        record_access(request=request, action="pupil.duplicate", pupil_ids=[error.existing.pk])
    return error.existing


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_add_pupil)
def pupil_create(request):
    form = PupilForm(submitted(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            pupil = services.add_pupil(by=request.membership, **form.values())
        except ValidationError as error:
            duplicate = _refused(request, form, error)
        else:
            messages.success(request, f"{pupil.name} has been added.")
            return redirect("pupils:detail", pk=pupil.pk)
    return _pupil_form_page(
        request, form, title="Add a pupil", back_url=reverse("pupils:list"), duplicate=duplicate
    )


@require_http_methods(["GET", "POST"])
@membership_required
def pupil_edit(request, pk):
    pupil = _editable(request, pk)
    title = f"Edit the record of {pupil.name}"  # as stored: the form puts what was typed on `pupil`
    form = PupilForm(submitted(request), instance=pupil)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pupil(pupil, by=request.membership, changes=form.values())
        except ValidationError as error:
            duplicate = _refused(request, form, error, editing=True)
        else:
            messages.success(request, f"The record of {pupil.name} has been saved.")
            return redirect("pupils:detail", pk=pupil.pk)
    record_access(request=request, action="pupil.edit", pupil_ids=[pupil.pk])
    return _pupil_form_page(
        request,
        form,
        title=title,
        back_url=reverse("pupils:detail", args=[pupil.pk]),
        duplicate=duplicate,
    )


def _form_page(request, form, *, pupil, title):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": pupil.name,
            "back_url": reverse("pupils:detail", args=[pupil.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def contact_create(request, pk):
    pupil = _editable(request, pk)
    form = ContactForm(
        submitted(request), initial={"priority": services.next_priority(pupil, by=request.membership)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_contact(pupil, by=request.membership, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{contact.name} has been added as a contact.")
            return redirect("pupils:detail", pk=pupil.pk)
    record_access(request=request, action="pupil.contact", pupil_ids=[pupil.pk])
    return _form_page(request, form, pupil=pupil, title="Add a contact")


@require_http_methods(["GET", "POST"])
@membership_required
def contact_edit(request, pk):
    try:
        contact = selectors.contact_visible(pk, membership=request.membership)
    except Contact.DoesNotExist:
        raise Http404 from None
    pupil = _editable(request, contact.pupil_id)
    form = ContactForm(submitted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(contact, by=request.membership, changes=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The contact {contact.name} has been saved.")
            return redirect("pupils:detail", pk=pupil.pk)
    record_access(request=request, action="pupil.contact", pupil_ids=[pupil.pk])
    return _form_page(request, form, pupil=pupil, title=f"Edit the contact {contact.name}")


def _academic_years(pupil: Pupil) -> list[int]:
    """The years a baseline may be recorded for: this one back to the year the pupil started school."""
    this_year = academic_year_start(timezone.localdate())
    started = max(academic_year_start(pupil.date_of_birth) + 5, services.FIRST_ACADEMIC_YEAR)
    return list(range(this_year, min(started, this_year) - 1, -1))


@require_http_methods(["GET", "POST"])
@membership_required
def attendance_record(request, pk):
    pupil = _editable(request, pk)
    form = AttendanceYearForm(submitted(request), years=_academic_years(pupil))
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["academic_year"]
        try:
            row = services.record_attendance_year(
                pupil, by=request.membership, academic_year=year, **form.values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The attendance for {academic_year_label(year)} has been saved.")
            if row.does_not_add_up:
                messages.warning(request, f"{row.does_not_add_up}.")
            return redirect("pupils:detail", pk=pupil.pk)
    record_access(request=request, action="pupil.attendance", pupil_ids=[pupil.pk])
    return _form_page(request, form, pupil=pupil, title="Record a year's attendance")


@require_GET
@membership_required
def pupil_viewers(request, pk):
    pupil = _visible(request, pk)
    if not rules.can_see_who_viewed(request.membership, pupil):
        raise PermissionDenied
    record_access(request=request, action="pupil.viewers", pupil_ids=[pupil.pk])  # listed with the rest
    page = selectors.viewers_page(pupil, request.GET.get("page"), membership=request.membership)
    return render(request, "pupils/pupil_viewers.html", {"pupil": pupil, "page": page})
