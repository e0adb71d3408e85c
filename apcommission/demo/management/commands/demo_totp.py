import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apcommission.demo.seed import refuse_in_production


class Command(BaseCommand):
    help = "Print a demo account's current six-digit TOTP code."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            refuse_in_production()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"No demo account with an authenticator app has the email {email}")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // settings.MFA_TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
