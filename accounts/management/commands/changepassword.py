"""Django's `changepassword`, run by an operator on the server: the password it sets is temporary,
so the user chooses their own at the next login (User.must_change_password). It replaces Django's
command because accounts comes before django.contrib.auth in INSTALLED_APPS."""

import getpass

from django.contrib.auth.management.commands import changepassword

from accounts.models import User


class Command(changepassword.Command):
    help = changepassword.Command.help + " The user must choose their own password at the next login."

    def handle(self, *args, **options):
        result = super().handle(*args, **options)  # raises CommandError when nothing was set
        username = options["username"] or getpass.getuser()
        User.objects.using(options["database"]).filter(username=username).update(must_change_password=True)
        return result + "; it is temporary: they choose their own at the next login"
