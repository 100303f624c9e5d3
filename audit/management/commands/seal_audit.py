from django.core.management.base import BaseCommand

from audit.chain import seal


class Command(BaseCommand):
    help = (
        "Chain the audit events written since the last seal onto the hash chain (audit.chain). "
        "The nightly job seals too; run this from cron every few minutes to shorten the time an "
        "event is unprotected."
    )

    def handle(self, *args, **options):
        sealed = seal()
        self.stdout.write(f"Sealed {sealed} audit events.")
