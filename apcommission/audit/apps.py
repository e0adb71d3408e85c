from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apcommission.audit"
    label = "audit"
    verbose_name = "Audit"
