from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apcommission.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from apcommission.accounts import security_log  # noqa: F401  (connects the auth-failure loggers)
