"""Erase the personal data of files closed longer than their county's retention period.

manage.py apply_retention             # what the nightly job does
manage.py apply_retention --dry-run   # print what it would do, write nothing
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from retention import services


class Command(BaseCommand):
    help = "Erase the personal data of closed files older than their county's retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be erased; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        plans = services.plan(today)
        for p in plans:
            self.stdout.write(
                f"{p.code} {p.name}: period {p.years} years (closed on or before "
                f"{services.cutoff(today, p.years).isoformat()}); closed (archived) {p.closed}, "
                f"already minimised {p.minimised}, to minimise {len(p.due)}"
            )
        if not plans:
            self.stdout.write("No closed files.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
            return
        done = services.apply_retention(today)
        self.stdout.write(f"Minimised {sum(done.values())} files in {len(done)} counties.")
