from django.db import migrations, models
from django.utils import timezone


def start_the_clock(apps, schema_editor):
    """Existing passwords count as set at the upgrade: nobody is locked out on the day it ships."""
    User = apps.get_model("accounts", "User")
    # "!" starts an unusable password (Django's UNUSABLE_PASSWORD_PREFIX): nothing to expire.
    User.objects.exclude(password__startswith="!").update(password_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="password_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="password changed"),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
