"""Start the web server and the background-task worker together, for the demo and for laptops."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import User
from demo.discovery import app_demos
from shouhu.nightly import ensure_nightly_scheduled

DEMO_USERS = ["cwd1", "cwd2", "cwd3", "supervisor1", "supervisor2", "county", "partner1", "school1", "admin"]


class Command(BaseCommand):
    help = "Run the development server and a django-tasks database worker; print the address and demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.getenv("PORT", "8000"))
        parser.add_argument("--host", default=os.getenv("HOST", "127.0.0.1"))

    def handle(self, *args, port, host, **options):
        address = f"http://{host if host != '0.0.0.0' else '127.0.0.1'}:{port}/"  # noqa: S104
        # An app's demo may add its own personas (`LOGINS`, e.g. benefits' finance1).
        logins = DEMO_USERS + [name for module in app_demos() for name in getattr(module, "LOGINS", ())]
        users = {u.username: u for u in User.objects.filter(username__in=logins).select_related("division")}
        self.stdout.write(self.style.SUCCESS(f"\nShouhu is starting at {address}\n"))
        if users:
            self.stdout.write(f"Demo logins (password for all: {settings.SHOUHU_DEMO_PASSWORD}):")
            for name in logins:
                if name in users:
                    u = users[name]
                    where = u.division.name if u.division else (u.organisation.name if u.organisation else "")
                    self.stdout.write(f"  {name:<12} {u.get_role_display()} · {where}")
        self.stdout.write("Press Ctrl-C to stop.\n")
        sys.stdout.flush()
        ensure_nightly_scheduled()  # the worker below runs it at night
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], env=os.environ.copy())
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=10)
