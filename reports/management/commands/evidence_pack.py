"""Build a school's evidence pack from the command line: the same document the leader prints, written to
a file, as one of the school's people sees it (`--as`, or its first school leader, then AP lead)."""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind, Role
from apcommission.tenancy.scoping import acting_as, unscoped
from reports.pack import document
from reports.pack.scope import Naming, PackScope, Period
from reports.pdf import render_pdf


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Dates look like 2026-09-01, not {text!r}") from error


class Command(BaseCommand):
    help = "Write a school's alternative provision evidence pack to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="The school's URN")
        parser.add_argument(
            "--from", dest="start", type=_day, help="Start of the period (default 1 September)"
        )
        parser.add_argument("--to", dest="end", type=_day, help="End of the period (default today)")
        parser.add_argument("--out", required=True, type=Path, help="The PDF file to write")
        parser.add_argument("--as", dest="email", help="Whose view the pack is (a member of the school)")
        parser.add_argument("--naming", choices=Naming.values, default=Naming.FULL_NAME)

    def _membership(self, urn: str, email: str | None) -> Membership:
        with unscoped("evidence_pack: finding the school and whose view the pack is"):
            school = Organisation.objects.filter(kind=OrganisationKind.SCHOOL, urn=urn).first()
            if school is None:
                raise CommandError(f"No school has the URN {urn}")
            members = Membership.objects.active().filter(organisation=school, user__is_active=True)
            if email:
                members = members.filter(user__email__iexact=email)
            else:
                members = members.filter(role__in=(Role.SCHOOL_LEADER, Role.AP_LEAD)).order_by("-role", "pk")
            membership = members.select_related("organisation", "user").first()
        if membership is None:
            raise CommandError(
                f"{email or 'No school leader or AP lead'} acts for {school.name}: say whose view with --as"
            )
        return membership

    def handle(self, *args, school, start, end, out, email, naming, **options):
        membership = self._membership(school, email)
        today = timezone.localdate()
        default = Period.this_academic_year(today)
        period = Period(start or default.start, end or default.end)
        if period.start > period.end:
            raise CommandError("--from must be on or before --to")
        began = time.monotonic()
        with acting_as(membership):
            scope = PackScope(
                membership=membership,
                school=membership.organisation,
                period=period,
                today=today,
                naming=naming,
            )
            built = document.build(
                scope,
                generated_by=f"{membership.user.full_name or membership.user.email} (from the command line)",
                generated_at=timezone.now(),
            )
        pdf = render_pdf(built.html)
        out.write_bytes(pdf.content)
        took = time.monotonic() - began
        self.stdout.write(f"Wrote {out}: {pdf.pages} pages, {len(built.pupil_ids)} pupils, in {took:.1f} s")
