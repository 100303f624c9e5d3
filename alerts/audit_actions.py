"""The inbox names children (audit.reads); the reason is the alert sent to the reader."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason

register_page("inbox", _("Inbox"))
register_reason("alert", lambda keys: {key: gettext("An alert sent to them") for key in keys})
