"""Cancelled is a status of its own. A planned placement cancelled before now was moved to ended, with the
day it was cancelled as its end date (before its start) and the reason as why it ended: it becomes
cancelled, on that day and for that reason, with no end date. Its status history (append-only) keeps the
move to ended, which the placement's page words as cancelled."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def cancelled_before_they_started(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    StatusChange = apps.get_model("placements", "PlacementStatusChange")
    cancelled = StatusChange._base_manager.filter(from_status="planned", to_status="ended")
    Placement._base_manager.filter(pk__in=cancelled.values("placement_id"), status="ended").update(
        status="cancelled",
        cancelled_on=F("ended_on"),
        cancel_reason=F("end_reason"),
        ended_on=None,
        end_reason="",
    )


def ended_again(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    Placement._base_manager.filter(status="cancelled").update(
        status="ended",
        ended_on=F("cancelled_on"),
        end_reason=F("cancel_reason"),
        cancelled_on=None,
        cancel_reason="",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_placement_plan"),
        ("providers", "0005_visit_local_authority_key"),
        ("pupils", "0002_ctf_uploads"),
        ("referrals", "0002_visits_details_shares"),
        ("tenancy", "0002_membership_last_used_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="placement",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="placement",
            name="update_update",
        ),
        migrations.AddField(
            model_name="placement",
            name="cancel_reason",
            field=models.TextField(blank=True, verbose_name="Why it was cancelled"),
        ),
        migrations.AddField(
            model_name="placement",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="Cancelled on"),
        ),
        migrations.AddField(
            model_name="placementevent",
            name="cancel_reason",
            field=models.TextField(blank=True, verbose_name="Why it was cancelled"),
        ),
        migrations.AddField(
            model_name="placementevent",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="Cancelled on"),
        ),
        migrations.AlterField(
            model_name="placement",
            name="status",
            field=models.CharField(
                choices=[
                    ("planned", "Planned"),
                    ("active", "Active"),
                    ("ended", "Ended"),
                    ("cancelled", "Cancelled"),
                ],
                default="planned",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="placementevent",
            name="status",
            field=models.CharField(
                choices=[
                    ("planned", "Planned"),
                    ("active", "Active"),
                    ("ended", "Ended"),
                    ("cancelled", "Cancelled"),
                ],
                default="planned",
                max_length=10,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="placement",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "placements_placementevent" ("attendance_code", "block_purchase_id", "cancel_reason", "cancelled_on", "commissioner_id", "cost", "cost_unit", "created_at", "created_by_id", "end_reason", "ended_on", "funder", "hours_per_week", "id", "intended_end_point", "local_authority_id", "off_site_notice_on", "parent_told_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_end_on", "provider_contact", "provider_copy", "provider_id", "pupil_id", "reason", "referral_id", "review_arrangements", "school_contact", "school_hours_per_week", "school_id", "sessions", "shared", "site_id", "starts_on", "status", "transport", "updated_at") VALUES (NEW."attendance_code", NEW."block_purchase_id", NEW."cancel_reason", NEW."cancelled_on", NEW."commissioner_id", NEW."cost", NEW."cost_unit", NEW."created_at", NEW."created_by_id", NEW."end_reason", NEW."ended_on", NEW."funder", NEW."hours_per_week", NEW."id", NEW."intended_end_point", NEW."local_authority_id", NEW."off_site_notice_on", NEW."parent_told_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."planned_end_on", NEW."provider_contact", NEW."provider_copy", NEW."provider_id", NEW."pupil_id", NEW."reason", NEW."referral_id", NEW."review_arrangements", NEW."school_contact", NEW."school_hours_per_week", NEW."school_id", NEW."sessions", NEW."shared", NEW."site_id", NEW."starts_on", NEW."status", NEW."transport", NEW."updated_at"); RETURN NULL;',
                    hash="89825b6be3c45d7cf5f8ec9966a98a967cb4e4d8",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_1caba",
                    table="placements_placement",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="placement",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "placements_placementevent" ("attendance_code", "block_purchase_id", "cancel_reason", "cancelled_on", "commissioner_id", "cost", "cost_unit", "created_at", "created_by_id", "end_reason", "ended_on", "funder", "hours_per_week", "id", "intended_end_point", "local_authority_id", "off_site_notice_on", "parent_told_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "planned_end_on", "provider_contact", "provider_copy", "provider_id", "pupil_id", "reason", "referral_id", "review_arrangements", "school_contact", "school_hours_per_week", "school_id", "sessions", "shared", "site_id", "starts_on", "status", "transport", "updated_at") VALUES (NEW."attendance_code", NEW."block_purchase_id", NEW."cancel_reason", NEW."cancelled_on", NEW."commissioner_id", NEW."cost", NEW."cost_unit", NEW."created_at", NEW."created_by_id", NEW."end_reason", NEW."ended_on", NEW."funder", NEW."hours_per_week", NEW."id", NEW."intended_end_point", NEW."local_authority_id", NEW."off_site_notice_on", NEW."parent_told_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."planned_end_on", NEW."provider_contact", NEW."provider_copy", NEW."provider_id", NEW."pupil_id", NEW."reason", NEW."referral_id", NEW."review_arrangements", NEW."school_contact", NEW."school_hours_per_week", NEW."school_id", NEW."sessions", NEW."shared", NEW."site_id", NEW."starts_on", NEW."status", NEW."transport", NEW."updated_at"); RETURN NULL;',
                    hash="b3be6ca3f5a5981c4b5d5568e34a203697a060f4",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_3ab36",
                    table="placements_placement",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunPython(cancelled_before_they_started, ended_again),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    models.Q(("cancelled_on__isnull", False), models.Q(("cancel_reason", ""), _negated=True)),
                    _connector="OR",
                ),
                name="cancelled_placement_says_when_and_why",
            ),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "ended"), ("ended_on__isnull", True), _connector="OR"),
                name="only_an_ended_placement_ends",
            ),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "cancelled"), ("cancelled_on__isnull", True), _connector="OR"),
                name="only_a_cancelled_placement_is_cancelled",
            ),
        ),
    ]
