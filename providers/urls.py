"""Provider pages: the directory and profiles, evidence, the approved list, QA visits and the settings
an LA keeps for them. Mounted at the site root (the paths say where they are)."""

from django.urls import path

from providers.views import approval, corrections, directory, evidence, profile, quality

urlpatterns = [
    # The directory schools choose from, and each provider's page.
    path("providers/", directory.provider_list, name="provider_list"),
    path("providers/new/", profile.provider_create, name="provider_create"),
    path("providers/not-approved/", directory.unapproved_providers, name="unapproved_providers"),
    path("providers/<int:pk>/", directory.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", profile.provider_edit, name="provider_edit"),
    path("providers/<int:pk>/verify/", profile.provider_verify, name="provider_verify"),
    path("providers/<int:pk>/sites/new/", profile.site_create, name="site_create"),
    path("providers/sites/<int:pk>/edit/", profile.site_edit, name="site_edit"),
    # Compliance evidence.
    path("providers/<int:pk>/evidence/", evidence.evidence_list, name="evidence_list"),
    path("providers/<int:pk>/evidence/new/", evidence.evidence_create, name="evidence_create"),
    path("providers/evidence/<int:pk>/document/", evidence.evidence_document, name="evidence_document"),
    path("providers/evidence/<int:pk>/entered-in-error/", corrections.evidence_error, name="evidence_error"),
    # The LA's approved list.
    path("approved-list/", approval.approved_list, name="approved_list"),
    path(
        "approved-list/export.<str:file_format>", approval.approved_list_export, name="approved_list_export"
    ),
    path("providers/<int:pk>/approval/new/", approval.approval_create, name="approval_create"),
    path("approved-list/<int:pk>/edit/", approval.approval_edit, name="approval_edit"),
    path("approved-list/<int:pk>/status/", approval.approval_status, name="approval_status"),
    # QA visits and their actions.
    path("providers/<int:pk>/visits/new/", quality.visit_create, name="visit_create"),
    path("visits/<int:pk>/", quality.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/actions/new/", quality.action_create, name="action_create"),
    path("visits/<int:pk>/entered-in-error/", corrections.visit_error, name="visit_error"),
    path("visits/actions/<int:pk>/", quality.action_update, name="action_update"),
    path("visits/actions/<int:pk>/reply/", quality.action_reply, name="action_reply"),
    # What an LA sets for itself.
    path("settings/evidence-types/", evidence.evidence_types, name="evidence_types"),
    path("settings/evidence-types/<int:pk>/", evidence.evidence_validity, name="evidence_validity"),
    path("settings/approval-categories/", approval.approval_categories, name="approval_categories"),
    path("settings/qa-areas/", quality.qa_areas, name="qa_areas"),
]
