from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core import crypto
from core.fields import encrypted_fields, rewrite_encrypted


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key in SHOUHU_FIELD_KEYS / SHOUHU_FIELD_KEY_FILE "
        "and recompute the ID number digests. Batched, each batch committed: rerun it after an interruption, "
        "values already on the newest key are skipped. With --check, write nothing and verify that every "
        "stored value opens with the configured keys and every digest matches (exit status 1 if not)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="verify only; write nothing")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, check: bool, batch_size: int, **options):
        failed = old = 0
        for model in apps.get_models():
            if not encrypted_fields(model):
                continue
            on_old_keys = 0

            def transform(raw: str) -> tuple[str, str | None]:
                nonlocal on_old_keys
                text = crypto.decrypt(raw)
                if crypto.is_current(raw):
                    return text, None
                on_old_keys += 1
                return text, None if check else crypto.encrypt(text)

            counts = rewrite_encrypted(model, transform, batch_size=batch_size, write=not check)
            failed += counts.failed
            old += on_old_keys
            verb = "on an older key" if check else "re-encrypted"
            self.stdout.write(
                f"{model._meta.label}: {counts.rows} rows, {counts.values} encrypted values, "
                f"{on_old_keys} {verb}, {counts.rewritten} rows written, {counts.failed} problems"
            )
        if failed:
            raise CommandError(
                f"{failed} values open with none of the configured keys or have a wrong digest", returncode=1
            )
        if check:
            self.stdout.write(
                "Every stored value opens with the configured keys."
                + (f" {old} are on an older key: run rotate_field_keys before removing it." if old else "")
            )
        else:
            self.stdout.write("Every stored value is on the newest key; older keys may now be removed.")
