from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No public sign-up: people join through an invitation (see accounts.services.accept_invitation)."""
        return False
