"""Error pages that say what went wrong and what to do next, in the service's own words."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import requires_csrf_token

# Too much was sent: 413 Content Too Large (RFC 9110), which is a kind of bad request, so the 400 page.
TOO_MUCH = {
    RequestDataTooBig: "too_long",
    TooManyFieldsSent: "too_many_fields",
    TooManyFilesSent: "too_many_files",
}


@requires_csrf_token
def bad_request(request, exception):
    """Django's limits on what one form may send (DATA_UPLOAD_MAX_MEMORY_SIZE and the field and file
    counts) end in one of the exceptions above. Say which limit it was and that going back keeps what the
    person typed, rather than Django's bare "Bad Request (400)"."""
    problem = next((name for kind, name in TOO_MUCH.items() if isinstance(exception, kind)), None)
    context = {
        "problem": problem,
        "text_limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "field_limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "file_limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    return render(request, "400.html", context, status=413 if problem else 400)
