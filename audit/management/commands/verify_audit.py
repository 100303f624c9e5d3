from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain from its checkpoint to its head and report the first "
        "event where it breaks (exit status 1). Read-only. Keep the printed head hash outside the "
        "database: a later run that ends on a different hash for the same seq means a rewrite."
    )

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            raise CommandError(
                f"Audit trail BROKEN: {verdict.problem}. {verdict.checked} events from seq "
                f"{verdict.base_seq + 1} verified before the break.",
                returncode=1,
            )
        self.stdout.write(
            f"Audit trail intact: {verdict.checked} events, seq {verdict.base_seq + 1} to {verdict.head_seq}, "
            f"head hash {verdict.head_hash}."
        )
        if verdict.unsealed:
            self.stdout.write(f"{verdict.unsealed} events written since the last seal are not yet chained.")
