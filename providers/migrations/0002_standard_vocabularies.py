"""The standard evidence types, approval categories and QA areas every LA starts with (DOMAIN.md 3.1-3.2;
the four areas of DfE's 2025 voluntary national standards for non-school AP). LAs add their own."""

from django.db import migrations

EVIDENCE_TYPES = [
    # name, days valid, may hold DBS certificate copies, description
    (
        "Written confirmation of staff checks (single central record)",
        365,
        True,
        "Enhanced DBS with barred list, prohibition from teaching, right to work and identity for every "
        "member of staff who works with pupils.",
    ),
    ("Safeguarding policy", 365, False, "Current child protection and safeguarding policy, reviewed yearly."),
    ("DSL training", 730, False, "The designated safeguarding lead's training, renewed every two years."),
    ("Insurance", 365, False, "Employer's liability and public liability insurance certificates."),
    (
        "Health and safety and premises risk assessment",
        365,
        False,
        "Health and safety policy and risk assessments for each site and activity.",
    ),
    (
        "Registration check",
        365,
        False,
        "Whether the setting is registered with Ofsted or DfE, or needs to be (the registration threshold).",
    ),
]
CATEGORIES = ["Key stage 3", "Key stage 4", "SEMH", "Medical", "Vocational"]
QA_AREAS = [
    (
        "Safeguarding and welfare",
        "Safeguarding arrangements, staff checks, attendance follow-up and welfare.",
    ),
    ("Health and safety", "Premises, activities and risk assessments."),
    (
        "Admissions, support and guidance",
        "Referral and induction, support for needs, guidance on next steps.",
    ),
    ("Quality of education", "Curriculum, teaching, English and maths, progress and qualifications."),
]


def add_standard_vocabularies(apps, schema_editor):
    EvidenceType = apps.get_model("providers", "EvidenceType")
    ApprovalCategory = apps.get_model("providers", "ApprovalCategory")
    QAArea = apps.get_model("providers", "QAArea")
    for order, (name, days, dbs, description) in enumerate(EVIDENCE_TYPES, start=1):
        EvidenceType._base_manager.update_or_create(
            name=name,
            local_authority=None,
            defaults={
                "default_validity_days": days,
                "may_hold_dbs_copies": dbs,
                "description": description,
                "order": order,
            },
        )
    for order, name in enumerate(CATEGORIES, start=1):
        ApprovalCategory._base_manager.update_or_create(
            name=name, local_authority=None, defaults={"order": order}
        )
    for order, (name, description) in enumerate(QA_AREAS, start=1):
        QAArea._base_manager.update_or_create(
            name=name, local_authority=None, defaults={"description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_profile_evidence_approval_quality")]

    operations = [migrations.RunPython(add_standard_vocabularies, migrations.RunPython.noop)]
