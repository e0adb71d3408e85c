"""The contact log's pages, under /contacts/: the log (filtered by provider, kind and dates, a page at a
time), logging a contact, changing one, and marking one entered in error. Thin: `contacts.rules` decides
who, the scoped selectors what exists (404), the services change. A page that shows pupils (the log, and
the forms offering the school's placements) writes an access event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from apcommission.tenancy.roles import OrganisationKind as Kind
from contacts import rules, selectors, services
from contacts.forms import ContactFilterForm, ContactForm, EnteredInErrorForm
from contacts.models import Contact


def _contact(request, pk) -> Contact:
    try:
        contact = selectors.contact_for(pk, membership=request.membership)
    except Contact.DoesNotExist:
        raise Http404 from None
    if not rules.can_change_contact(request.membership, contact):
        raise PermissionDenied
    return contact


@require_GET
@rule_required(rules.can_view_contacts)
def contact_list(request):
    membership = request.membership
    form = ContactFilterForm(request.GET, providers=selectors.providers_in_log(membership=membership))
    page = selectors.contacts_page(form.filters(), request.GET.get("page"), membership=membership)
    named = [contact.pupil_id for contact in page.object_list if contact.pupil_id]
    if named:
        record_access(request=request, action="contacts.list", pupil_ids=named)
    return render(
        request,
        "contacts/contact_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.in_use(),
            "many_schools": membership.organisation.kind != Kind.SCHOOL,
        },
    )


def _form_page(request, form, *, title: str, contact: Contact | None = None):
    offered = [placement.pupil_id for placement in form.fields["placement"].queryset]
    if offered:
        record_access(request=request, action="contacts.form", pupil_ids=offered)
    return render(
        request,
        "contacts/contact_form.html",
        {
            "form": form,
            "title": title,
            "caption": "Visits and contacts",
            "back_url": reverse("contacts:list"),
            "contact": contact,
        },
    )


def _choices(membership) -> dict:
    return {
        "providers": selectors.providers_to_choose(membership=membership),
        "placements": selectors.placements_to_choose(membership=membership),
    }


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_log_contacts)
def contact_new(request):
    membership = request.membership
    initial = {
        name: request.GET[name] for name in ("provider", "placement") if request.GET.get(name, "").isdigit()
    }
    form = ContactForm(submitted(request), initial=initial, **_choices(membership))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.log_contact(by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{contact.get_kind_display()} logged.")
            return redirect("contacts:list")
    return _form_page(request, form, title="Log a visit or contact")


@require_http_methods(["GET", "POST"])
@membership_required
def contact_edit(request, pk):
    membership = request.membership
    contact = _contact(request, pk)
    form = ContactForm(submitted(request), contact=contact, **_choices(membership))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_contact(contact, by=membership, changes=form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = saved.updated_at != contact.updated_at
            messages.success(request, "Contact saved." if changed else "Nothing was changed.")
            return redirect("contacts:list")
    return _form_page(request, form, title="Change a visit or contact", contact=contact)


@require_http_methods(["GET", "POST"])
@membership_required
def contact_entered_in_error(request, pk):
    membership = request.membership
    contact = _contact(request, pk)
    form = EnteredInErrorForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_entered_in_error(contact, by=membership, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, "Marked as entered in error. It no longer counts as a visit or contact."
            )
            return redirect("contacts:list")
    if contact.pupil_id:
        record_access(request=request, action="contacts.entered_in_error", pupil_ids=[contact.pupil_id])
    return render(
        request,
        "contacts/entered_in_error.html",
        {
            "form": form,
            "title": "Mark as entered in error",
            "caption": "Visits and contacts",
            "back_url": reverse("contacts:list"),
            "contact": contact,
        },
    )
