from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from apcommission.accounts import members
from apcommission.accounts import views as account_views
from apcommission.tenancy import views as tenancy_views

# The admin signs in through allauth, so the operator passes MFA like everybody else.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "apcommission support"

# A form that sends more than Django's limits allow gets a page saying which limit and what to do.
handler400 = "apcommission.pages.errors.bad_request"


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def ping(request):
    """Liveness, and the trivial view that `make bench` measures every page against."""
    return HttpResponse("pong", content_type="text/plain")


urlpatterns = [
    path("", tenancy_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    path("organisation/", tenancy_views.organisation_detail, name="organisation"),
    path("organisation/switch/", tenancy_views.switch_organisation, name="switch_organisation"),
    path("organisation/members/", members.members, name="members"),
    path("organisation/members/invite/", members.invite_member, name="invite_member"),
    path("organisation/members/<int:pk>/role/", members.change_member_role, name="change_member_role"),
    path("organisation/members/<int:pk>/remove/", members.remove_member, name="remove_member"),
    path(
        "organisation/invitations/<int:pk>/withdraw/",
        members.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("schools/", tenancy_views.schools, name="schools"),
    path("schools/<int:pk>/", tenancy_views.school_detail, name="school_detail"),
    path("", include("providers.urls")),
    path("pupils/import/", include("pupils.import_urls")),
    path("pupils/", include("pupils.urls")),
    path("referrals/", include("referrals.urls")),
    path("panels/", include("panels.urls")),
    path("placements/", include("placements.urls")),
    path("register/", include("placements.register_urls")),
    path("your-pupils/", include("placements.provider_urls")),
    path("area/placements/", include("placements.area_urls")),
    path("progress/", include("progress.urls")),
    path("reviews/", include("reviews.urls")),
    path("alerts/", include("alerts.urls")),
    # A pupil's or a parent's views before a review, by a one-time link: no sign-in.
    path("voice/", include("reviews.voice_urls")),
    path("attendance/", include("attendance.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("contacts/", include("contacts.urls")),
    path("destinations/", include("outcomes.urls")),
    path("reports/", include("reports.urls")),
    path("api-keys/", include("api.page_urls")),
    path("api/", include("api.urls")),
    path("", include("apcommission.pages.urls")),
    path("invitations/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
