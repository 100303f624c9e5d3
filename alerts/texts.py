"""What an alert says, in the reader's language, built when it is shown."""

from django.utils.translation import gettext as _

from referrals.models import Referral, Service
from reports.models import MandatoryReport

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
    if alert.kind == K.REPORT_FEEDBACK_OVERDUE:
        if p.get("level") == "county":
            return _("%(name)s: the mandatory report made on %(reported)s to %(body)s has had no feedback for "
                     "%(days)s days after it was due (%(due)s). Please follow it up with the receiving body "
                     "(MPL Art. 11(3)).") % {"name": name, "reported": p.get("reported", ""),
                                              "body": p.get("body", ""), "days": p.get("days", "?"),
                                              "due": p.get("due", "")}
        return _("%(name)s: no feedback yet on the mandatory report made on %(reported)s to %(body)s; it was due "
                 "%(due)s. Ask the receiving body for the outcome (MPL Art. 11(3)).") % {
            "name": name, "reported": p.get("reported", ""), "body": p.get("body", ""), "due": p.get("due", "")}
    if alert.kind == K.REFERRAL_NEW:
        return _("New referral: %(name)s needs %(service)s (%(urgency)s).") % {
            "name": name, "service": _label(Service, p.get("service")),
            "urgency": _label(Referral.Urgency, p.get("urgency"))}
    if alert.kind in (K.REFERRAL_ACCEPTED, K.REFERRAL_DECLINED, K.REFERRAL_IN_PROGRESS, K.REFERRAL_COMPLETED):
        return _("%(org)s: referral of %(name)s %(status)s.") % {
            "org": p.get("organisation", ""), "name": name, "status": alert.get_kind_display()} + (
            " " + p["note"] if p.get("note") else "")
    if alert.kind == K.REFERRAL_OVERDUE:
        return _("%(org)s has not answered the referral of %(name)s in time.") % {
            "org": p.get("organisation", ""), "name": name}
    if alert.kind == K.REPORT_FILED:
        return _("%(filer)s filed a mandatory report on %(name)s to %(body)s (%(channel)s).") % {
            "filer": p.get("filer", ""), "name": name, "body": p.get("body", ""),
            "channel": _label(MandatoryReport.Channel, p.get("channel"))}
    if alert.kind == K.TRUANCY:
        return _("%(name)s: %(count)s unexcused absences from %(school)s in the last %(days)s days.") % {
            "name": name, "count": p.get("count", "?"), "school": p.get("school", ""), "days": p.get("days", 30)}
    if alert.kind == K.DROPOUT:
        text = _("%(school)s reports that %(name)s has dropped out of school (last day %(date)s): %(reason)s") % {
            "school": p.get("school", ""), "name": name, "date": p.get("date", ""), "reason": p.get("reason", "")}
        if p.get("bureau"):
            return text + " " + _("A return-to-school referral was sent to %(bureau)s.") % {"bureau": p["bureau"]}
        return text + " " + _("No education bureau is in the partner directory, so no referral was sent: "
                              "the county must add it.")
    if alert.kind == K.CASE_PLAN_SUBMITTED:
        return _("%(author)s submitted the case plan for %(name)s for your approval.") % {
            "author": p.get("author", ""), "name": name}
    if alert.kind == K.CASE_PLAN_APPROVED:
        return _("%(by)s approved the case plan for %(name)s.") % {"by": p.get("by", ""), "name": name} + (
            " " + p["note"] if p.get("note") else "")
    if alert.kind == K.CASE_PLAN_RETURNED:
        return _("%(by)s returned the case plan for %(name)s for changes: %(note)s") % {
            "by": p.get("by", ""), "name": name, "note": p.get("note", "")}
    if alert.kind == K.CASE_ACTION_OVERDUE:
        return _('%(name)s: the case-plan action "%(action)s" was due on %(due)s.') % {
            "name": name, "action": p.get("action", ""), "due": p.get("due", "")}
    if alert.kind == K.CASE_REVIEW_DUE:
        return _("%(name)s: the case-plan review was due on %(due)s.") % {"name": name, "due": p.get("due", "")}
    return p.get("text", "")


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else ""


def alert_link(alert: Alert, user) -> str:
    """Where an alert leads: the referral or report it is about, else the child's file.

    Partner staff never see a child's file, so their alerts lead only to referrals and reports."""
    from django.urls import reverse

    p = alert.params
    if p.get("referral"):
        return reverse("referral_detail", args=[p["referral"]])
    if p.get("report"):
        return reverse("report_detail", args=[p["report"]])
    if p.get("plan") and alert.child_id and user.role != user.Role.PARTNER:
        return reverse("case_plan_detail", args=[p["plan"]])
    if alert.child_id and user.role != user.Role.PARTNER:
        return reverse("child_detail", args=[alert.child.uuid])
    return ""
