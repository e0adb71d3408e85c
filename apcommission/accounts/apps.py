from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apcommission.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from allauth.mfa.models import Authenticator
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from apcommission.accounts import security_log  # noqa: F401  (connects the auth-failure loggers)
        from apcommission.accounts.middleware import (
            password_sign_in_counts_for_mfa_setup,
            start_session_clocks,
        )
        from apcommission.tenancy.standing import authenticators_changed, people_changed

        # What happens at sign-in, whichever way someone signs in (allauth, an invitation, the admin).
        user_logged_in.connect(start_session_clocks, dispatch_uid="start_session_clocks")
        user_logged_in.connect(
            password_sign_in_counts_for_mfa_setup, dispatch_uid="password_sign_in_counts_for_mfa_setup"
        )
        # allauth's views add and remove authenticator apps: the next request must know (tenancy.standing).
        for signal in (post_save, post_delete):
            signal.connect(authenticators_changed, sender=Authenticator, dispatch_uid="authenticators")
            # A password changed or an account deactivated, by any page or the support admin.
            signal.connect(people_changed, sender=get_user_model(), dispatch_uid="people")
