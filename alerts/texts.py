"""What an alert says, in the reader's language, built when it is shown."""

from django.utils.translation import gettext as _

from .models import Alert

K = Alert.Kind


def alert_text(alert: Alert) -> str:
    name = alert.child.name if alert.child_id else ""
    p = alert.params
    if alert.kind == K.NEW_RED:
        return _("%(name)s is now red (act now): %(reasons)s") % {"name": name, "reasons": p.get("reasons", "")}
    if alert.kind == K.OVERDUE_VISIT:
        return _("%(name)s: visit overdue since %(due)s.") % {"name": name, "due": p.get("due", "")}
    if alert.kind == K.CONTACT_LAPSED:
        return _("%(name)s: no recorded contact with a parent for %(days)s days (the law expects weekly contact).") \
            % {"name": name, "days": p.get("days", "?")}
    if alert.kind == K.SUPERVISOR_COMMENT:
        return _("%(author)s commented on your visit to %(name)s: %(text)s") % {
            "author": p.get("author", ""), "name": name, "text": p.get("text", "")}
    if alert.kind == K.UNDER16_WITHOUT_GUARDIAN:
        return _("%(name)s is under 16 and lives without a guardian. This must be reported and resolved now.") \
            % {"name": name}
    if alert.kind == K.UNDER8_UNATTENDED:
        return _("%(name)s is under 8 and was left unattended (MPL Art. 21).") % {"name": name}
    if alert.kind == K.NO_CAREGIVER:
        return _("%(name)s: both parents are away and no entrusted caregiver is recorded.") % {"name": name}
    return p.get("text", "")
