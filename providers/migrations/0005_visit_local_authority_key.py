"""QA visits store the LA whose area their visitor is in, so the visibility rule compares a column
instead of joining the visitor. Filled from the visitor (the LA itself, or a school's LA) while the
history triggers are off, so the backfill writes no history events of its own."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0004_dsl_phone_is_a_uk_number"),
        ("tenancy", "0002_membership_last_used_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="qavisit",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="qavisit",
            name="update_update",
        ),
        migrations.AddField(
            model_name="qavisit",
            name="local_authority",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddField(
            model_name="qavisitevent",
            name="local_authority",
            field=models.ForeignKey(
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.RunSQL(
            sql="""
                UPDATE providers_qavisit AS visit
                SET local_authority_id = COALESCE(visitor.local_authority_id, visitor.id)
                FROM tenancy_organisation AS visitor
                WHERE visitor.id = visit.visiting_organisation_id;
                UPDATE providers_qavisitevent AS event
                SET local_authority_id = COALESCE(visitor.local_authority_id, visitor.id)
                FROM tenancy_organisation AS visitor
                WHERE visitor.id = event.visiting_organisation_id;
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="qavisit",
            name="local_authority",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="qavisitevent",
            name="local_authority",
            field=models.ForeignKey(
                db_constraint=False,
                editable=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="qavisit",
            index=models.Index(fields=["local_authority", "provider"], name="providers_q_local_a_feb305_idx"),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="qavisit",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "providers_qavisitevent" ("entered_in_error_at", "entered_in_error_by_id", "entered_in_error_reason", "id", "kind", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "provider_id", "recorded_at", "summary", "visited_by_id", "visited_on", "visiting_organisation_id") VALUES (NEW."entered_in_error_at", NEW."entered_in_error_by_id", NEW."entered_in_error_reason", NEW."id", NEW."kind", NEW."local_authority_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."provider_id", NEW."recorded_at", NEW."summary", NEW."visited_by_id", NEW."visited_on", NEW."visiting_organisation_id"); RETURN NULL;',
                    hash="e9ebfca1f5b4cb89b90bf65f8b79d64c56e0f1ad",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_4c653",
                    table="providers_qavisit",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="qavisit",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "providers_qavisitevent" ("entered_in_error_at", "entered_in_error_by_id", "entered_in_error_reason", "id", "kind", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "provider_id", "recorded_at", "summary", "visited_by_id", "visited_on", "visiting_organisation_id") VALUES (NEW."entered_in_error_at", NEW."entered_in_error_by_id", NEW."entered_in_error_reason", NEW."id", NEW."kind", NEW."local_authority_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."provider_id", NEW."recorded_at", NEW."summary", NEW."visited_by_id", NEW."visited_on", NEW."visiting_organisation_id"); RETURN NULL;',
                    hash="da798ff87fbf6defca12d850b2b28490c0eb64c1",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_ae824",
                    table="providers_qavisit",
                    when="AFTER",
                ),
            ),
        ),
    ]
