from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apcommission.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from apcommission.accounts import security_log  # noqa: F401  (connects the auth-failure loggers)
        from apcommission.accounts.middleware import (
            password_sign_in_counts_for_mfa_setup,
            start_session_clocks,
        )

        # What happens at sign-in, whichever way someone signs in (allauth, an invitation, the admin).
        user_logged_in.connect(start_session_clocks, dispatch_uid="start_session_clocks")
        user_logged_in.connect(
            password_sign_in_counts_for_mfa_setup, dispatch_uid="password_sign_in_counts_for_mfa_setup"
        )
