"""The visit pages that show a child's data, named on the "who looked" page (audit.reads)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page

register_page("visits", _("Visits list"))
register_page("visit", _("Visit"))
register_page("visit_form", _("Visit form"))
register_page("contact_form", _("Parent contact form"))
