"""Batch PDFs are now stored encrypted (core.generated). PDFs made before were plain files named
<uuid>.pdf: they are deleted and their batches marked deleted (they expired within a day anyway;
the page offers to print again)."""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def drop_plain_pdfs(apps, schema_editor):
    BatchPrint = apps.get_model("dossier", "BatchPrint")
    plain = BatchPrint.objects.filter(status="ready", file_name__endswith=".pdf")
    for name in plain.values_list("file_name", flat=True):
        if name and "/" not in name:
            (Path(settings.MEDIA_ROOT) / "dossier-batches" / name).unlink(missing_ok=True)
    plain.update(status="expired", child_ids=[])


class Migration(migrations.Migration):
    dependencies = [("dossier", "0001_batch_print")]

    operations = [migrations.RunPython(drop_plain_pdfs, migrations.RunPython.noop)]
