from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import User


class TemporaryPasswordMixin:
    """A password an administrator sets for someone else is temporary: the user must choose their
    own at the next login (User.must_change_password, accounts.passwords). Disabling password
    login leaves nothing to change."""

    def set_password_and_save(self, user, commit=True, **kwargs):
        user.must_change_password = self.cleaned_data["set_usable_password"]
        return super().set_password_and_save(user, commit=commit, **kwargs)


class TemporaryPasswordCreationForm(TemporaryPasswordMixin, AdminUserCreationForm):
    pass


class TemporaryPasswordChangeForm(TemporaryPasswordMixin, AdminPasswordChangeForm):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = TemporaryPasswordCreationForm
    change_password_form = TemporaryPasswordChangeForm
    list_display = ["username", "full_name", "role", "division", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "division__name"]
    autocomplete_fields = ["division", "organisation"]
    readonly_fields = ["must_change_password"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Shouhu"), {"fields": ["role", "division", "organisation", "full_name", "phone", "must_change_password"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Shouhu"), {"fields": ["role", "division", "organisation", "full_name"]}),
    ]

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and str(request.user.pk) == unquote(id):
                # An administrator who sets their own password here chose it: it is not temporary.
                # (A user with a temporary password cannot reach the admin: the change page comes first.)
                User.objects.filter(pk=request.user.pk).update(must_change_password=False)
        return response
