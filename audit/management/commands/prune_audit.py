from django.core.management.base import BaseCommand, CommandError

from audit.chain import ChainBroken, prune, retention_days


class Command(BaseCommand):
    help = (
        "Remove sealed audit events older than SHOUHU_AUDIT_RETENTION_DAYS (at least 183) from the start "
        "of the chain, keeping a checkpoint so the rest still verifies. The nightly job runs it."
    )

    def handle(self, *args, **options):
        try:
            pruned = prune()
        except ChainBroken as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Pruned {pruned.events} audit events older than {retention_days()} days; "
            f"the chain now starts after seq {pruned.through_seq} (checkpoint {pruned.checkpoint})."
        )
