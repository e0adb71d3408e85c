"""A provider's own pupils (/your-pupils/): the current placements made with it, each as the school shared
it (`Placement.provider_copy`), with the timetable and dates. Never the pupil's record, and never the same
pupil's placements elsewhere: `Placement.objects.visible_to` gives a provider its own placements alone."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from apcommission.audit.services import record_access
from apcommission.tenancy.access import rule_required
from placements import provider_pupils, register_rules


@require_GET
@rule_required(register_rules.can_view_own_pupils)
def your_pupils(request):
    page = provider_pupils.provider_pupils_page(request.GET.get("page"), membership=request.membership)
    if page.object_list:
        record_access(
            request=request,
            action="placement.provider_pupils",
            pupil_ids=[p.pupil_id for p in page.object_list],
        )
    return render(request, "placements/provider/your_pupils.html", {"page": page})
