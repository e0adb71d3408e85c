from allauth.account.adapter import DefaultAccountAdapter

RECOVERY_CODES_MESSAGE = "mfa/messages/recovery_codes_generated.txt"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No public sign-up: people join through an invitation (see accounts.services.accept_invitation)."""
        return False

    def add_message(self, request, level, message_template=None, message_context=None, *args, **kwargs):
        """allauth shows one message both when someone asks for new recovery codes and when their first
        codes are made with their authenticator app: only asking for new ones replaces old codes."""
        if message_template == RECOVERY_CODES_MESSAGE:
            replaced = getattr(request.resolver_match, "url_name", None) == "mfa_generate_recovery_codes"
            message_context = {**(message_context or {}), "replaced_old_codes": replaced}
        return super().add_message(request, level, message_template, message_context, *args, **kwargs)
