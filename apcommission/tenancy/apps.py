from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "apcommission.tenancy"
    label = "tenancy"
    verbose_name = "Organisations and memberships"

    def ready(self):
        from apcommission import checks  # noqa: F401  (registers the project's system checks)
