"""Who may do what is decided in each app's rules module alone (STYLE.md). A page that added a
condition of its own to a rule once showed a form its service then refused, and a link its view answered
differently: views, template tags and templates ask the rules and add nothing."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy import rules as tenancy_rules
from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.vocabulary.services import retire_entry
from providers import rules
from providers.models import ApprovalCategory, ApprovalStatus
from tests.bound_client import BoundClient
from tests.providers.factories import (
    ApprovalCategoryFactory,
    ApprovedListEntryFactory,
    LAEvidenceTypeFactory,
    QAAreaFactory,
    standard_category,
)

S = ApprovalStatus
ROOT = Path(settings.BASE_DIR)
# Where a page decides what to show and answer: it must ask the rules.
ASKING = [
    "providers/views",
    "providers/templatetags",
    "providers/templates",
    "apcommission/tenancy/views.py",
    "apcommission/tenancy/templatetags",
    "templates",
]
# Comparing the acting membership's role, kind or organisation is deciding a rule.
DECIDING = re.compile(
    r"membership\.(role|organisation\.kind|organisation_id)\s*(==|!=|in\b|not in\b)"
    r"|(==|!=)\s*(request\.)?membership\.(role|organisation\.kind|organisation_id)\b"
    r"|organisation\.kind\s*(==|!=)"
    # A rule's answer with a condition added beside it, as `may_reply:action and not action.closed_at`.
    r"|\|may_\w+(:[\w.]+)?\s+and\s+not\b"
)


def lines_deciding_rules():
    for folder in ASKING:
        paths = [ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).rglob("*"))
        for path in paths:
            if path.suffix not in (".py", ".html"):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if DECIDING.search(line):
                    yield f"{path.relative_to(ROOT)}:{number}: {line.strip()}"


def test_no_view_tag_or_template_decides_a_rule_of_its_own():
    assert list(lines_deciding_rules()) == []


def test_the_rule_filters_add_nothing_to_the_rules():
    source = (ROOT / "apcommission/tenancy/templatetags/rules.py").read_text()

    assert "is_entered_in_error" not in source
    assert "closed_at" not in source


# --- Approving: the moment to warn about evidence -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "may"),
    [
        (S.APPLIED, True),
        (S.APPROVED, True),  # with conditions added
        (S.APPROVED_WITH_CONDITIONS, True),  # plainly
        (S.SUSPENDED, True),
        (S.REMOVED, False),  # it must apply again first
    ],
)
def test_an_officer_may_approve_an_entry_whose_status_can_move_to_approval(world, status, may):
    conditions = "Weekly attendance returns." if status == S.APPROVED_WITH_CONDITIONS else ""
    entry = ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=status, conditions=conditions
    )

    assert rules.can_approve(world.members["la_officer"], entry) is may
    for role in ("la_viewer", "other_la_officer", "ap_lead", "provider_manager"):
        assert not rules.can_approve(world.members[role], entry), role


def test_the_status_page_warns_about_evidence_only_where_the_entry_may_be_approved(world):
    client = BoundClient()
    client.force_login(world.user("la_officer"))
    removed = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, status=S.REMOVED)
    applied = ApprovedListEntryFactory(
        local_authority=world.la, provider=world.other_provider, status=S.APPLIED
    )

    def problems(entry):
        return client.get(reverse("approval_status", args=[entry.pk])).context["evidence_problems"]

    assert problems(removed) == []
    assert problems(applied) != []  # the world's providers have no evidence checked


# --- Retiring what an LA added ---------------------------------------------------------------------------


def test_an_la_retires_only_its_own_settings_in_use_and_only_once(world):
    officer = world.members["la_officer"]
    own = [
        LAEvidenceTypeFactory(local_authority=world.la),
        ApprovalCategoryFactory(local_authority=world.la),
        QAAreaFactory(local_authority=world.la),
    ]
    theirs = QAAreaFactory(local_authority=world.other_la)

    assert all(rules.can_retire_la_setting(officer, item) for item in own)
    assert not rules.can_retire_la_setting(officer, theirs)
    assert not rules.can_retire_la_setting(officer, standard_category("SEMH"))
    assert not rules.can_retire_la_setting(world.members["la_viewer"], own[0])
    with acting_as(officer):
        for item in own:
            retire_entry(item, by=officer)
    for item in own:
        assert not rules.can_retire_la_setting(officer, item)
        with pytest.raises(PermissionDenied), acting_as(officer):
            retire_entry(item, by=officer)


def test_a_retired_category_offers_no_button_and_its_retirement_is_refused(world):
    retired_at = timezone.now()
    retired = ApprovalCategoryFactory(local_authority=world.la, name="Old lot", retired_at=retired_at)
    client = BoundClient()
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("approval_categories")).content.decode()
    response = client.post(reverse("approval_categories"), {"retire": retired.pk})

    assert f'value="{retired.pk}"' not in page
    assert response.status_code == 403
    with unscoped("test"):
        assert ApprovalCategory.objects.get(pk=retired.pk).retired_at == retired_at


# --- Home pages ask the rules too ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("la_officer", True),
        ("la_viewer", False),
        ("school_leader", True),
        ("ap_lead", False),
        ("trust_leader", True),
        ("provider_manager", True),
        ("provider_staff", False),
    ],
)
def test_the_home_page_links_to_members_exactly_for_those_who_manage_them(world, role, sees):
    client = BoundClient()
    client.force_login(world.user(role))

    text = client.get(reverse("home")).content.decode()
    main = text[text.index("<main") :]

    assert (f'href="{reverse("members")}"' in main) is sees
    assert tenancy_rules.can_manage_members(world.members[role]) is sees
