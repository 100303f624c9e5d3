"""Dashboard pages that list children, named on the "who looked" page (audit.reads)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page

register_page("today", _("Today"))
register_page("followup", _("Follow-up page"))
