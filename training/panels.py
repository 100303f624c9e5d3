"""Training in the top bar."""

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("nav", order=95)
def nav_training(request) -> str:
    if access.county_code(request.user) is None:
        return ""
    return panels.nav_link("training_home", _("Training"), more=True)
