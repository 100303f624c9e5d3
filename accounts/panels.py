"""The accounts app's part of other pages (see core.panels)."""

from django.utils.translation import gettext as _

from core import panels


@panels.register("nav", order=100)
def account_link(request):
    """The user's own login settings (password, two-factor, recovery codes); folds under the menu
    button on a phone, beside logging out."""
    return panels.nav_link("account", _("My account"), more=True)
