"""The core (`apcommission/`) knows no domain app: each app contributes its navigation links and home-page
panels, and its rules, so the next app adds its own without touching the core. And the core's two apps
depend one way only: accounts (people, invitations) on tenancy (organisations, memberships)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.providers.pages import signed_in

ROOT = Path(settings.BASE_DIR)
DOMAIN_APPS = (
    "api",
    "providers",
    "placements",
    "referrals",
    "panels",
    "reviews",
    "progress",
    "attendance",
    "safeguarding",
    "contacts",
    "outcomes",
    "alerts",
)
IMPORTS = re.compile(rf"^\s*(from|import)\s+({'|'.join(DOMAIN_APPS)})\b", re.M)
# The demo loads every app's demo data, so it is the one part of the core that names them.
MAY_NAME_APPS = {"apcommission/demo"}


def core_files():
    for path in sorted((ROOT / "apcommission").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not any(relative.startswith(allowed) for allowed in MAY_NAME_APPS):
            yield relative, path.read_text()


def test_the_core_imports_no_domain_app():
    assert [name for name, source in core_files() if IMPORTS.search(source)] == []


def test_the_core_templates_link_to_no_domain_page():
    names = re.compile(r"\{% url '(provider|approved|approval|evidence|qa_|visit|action|unapproved)")
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if names.search(path.read_text())
    ]
    assert found == []


def test_tenancy_does_not_depend_on_accounts():
    tenancy = sorted((ROOT / "apcommission/tenancy").rglob("*.py"))
    assert [p.relative_to(ROOT).as_posix() for p in tenancy if "apcommission.accounts" in p.read_text()] == []


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (
            "la_officer",
            [
                "Home",
                "Alerts",
                "Schools",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Visits and contacts",
                "Approved list",
                "Destinations",
                "Panels",
                "Reports",
                "Members",
                "Your organisation",
            ],
        ),
        (
            "la_viewer",
            [
                "Home",
                "Alerts",
                "Schools",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Visits and contacts",
                "Approved list",
                "Destinations",
                "Panels",
                "Your organisation",
            ],
        ),
        (
            "ap_lead",
            [
                "Home",
                "Alerts",
                "Pupils",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Visits and contacts",
                "Destinations",
                "Reports",
                "Your organisation",
            ],
        ),
        (
            "school_leader",
            [
                "Home",
                "Alerts",
                "Pupils",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Visits and contacts",
                "Destinations",
                "Reports",
                "Members",
                "API keys",
                "Your organisation",
            ],
        ),
        (
            "trust_leader",
            [
                "Home",
                "Alerts",
                "Schools",
                "Pupils",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Visits and contacts",
                "Destinations",
                "Reports",
                "Members",
                "Your organisation",
            ],
        ),
        (
            "dsl",
            [
                "Home",
                "Alerts",
                "Pupils",
                "Providers",
                "Referrals",
                "Pupils in AP",
                "Attendance",
                "Safeguarding",
                "Visits and contacts",
                "Destinations",
                "Reports",
                "Your organisation",
            ],
        ),
        (
            "provider_manager",
            [
                "Home",
                "Alerts",
                "Referrals",
                "Your pupils",
                "Attendance",
                "Safeguarding",
                "Your profile",
                "Members",
                "API keys",
                "Your organisation",
            ],
        ),
        (
            "provider_staff",
            [
                "Home",
                "Alerts",
                "Referrals",
                "Your pupils",
                "Attendance",
                "Safeguarding",
                "Your profile",
                "Your organisation",
            ],
        ),
    ],
)
def test_each_apps_links_join_the_navigation_in_order(world, role, links):
    response = signed_in(world, role).get(reverse("home"))
    assert [link["label"] for link in response.context["navigation"]] == links


@pytest.mark.parametrize(
    ("role", "panels"),
    [
        (
            "la_officer",
            [
                "alerts/home/queue.html",
                "tenancy/home/area_schools.html",
                "placements/home/commissioner.html",
                "progress/home/commissioner.html",
                "attendance/home/school.html",
                "providers/home/local_authority.html",
                "placements/area/home_local_authority.html",
                "panels/home/local_authority.html",
                "tenancy/home/members.html",
                "providers/home/la_settings.html",
            ],
        ),
        (
            "la_viewer",
            [
                "alerts/home/queue.html",
                "tenancy/home/area_schools.html",
                "placements/home/commissioner.html",
                "progress/home/commissioner.html",
                "attendance/home/school.html",
                "providers/home/local_authority.html",
                "placements/area/home_local_authority.html",
                "panels/home/local_authority.html",
            ],
        ),
        (
            "ap_lead",
            [
                "alerts/home/queue.html",
                "tenancy/home/school.html",
                "referrals/home/school.html",
                "placements/home/commissioner.html",
                "placements/area/home_costs.html",
                "progress/home/commissioner.html",
                "attendance/home/school.html",
                "providers/home/school.html",
            ],
        ),
        (
            "dsl",
            [
                "alerts/home/queue.html",
                "safeguarding/home/dsl.html",
                "tenancy/home/school.html",
                "placements/home/commissioner.html",
                "placements/area/home_costs.html",
                "progress/home/commissioner.html",
                "attendance/home/school.html",
                "providers/home/school.html",
            ],
        ),
        (
            "trust_leader",
            [
                "alerts/home/queue.html",
                "tenancy/home/trust_schools.html",
                "placements/home/trust.html",
                "placements/area/home_costs.html",
                "progress/home/trust.html",
                "attendance/home/school.html",
                "providers/home/trust.html",
                "tenancy/home/members.html",
            ],
        ),
        (
            "provider_staff",
            [
                "alerts/home/queue.html",
                "referrals/home/provider.html",
                "placements/home/provider.html",
                "attendance/home/provider.html",
                "providers/home/provider.html",
            ],
        ),
    ],
)
def test_each_apps_panels_join_the_home_page_in_order(world, role, panels):
    response = signed_in(world, role).get(reverse("home"))
    assert response.context["home_panels"] == panels
