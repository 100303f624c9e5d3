from django.utils.translation import gettext as _

from alerts import kinds

ENROLLED = "afterschool_enrolled"


def _text(alert) -> str:
    return _("%(name)s joined the after-school class %(class)s.") % {
        "name": kinds.child_name(alert),
        "class": alert.params.get("class", ""),
    }


kinds.register(ENROLLED, "After-school class", _text)
