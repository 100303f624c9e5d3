"""Multi-agency case conferences (要保护儿童 councils): a county's council of agencies meets on a
child under a shared duty of confidentiality, each agency owning its actions until follow-up ends."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Case conferences")
