import time

from django.core.management.base import BaseCommand

# The nightly jobs are the project's (they run every app's job, not only follow-up's); the command
# keeps its historical name because installations and the README use it.
from shouhu.nightly import ensure_nightly_scheduled, run_jobs


class Command(BaseCommand):
    help = (
        "Run the nightly jobs now (settings.SHOUHU_NIGHTLY_JOBS: risk tiers, due dates and alerts, then the "
        "escalations); --schedule books the nightly job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="only make sure the nightly job is queued")

    def handle(self, *args, schedule, **options):
        if schedule:
            queued = ensure_nightly_scheduled()
            self.stdout.write("nightly job queued" if queued else "nightly job already queued")
            return
        t0 = time.perf_counter()
        for path, result in run_jobs().items():
            self.stdout.write(f"{path}: {result}")
        self.stdout.write(f"in {time.perf_counter() - t0:.1f} s")
