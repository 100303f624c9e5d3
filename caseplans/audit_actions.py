"""Case plan pages that show a child's data, named on the "who looked" page (audit.reads)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page

register_page("plan", _("Case plan"))
register_page("plan_form", _("Case plan form"))
register_page("plan_schedule", _("Case plan actions and reviews due"))
